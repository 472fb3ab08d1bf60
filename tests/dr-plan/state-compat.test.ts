/**
 * State written before the timing outputs existed: an unchanged declaration stays a "same" step
 * (no diff, no replace, no request that restores), and a refresh of a restore already READY
 * never invents a readyAt for it (it was ready long before that refresh looked).
 */
import { startEmulator, type Emulator } from "../../emulator";
import { unwrapSecrets } from "../../local-engine/engine";
import { cloudBackupRestoreJobProvider } from "../../provider/resource/provider-shim";
import { CLOUD_BACKUP_RESTORE_JOB_TYPE, openPluginSession, RESTORE_JOB_TYPE, serializedProvider, type PluginSession } from "../helpers/plugin-session";
import { acceptedPosts } from "./log-analysis";
import { IDS } from "./plans";

const TIMING_KEYS = ["requestedAt", "readyAt", "restorePointTime", "parts"];
let emulator: Emulator;
let s: PluginSession;
let cloudProviderText: string;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 20 });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
  cloudProviderText = await serializedProvider(cloudBackupRestoreJobProvider);
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});

const declarations = (): Record<string, Record<string, unknown>> => ({
  [RESTORE_JOB_TYPE]: { __provider: s.providerText, projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drOrders0.name } },
  [CLOUD_BACKUP_RESTORE_JOB_TYPE]: { __provider: cloudProviderText, projectId: IDS.projectId, clusterName: IDS.cloudReplicaSet0.name, deliveryType: "automated", snapshotId: IDS.cloudReplicaSet0.latestSnapshotId, targetProjectId: IDS.drProjectId, targetClusterName: IDS.drCloudReplicaSet0.name },
});

test.each([RESTORE_JOB_TYPE, CLOUD_BACKUP_RESTORE_JOB_TYPE])("%s: old state without timing outputs is no diff, and a refresh keeps readyAt unknown", async (type) => {
  const inputs = declarations()[type];
  const created = await s.engine.register(type, "compat", inputs);
  const outs = unwrapSecrets(created.outputs);
  expect(outs).toMatchObject({ requestedAt: expect.any(String), readyAt: expect.any(String), parts: expect.any(Array) });

  // As an older version of the provider stored it.
  const old = s.state.resources[created.urn];
  for (const k of TIMING_KEYS) delete (old.outputs as Record<string, unknown>)[k];
  const diff = await s.plugin.diff(created.urn, old.id, old.outputs, (await s.plugin.check(created.urn, old.inputs, inputs)).inputs);
  expect(diff).toMatchObject({ changes: "none", replaces: [] });
  const posts = acceptedPosts(emulator);
  const steps = s.engine.steps.length;
  await s.engine.register(type, "compat", inputs);
  expect(s.engine.steps.slice(steps).map((x) => x.kind)).toEqual(["same"]);

  await s.engine.refresh();
  const refreshed = unwrapSecrets(s.state.resources[created.urn].outputs);
  expect(refreshed.readyAt).toBe(type === CLOUD_BACKUP_RESTORE_JOB_TYPE ? outs.readyAt : undefined); // Cloud Backup: Atlas's own finishedAt
  expect(refreshed.parts).toHaveLength(1);
  expect(acceptedPosts(emulator)).toBe(posts);
  delete s.state.resources[created.urn];
});

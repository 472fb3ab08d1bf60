/**
 * The legacy RestoreJob's `snapshot` selector and `trigger`, through the plugin path against the
 * emulator: resolved once at create from the legacy snapshots list, pinned across a new snapshot
 * (0 POSTs), restored again only when `trigger` changes (1 POST).
 */
import { startEmulator, type Emulator } from "../../emulator";
import { unwrapSecrets } from "../../local-engine/engine";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { acceptedPosts, apiRequests, automatedReplicaSet, IDS } from "./helpers";

let emulator: Emulator;
let s: PluginSession;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 10 });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});

const selected = (extra: Record<string, unknown> = {}) => automatedReplicaSet(s.providerText, { snapshotId: undefined, snapshot: { latest: true }, trigger: "drill-1", ...extra });

test("bad selectors and two restore points fail Check with no request", async () => {
  const before = apiRequests(emulator);
  const urn = s.engine.urnOf(RESTORE_JOB_TYPE, "bad");
  const two = await s.plugin.check(urn, {}, selected({ snapshotId: IDS.replicaSet0.snapshotId }));
  expect(two.failures).toEqual([{ property: "snapshotId", reason: expect.stringMatching(/snapshotId and snapshot are both set/) }]);
  const bad = await s.plugin.check(urn, {}, selected({ snapshot: { latestBefore: 5 } }));
  expect(bad.failures).toEqual([{ property: "snapshot", reason: expect.stringMatching(/\{ latest: true \} or \{ latestBefore/) }]);
  expect(apiRequests(emulator)).toBe(before);
});

test("resolved once at create; a newer snapshot changes nothing (0 POSTs); a new trigger restores once (1 POST)", async () => {
  const first = await s.engine.register(RESTORE_JOB_TYPE, "selected", selected());
  const out = unwrapSecrets(first.outputs) as Record<string, unknown>;
  expect(out).toMatchObject({ status: "READY", resolvedSnapshotId: IDS.replicaSet0.snapshotId, snapshot: { latest: true } });
  expect(emulator.jobs({ clusterName: IDS.replicaSet0.name }).at(-1)?.snapshotId).toBe(IDS.replicaSet0.snapshotId);

  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  emulator.addSnapshot(IDS.projectId, IDS.replicaSet0.name, { id: "6b9a100987d9d61443b4b009", created: now, timestamp: { date: now, increment: 1 } });
  const posts = acceptedPosts(emulator);
  const again = await s.engine.register(RESTORE_JOB_TYPE, "selected", selected());
  expect(acceptedPosts(emulator) - posts).toBe(0);
  expect(s.engine.steps.at(-1)?.kind).toBe("same");
  expect((unwrapSecrets(again.outputs) as Record<string, unknown>).resolvedSnapshotId).toBe(IDS.replicaSet0.snapshotId);

  const next = await s.engine.register(RESTORE_JOB_TYPE, "selected", selected({ trigger: "drill-2" }));
  expect(acceptedPosts(emulator) - posts).toBe(1);
  expect(s.engine.steps.at(-1)?.kind).toBe("replace");
  expect((unwrapSecrets(next.outputs) as Record<string, unknown>).resolvedSnapshotId).toBe("6b9a100987d9d61443b4b009");
});

test("latestBefore picks the newest complete snapshot taken before the time", async () => {
  const r = await s.engine.register(RESTORE_JOB_TYPE, "before", selected({ snapshot: { latestBefore: "2018-01-25T12:00:00Z" }, delivery: { methodName: "HTTP" } }));
  expect((unwrapSecrets(r.outputs) as Record<string, unknown>).resolvedSnapshotId).toBe(IDS.replicaSet0.olderSnapshotId);
});

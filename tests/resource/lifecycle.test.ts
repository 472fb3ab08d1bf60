/**
 * The RestoreJob lifecycle through the real plugin path: the provider serialized exactly as
 * `pulumi.dynamic.Resource` does, run inside the SDK's dynamic-provider plugin process over gRPC,
 * against the emulator over HTTP with digest auth. The LocalEngine makes the step decisions
 * `pulumi up` / `refresh` / `destroy` make.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { ResourceInitError } from "../../local-engine/plugin";
import { unwrapSecrets } from "../../local-engine/engine";
import { openPluginSession, RESTORE_JOB_TYPE, waitForLog, type PluginSession } from "../helpers/plugin-session";
import { acceptedPosts, apiRequests, automatedReplicaSet, httpSeed, IDS } from "./helpers";

let emulator: Emulator;
let s: PluginSession;
beforeAll(async () => {
  // timeScale 10: the emulator's default 20 s restore takes 2 real seconds.
  emulator = await startEmulator({ timeScale: 10 });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});
beforeEach(() => {
  s.state.resources = {};
  emulator.faults.clear();
});

const urn = (name: string) => s.engine.urnOf(RESTORE_JOB_TYPE, name);

describe("Check", () => {
  test("valid inputs pass with defaults; invalid ones fail on the right property; no request either way", async () => {
    const before = apiRequests(emulator);
    const ok = await s.plugin.check(urn("a"), {}, httpSeed(s.providerText));
    expect(ok.failures).toEqual([]);
    expect(ok.inputs).toMatchObject({ waitFor: "ready", waitTimeoutMinutes: 240, __provider: s.providerText });
    const bad = await s.plugin.check(urn("a"), {}, httpSeed(s.providerText, { snapshotId: undefined, oplogTs: Math.floor(Date.now() / 1000) - 60 }));
    expect(bad.failures).toEqual(
      expect.arrayContaining([
        { property: "oplogInc", reason: expect.stringMatching(/needs oplogInc/) },
        { property: "oplogTs", reason: expect.stringMatching(/AUTOMATED_RESTORE/) },
      ]),
    );
    expect(apiRequests(emulator)).toBe(before);
  });
});

describe("preview", () => {
  test("unknown values (not yet computed) pass Check and show as a replacement in Diff, with no request", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const before = apiRequests(emulator);
    const checked = await s.plugin.check(urn("p"), {}, httpSeed(s.providerText, { snapshotId: unknown }));
    expect(checked.failures).toEqual([]);
    const olds = { ...httpSeed(s.providerText), waitFor: "ready", waitTimeoutMinutes: 240, status: "READY" };
    const d = await s.plugin.diff(urn("p"), `${IDS.projectId}/Cluster0/5a69049d87d9d62a94d01adc`, olds, { ...olds, snapshotId: unknown });
    expect(d).toMatchObject({ changes: "some", replaces: ["snapshotId"] });
    expect(apiRequests(emulator)).toBe(before);
  });
});

describe("Create", () => {
  test("sharded cluster over HTTP: one POST, one batch of 3 parts, ready URLs as secrets", async () => {
    const posts = acceptedPosts(emulator);
    const r = await s.engine.register(RESTORE_JOB_TYPE, "sharded-http", httpSeed(s.providerText));
    expect(acceptedPosts(emulator) - posts).toBe(1);
    const out = unwrapSecrets(r.outputs) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(r.id).toBe(`${IDS.projectId}/Cluster0/${out.batchId}`);
    expect(out).toMatchObject({ status: "READY", jobIds: expect.any(Array), createdAt: expect.any(String), expiresAt: expect.any(String) });
    expect(out.jobs).toHaveLength(3);
    expect(out.jobs.map((j: any) => j.delivery.statusName)).toEqual(["READY", "READY", "READY"]); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.deliveryUrls).toHaveLength(3);
    // Secrets are wire-format secrets in what the plugin returned (the engine stores them encrypted).
    expect(r.outputs.deliveryUrls).toHaveProperty(["4dabf18193072939515e22adb298388d"]);
    expect((r.outputs.jobs as any)[0].delivery.url).toHaveProperty("value"); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect((r.outputs.jobs as any)[0].delivery.statusName).toBe("READY"); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(r.outputs.__provider).toBe(s.providerText);
    expect(await waitForLog(s.logs, /3\/3 parts ready \[READY\]/)).toBeDefined();
  });

  test("replica set over HTTP: one job, no batchId, id is the job id", async () => {
    const r = await s.engine.register(RESTORE_JOB_TYPE, "rs-http", httpSeed(s.providerText, { clusterName: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.snapshotId }));
    const out = unwrapSecrets(r.outputs);
    expect(out.batchId).toBeUndefined();
    expect(out.jobIds).toHaveLength(1);
    expect(r.id).toBe(`${IDS.projectId}/ReplicaSet0/${(out.jobIds as string[])[0]}`);
    expect(out.status).toBe("READY");
  });

  test("automated restore of a replica set into the DR cluster waits until FINISHED", async () => {
    const r = await s.engine.register(RESTORE_JOB_TYPE, "rs-auto", automatedReplicaSet(s.providerText));
    const out = unwrapSecrets(r.outputs) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.status).toBe("READY");
    expect(out.jobs[0]).toMatchObject({ statusName: "FINISHED", delivery: { targetGroupId: IDS.drProjectId, targetClusterName: "DrReplicaSet0" } });
  });

  test('waitFor "none" returns as soon as Atlas accepted the job', async () => {
    const r = await s.engine.register(RESTORE_JOB_TYPE, "nowait", httpSeed(s.providerText, { waitFor: "none" }));
    expect(unwrapSecrets(r.outputs).status).toBe("IN_PROGRESS");
  });

  test("an error before the job exists (unknown snapshot) records nothing and says which id is unknown", async () => {
    const err = await s.engine.register(RESTORE_JOB_TYPE, "bad-snap", httpSeed(s.providerText, { snapshotId: "5a681ff180eef54e09de2000" })).catch((e) => e);
    expect(err).not.toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/SNAPSHOT_NOT_FOUND/);
    expect(s.state.resources[urn("bad-snap")]).toBeUndefined();
  });
});

describe("Diff, Update, Read, Delete", () => {
  test("no change → same step, no request; wait-only change → update, no POST; restore-point change → replace", async () => {
    const inputs = httpSeed(s.providerText, { waitFor: "none" });
    const created = await s.engine.register(RESTORE_JOB_TYPE, "life", inputs);
    const posts = acceptedPosts(emulator);

    const before = apiRequests(emulator);
    await s.engine.register(RESTORE_JOB_TYPE, "life", inputs);
    expect(s.engine.steps.at(-1)).toMatchObject({ kind: "same", id: created.id });
    expect(apiRequests(emulator)).toBe(before);

    const d = await s.plugin.diff(urn("life"), created.id, unwrapSecrets(created.outputs), { ...inputs, waitFor: "ready", waitTimeoutMinutes: 240 });
    expect(d).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const updated = await s.engine.register(RESTORE_JOB_TYPE, "life", { ...inputs, waitFor: "ready" });
    expect(s.engine.steps.at(-1)).toMatchObject({ kind: "update", id: created.id });
    expect(unwrapSecrets(updated.outputs).status).toBe("READY");
    expect(acceptedPosts(emulator)).toBe(posts);

    const d2 = await s.plugin.diff(urn("life"), created.id, unwrapSecrets(updated.outputs), { ...inputs, snapshotId: IDS.replicaSet0.olderSnapshotId });
    expect(d2).toMatchObject({ changes: "some", replaces: ["snapshotId"] });
  });

  test("Read (refresh) returns fresh statuses; RestoreJob.get reads by id alone", async () => {
    const created = await s.engine.register(RESTORE_JOB_TYPE, "refresh-me", httpSeed(s.providerText, { waitFor: "none" }));
    expect(unwrapSecrets(created.outputs).status).toBe("IN_PROGRESS");
    await new Promise((r) => setTimeout(r, 2_500));
    await s.engine.refresh();
    expect(unwrapSecrets(s.state.resources[urn("refresh-me")].outputs).status).toBe("READY");

    const got = await s.engine.register(RESTORE_JOB_TYPE, "got", { __provider: s.providerText }, { id: created.id });
    const out = unwrapSecrets(got.outputs) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out).toMatchObject({ projectId: IDS.projectId, clusterName: "Cluster0", adopt: out.batchId, status: "READY" });
    expect(out.jobIds).toEqual(unwrapSecrets(created.outputs).jobIds);
  });

  test("Delete never fails and says the job stays in the restore history", async () => {
    await s.engine.register(RESTORE_JOB_TYPE, "gone", httpSeed(s.providerText, { waitFor: "none" }));
    await s.engine.destroy();
    expect(s.state.resources).toEqual({});
    expect(await waitForLog(s.logs, /stays in the project's restore history/)).toBeDefined();
  });

  test("adopt takes over an existing restore without a POST", async () => {
    const first = await s.engine.register(RESTORE_JOB_TYPE, "orig", httpSeed(s.providerText, { waitFor: "none" }));
    const batchId = unwrapSecrets(first.outputs).batchId as string;
    const posts = acceptedPosts(emulator);
    const adopted = await s.engine.register(RESTORE_JOB_TYPE, "adopted", { __provider: s.providerText, projectId: IDS.projectId, clusterName: "Cluster0", adopt: batchId, delivery: { methodName: "HTTP" } });
    expect(adopted.id).toBe(first.id);
    expect(acceptedPosts(emulator)).toBe(posts);
  });
});

describe("exactly one restore per intent", () => {
  test("a failed restore is recorded in state (with __provider); the next up does not start another", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { outcome: "BROKEN" });
    const inputs = automatedReplicaSet(s.providerText, { clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drOrders0.name } });
    const posts = acceptedPosts(emulator);
    const err = await s.engine.register(RESTORE_JOB_TYPE, "broken", inputs).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/BROKEN.*recorded in state.*--replace/s);
    const stored = s.state.resources[urn("broken")];
    expect(stored.id).toBe(err.id);
    expect(stored.outputs).toMatchObject({ status: "FAILED", __provider: s.providerText });
    expect(stored.initErrors).toHaveLength(1);

    const again = await s.engine.register(RESTORE_JOB_TYPE, "broken", inputs).catch((e) => e);
    expect(again).toBeInstanceOf(ResourceInitError);
    expect(s.engine.steps.at(-1)).toMatchObject({ kind: "update", id: stored.id });
    expect(acceptedPosts(emulator) - posts).toBe(1);
    emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { outcome: "FINISHED" });
  });

  test("after a refresh (which drops init errors, as the real engine does) a failed restore still fails the next up; no second POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { outcome: "BROKEN" });
    const inputs = automatedReplicaSet(s.providerText, { clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drOrders0.name } });
    const posts = acceptedPosts(emulator);
    await s.engine.register(RESTORE_JOB_TYPE, "broken-refreshed", inputs).catch((e) => e);
    await s.engine.refresh();
    const refreshed = s.state.resources[urn("broken-refreshed")];
    expect(refreshed.initErrors).toBeUndefined();
    expect(unwrapSecrets(refreshed.outputs).status).toBe("FAILED");

    const again = await s.engine.register(RESTORE_JOB_TYPE, "broken-refreshed", inputs).catch((e) => e);
    expect(again).toBeInstanceOf(ResourceInitError);
    expect(again.message).toMatch(/BROKEN/);
    expect(s.engine.steps.at(-1)).toMatchObject({ kind: "update", id: refreshed.id });
    expect(await waitForLog(s.logs, /stored as FAILED: re-reading it to report the failure/)).toBeDefined();
    expect(acceptedPosts(emulator) - posts).toBe(1);
    emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { outcome: "FINISHED" });
  });

  test("a wait timeout keeps the running job in state; the next up resumes waiting, no second POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.cluster0.name, { jobDurationMs: 60_000 }); // 6 real seconds
    const posts = acceptedPosts(emulator);
    const err = await s.engine.register(RESTORE_JOB_TYPE, "slow", httpSeed(s.providerText, { waitTimeoutMinutes: 0.03 })).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/not ready after .* minutes.*resumes waiting/s);
    expect(s.state.resources[urn("slow")].outputs.status).toBe("IN_PROGRESS");

    const resumed = await s.engine.register(RESTORE_JOB_TYPE, "slow", httpSeed(s.providerText, { waitTimeoutMinutes: 5 }));
    expect(resumed.id).toBe(err.id);
    expect(unwrapSecrets(resumed.outputs).status).toBe("READY");
    expect(acceptedPosts(emulator) - posts).toBe(1);
    emulator.setRestoreBehaviour(IDS.projectId, IDS.cluster0.name, { jobDurationMs: 20_000 });
  });

  test("a POST whose response is lost is reconciled: exactly one job exists and it is the one in state", async () => {
    const posts = acceptedPosts(emulator);
    const jobsBefore = emulator.jobs({ clusterName: IDS.replicaSet0.name }).length;
    emulator.faults.dropNextResponse({ method: "POST" });
    const r = await s.engine.register(RESTORE_JOB_TYPE, "lost", automatedReplicaSet(s.providerText));
    const jobsAfter = emulator.jobs({ clusterName: IDS.replicaSet0.name });
    expect(jobsAfter.length - jobsBefore).toBe(1);
    expect(acceptedPosts(emulator) - posts).toBe(1);
    expect(unwrapSecrets(r.outputs).jobIds).toEqual([jobsAfter.at(-1)!.id]);
    expect(await waitForLog(s.logs, /outcome is unknown/)).toBeDefined();
  });
});

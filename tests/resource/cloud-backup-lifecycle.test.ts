/**
 * CloudBackupRestoreJob through the real plugin path (the provider serialized as
 * `pulumi.dynamic.Resource` does, run in the SDK's dynamic-provider plugin over gRPC) against the
 * emulator's v2 Cloud Backup API over HTTP with digest auth; the LocalEngine makes the step
 * decisions of `pulumi up` / `refresh` / `destroy`.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { unwrapSecrets } from "../../local-engine/engine";
import { cloudBackupRestoreJobProvider } from "../../provider/resource/provider-shim";
import { CLOUD_BACKUP_RESTORE_JOB_TYPE as TYPE, openPluginSession, waitForLog, type PluginSession } from "../helpers/plugin-session";
import { IDS } from "./helpers";

type Out = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience

let emulator: Emulator;
let s: PluginSession;
beforeAll(async () => {
  // timeScale 10: the default 20 s restore takes 2 real seconds.
  emulator = await startEmulator({ timeScale: 10 });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey, provider: cloudBackupRestoreJobProvider });
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});
beforeEach(() => {
  s.state.resources = {};
  emulator.faults.clear();
});

const v2 = (method: string, tail: RegExp) =>
  emulator.requestLog.filter((e) => e.method === method && e.authenticated && e.path.startsWith("/api/atlas/v2/") && tail.test(e.path));
/** Restore POSTs the emulator acted on (200, or committed with the answer dropped). */
const posts = () => v2("POST", /\/backup\/restoreJobs$/).filter((e) => e.status === 200 || e.fault === "dropNextResponse").length;
const apiRequests = () => emulator.requestLog.filter((e) => e.path.startsWith("/api/")).length;
const urn = (name: string) => s.engine.urnOf(TYPE, name);
const out = (r: { outputs: Record<string, unknown> }) => unwrapSecrets(r.outputs) as Out;

const download = (extra: Record<string, unknown> = {}) => ({
  __provider: s.providerText,
  projectId: IDS.projectId,
  clusterName: IDS.cloudReplicaSet0.name,
  deliveryType: "download",
  snapshotId: IDS.cloudReplicaSet0.latestSnapshotId,
  ...extra,
});
/** Each automated test restores into its own target, so no test waits on another's. */
const automated = (target: string, extra: Record<string, unknown> = {}) => ({
  __provider: s.providerText,
  projectId: IDS.projectId,
  clusterName: IDS.cloudReplicaSet0.name,
  deliveryType: "automated",
  snapshot: { latest: true },
  targetProjectId: IDS.drProjectId,
  targetClusterName: target,
  ...extra,
});
let targets = 0;
function newTarget(): string {
  const name = `DrCloudTarget${++targets}`;
  emulator.addCluster(IDS.drProjectId, { name, id: `6d72ec0f87d9d61443b4d${String(targets).padStart(3, "0")}`, type: "REPLICA_SET", backup: "cloud" });
  return name;
}

describe("Check (no request for a failing check)", () => {
  test.each([
    ["PIT in milliseconds", { deliveryType: "pointInTime", snapshotId: undefined, pointInTimeUTCSeconds: 1_767_500_000_000, targetProjectId: IDS.drProjectId, targetClusterName: "Dr0" }, "pointInTimeUTCSeconds", /looks like milliseconds: Cloud Backup takes SECONDS/],
    ["a download with a target", { targetProjectId: IDS.drProjectId }, "targetProjectId", /only applies to automated and pointInTime/],
    ["automated without a target", { deliveryType: "automated" }, "targetProjectId", /needs targetProjectId/],
    ["two restore points", { snapshot: { latest: true } }, "snapshotId", /only one restore point.*snapshotId and snapshot/],
    ["no restore point", { snapshotId: undefined }, "snapshotId", /needs a restore point/],
    ["a bad selector", { snapshotId: undefined, snapshot: { newest: true } }, "snapshot", /\{ latest: true \} or \{ latestBefore/],
    ["a bad selector time", { snapshotId: undefined, snapshot: { latestBefore: "yesterday" } }, "snapshot", /ISO-8601/],
    ["a legacy input", { delivery: { methodName: "HTTP" } }, "delivery", /Unknown input "delivery"/],
    ["an unknown deliveryType", { deliveryType: "HTTP" }, "deliveryType", /"download".*"automated".*"pointInTime"/],
    ["oplogTs without oplogInc", { deliveryType: "pointInTime", snapshotId: undefined, oplogTs: 1_767_500_000, targetProjectId: IDS.drProjectId, targetClusterName: "Dr0" }, "oplogInc", /needs oplogInc/],
  ])("%s fails on %s", async (_what, extra, property, reason) => {
    const before = apiRequests();
    const r = await s.plugin.check(urn("bad"), {}, download(extra));
    expect(r.failures).toEqual(expect.arrayContaining([{ property: expect.stringMatching(new RegExp(`^${property}`)), reason: expect.stringMatching(reason) }]));
    expect(apiRequests()).toBe(before);
  });

  test("valid inputs pass with the wait defaults", async () => {
    const r = await s.plugin.check(urn("ok"), {}, download());
    expect(r).toEqual({ failures: [], inputs: expect.objectContaining({ waitFor: "ready", waitTimeoutMinutes: 240 }) });
  });
});

describe("create → ready", () => {
  test("download, replica set: one POST, READY, the URL keyed by cluster and secret", async () => {
    const before = posts();
    const r = await s.engine.register(TYPE, "dl-rs", download());
    expect(posts() - before).toBe(1);
    const o = out(r);
    expect(r.id).toBe(`${IDS.projectId}/${IDS.cloudReplicaSet0.name}/${o.jobId}`);
    expect(o).toMatchObject({ status: "READY", resolvedSnapshotId: IDS.cloudReplicaSet0.latestSnapshotId, restorePointTime: "2026-01-03T06:00:00Z", expiresAt: expect.any(String) });
    expect(Object.keys(o.deliveryUrls)).toEqual([IDS.cloudReplicaSet0.name]);
    expect(r.outputs.deliveryUrls).toHaveProperty(["4dabf18193072939515e22adb298388d"]);
    expect(o).not.toHaveProperty("finishedAt");
    await s.engine.destroy();
  });

  test("download, sharded: one URL per shard and config server, polled with one GET each time", async () => {
    const r = await s.engine.register(TYPE, "dl-sharded", download({ clusterName: IDS.cloudCluster0.name, snapshotId: undefined, snapshot: { latest: true } }));
    const o = out(r);
    expect(o.status).toBe("READY");
    expect(o.resolvedSnapshotId).toBe(IDS.cloudCluster0.latestSnapshotId);
    // (Key order is the engine's: a protobuf Struct is a map.)
    expect(Object.keys(o.deliveryUrls).sort()).toEqual(["CloudCluster0-config-0", "CloudCluster0-shard-0", "CloudCluster0-shard-1"]);
    await s.engine.destroy();
  });

  test("automated with { latest: true }: the newest completed non-fallback snapshot, COMPLETED with finishedAt", async () => {
    const before = posts();
    const r = await s.engine.register(TYPE, "auto", automated(newTarget()));
    expect(posts() - before).toBe(1);
    const o = out(r);
    expect(o).toMatchObject({ status: "COMPLETED", resolvedSnapshotId: IDS.cloudReplicaSet0.latestSnapshotId, finishedAt: expect.any(String), deliveryUrls: {} });
    expect(o.resolvedSnapshotId).not.toBe(IDS.cloudReplicaSet0.fallbackSnapshotId);
  });

  test("point in time (seconds): COMPLETED, restorePointTime is the requested moment (inside the restore window)", async () => {
    // Atlas restores to a point only inside the cluster's restore window, from a snapshot inside it.
    const taken = new Date(Date.now() - 86_400_000).toISOString();
    emulator.addSnapshot(IDS.projectId, IDS.cloudReplicaSet0.name, { id: "6b9a1c0987d9d61443b4c109", created: taken, timestamp: { date: taken, increment: 1 } });
    const t = Math.floor(Date.now() / 1000) - 3600;
    const r = await s.engine.register(TYPE, "pit", automated(newTarget(), { deliveryType: "pointInTime", snapshot: undefined, pointInTimeUTCSeconds: t }));
    expect(out(r)).toMatchObject({ status: "COMPLETED", restorePointTime: new Date(t * 1000).toISOString(), resolvedSnapshotId: "6b9a1c0987d9d61443b4c109" });
  });
});

describe("the selector never re-triggers; trigger does", () => {
  test("a newer snapshot appears: up again is a no-op (0 POSTs); changing trigger restores once (1 POST)", async () => {
    const target = newTarget();
    const first = await s.engine.register(TYPE, "pinned", automated(target, { trigger: "drill-2026-01" }));
    const pinned = out(first).resolvedSnapshotId;
    emulator.addSnapshot(IDS.projectId, IDS.cloudReplicaSet0.name, { id: "6b9a1c0a87d9d61443b4c10a", created: new Date().toISOString(), timestamp: { date: new Date().toISOString(), increment: 1 } });
    const before = posts();
    const again = await s.engine.register(TYPE, "pinned", automated(target, { trigger: "drill-2026-01" }));
    expect(posts() - before).toBe(0);
    expect(s.engine.steps.at(-1)).toMatchObject({ kind: "same" });
    expect(out(again).resolvedSnapshotId).toBe(pinned);
    const replaced = await s.engine.register(TYPE, "pinned", automated(target, { trigger: "drill-2026-02" }));
    expect(posts() - before).toBe(1);
    expect(s.engine.steps.at(-1)).toMatchObject({ kind: "replace" });
    expect(out(replaced).resolvedSnapshotId).toBe("6b9a1c0a87d9d61443b4c10a");
  });
});

describe("destroy", () => {
  test("a download still in progress is cancelled (DELETE → 204) and says so", async () => {
    const r = await s.engine.register(TYPE, "dl-cancel", download({ snapshotId: IDS.cloudReplicaSet0.snapshotIds[0], waitFor: "none" }));
    expect(out(r).status).toBe("IN_PROGRESS");
    await s.engine.destroy();
    expect(v2("DELETE", /restoreJobs\//).filter((e) => e.status === 204).length).toBeGreaterThanOrEqual(1);
    expect(emulator.cloudJobs().find((j) => j.id === out(r).jobId)).toMatchObject({ cancelled: true });
    expect(await waitForLog(s.logs, new RegExp(`${out(r).jobId} of CloudReplicaSet0 cancelled in Atlas`))).toBeDefined();
  });

  test("an automated restore cannot be cancelled: no DELETE, destroy succeeds and says why", async () => {
    const r = await s.engine.register(TYPE, "auto-destroy", automated(newTarget(), { waitFor: "none" }));
    const deletes = v2("DELETE", /./).length;
    await s.engine.destroy();
    expect(v2("DELETE", /./).length).toBe(deletes);
    expect(s.state.resources).toEqual({});
    expect(await waitForLog(s.logs, new RegExp(`${out(r).jobId} .*cannot be cancelled in Atlas`))).toBeDefined();
  });
});

describe("exactly one POST per intent", () => {
  test("a lost POST answer is reconciled by listing: the job is adopted, not re-sent", async () => {
    emulator.faults.dropNextResponse({ method: "POST" });
    const before = posts();
    const r = await s.engine.register(TYPE, "lost", automated(newTarget()));
    expect(posts() - before).toBe(1);
    expect(out(r).status).toBe("COMPLETED");
    expect(emulator.cloudJobs().filter((j) => j.id === out(r).jobId)).toHaveLength(1);
    expect(await waitForLog(s.logs, /found the restore the lost request started/)).toBeDefined();
  });

  test("409 on a busy target: the legacy guard's clear error with the job to adopt; nothing recorded", async () => {
    const target = newTarget();
    const running = await s.engine.register(TYPE, "first", automated(target, { waitFor: "none" }));
    const before = posts();
    const e = await s.engine.register(TYPE, "second", automated(target, { snapshot: undefined, snapshotId: IDS.cloudReplicaSet0.snapshotIds[0] })).then(() => new Error("expected a failure"), (x: Error) => x);
    expect(posts() - before).toBe(0);
    expect(e.message).toMatch(/is still running.*No second restore was started.*set `adopt: "[0-9a-f]{24}"`/s);
    expect(e.message).toContain(out(running).jobId);
    expect(s.state.resources[urn("second")]).toBeUndefined();
  });

  test("adopt takes over the declared job with no POST, and refuses a job that is not the declared restore", async () => {
    const target = newTarget();
    const started = await s.engine.register(TYPE, "orig", automated(target, { waitFor: "none" }));
    const { jobId, resolvedSnapshotId } = out(started);
    s.state.resources = {};
    const before = posts();
    const adopted = await s.engine.register(TYPE, "adopted", automated(target, { snapshot: undefined, snapshotId: resolvedSnapshotId, adopt: jobId }));
    expect(posts() - before).toBe(0);
    expect(out(adopted)).toMatchObject({ jobId, status: "COMPLETED" });
    const wrong = await s.engine.register(TYPE, "wrong", automated("OtherTarget0", { snapshot: undefined, snapshotId: resolvedSnapshotId, adopt: jobId })).then(() => new Error("expected a failure"), (x: Error) => x);
    expect(wrong.message).toMatch(/not the restore this CloudBackupRestoreJob declares: targetClusterName: declared OtherTarget0, found DrCloudTarget/);
  });

  test("a fallback snapshot named explicitly is refused before any POST unless allowed", async () => {
    const before = posts();
    const e = await s.engine.register(TYPE, "fallback", download({ snapshotId: IDS.cloudReplicaSet0.fallbackSnapshotId })).then(() => new Error("expected a failure"), (x: Error) => x);
    expect(e.message).toMatch(/is a fallback snapshot.*allowFallbackSnapshot: true/);
    expect(posts() - before).toBe(0);
  });
});

describe("refresh", () => {
  test("keeps the job when the answer is not Atlas's own 'no such job' (a proxy's 404), and reads it again afterwards", async () => {
    await s.engine.register(TYPE, "refresh", download({ snapshotId: IDS.cloudReplicaSet0.snapshotIds[1] }));
    emulator.faults.failNext({ status: 404, method: "GET", errorCode: "RESOURCE_NOT_FOUND" });
    await expect(s.engine.refresh()).rejects.toThrow(/404 RESOURCE_NOT_FOUND/);
    expect(s.state.resources[urn("refresh")]).toBeDefined();
    emulator.faults.clear();
    await s.engine.refresh();
    expect(out(s.state.resources[urn("refresh")]).status).toBe("READY");
    await s.engine.destroy();
  });
});

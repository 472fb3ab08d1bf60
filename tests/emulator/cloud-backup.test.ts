/**
 * The emulator's Admin API v2 Cloud Backup surface (atlas-v2-and-auth.md §1, §6), over real
 * HTTP with digest auth, with a movable clock: versioned media type, snapshots (incl. the
 * sharded views), the derived restore-job lifecycle, cancel, limits, the token bucket, and the
 * wrong-backup-API answers.
 */
import type { Emulator } from "../../emulator";
import type { DigestTestClient, Reply } from "./helpers";
import { FIXTURE_IDS, setup } from "./helpers";

const V2 = "/api/atlas/v2";
const MEDIA = "application/vnd.atlas.2023-01-01+json";
const ID = FIXTURE_IDS;
const backup = (cluster: string, tail: string, project: string = ID.projectId) => `${V2}/groups/${project}/clusters/${cluster}/backup/${tail}`;

let emu: Emulator;
let client: DigestTestClient;
let advance: (ms: number) => void;
beforeEach(async () => {
  ({ emu, client, advance } = await setup());
});
afterEach(() => emu.close());

const call = (method: string, path: string, body?: unknown, accept = MEDIA): Promise<Reply> =>
  client.call(method, path, body, { accept, "content-type": MEDIA });
const create = (cluster: string, body: unknown) => call("POST", backup(cluster, "restoreJobs"), body);
const download = (cluster: string, snapshotId: string) => create(cluster, { deliveryType: "download", snapshotId });
const automated = (snapshotId: string, extra: Record<string, unknown> = {}) =>
  create(ID.cloudReplicaSet0.name, { deliveryType: "automated", snapshotId, targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId, ...extra });
const getJob = (cluster: string, id: string) => call("GET", backup(cluster, `restoreJobs/${id}`));

describe("versioned media type", () => {
  test("the exact version is served with the versioned content type and rate-limit headers", async () => {
    const r = await call("GET", backup(ID.cloudReplicaSet0.name, "restoreJobs"));
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe(`${MEDIA};charset=utf-8`);
    expect(r.headers["ratelimit-limit"]).toBe("1200");
    expect(Number(r.headers["ratelimit-remaining"])).toBe(1199);
  });

  test("a missing version is 406, a malformed one 400, an unknown date 406; errors are plain JSON with X-Error-Code", async () => {
    const missing = await call("GET", backup(ID.cloudReplicaSet0.name, "restoreJobs"), undefined, "application/json");
    expect(missing.status).toBe(406);
    expect(missing.body).toMatchObject({ error: 406, errorCode: "INVALID_VERSION_DATE" });
    expect(missing.headers["x-error-code"]).toBe("INVALID_VERSION_DATE");
    expect(missing.headers["content-type"]).toBe("application/json");
    const malformed = await call("GET", backup(ID.cloudReplicaSet0.name, "restoreJobs"), undefined, "application/vnd.atlas.latest+json");
    expect(malformed).toMatchObject({ status: 400, body: { errorCode: "INVALID_VERSION_DATE" } });
    const unknown = await call("GET", backup(ID.cloudReplicaSet0.name, "restoreJobs"), undefined, "application/vnd.atlas.2022-06-01+json");
    expect(unknown.status).toBe(406);
  });

  test("a later known date resolves down to 2023-01-01; deprecated adds Deprecation/Sunset; sunset is 410 VERSION_GONE", async () => {
    const later = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots"), undefined, "application/vnd.atlas.2025-03-12+json");
    expect(later.status).toBe(200);
    expect(later.headers["content-type"]).toBe(`${MEDIA};charset=utf-8`);
    emu.setV2VersionStatus("deprecated");
    const deprecated = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots"));
    expect(deprecated.headers.deprecation).toMatch(/GMT$/);
    expect(deprecated.headers.sunset).toMatch(/GMT$/);
    emu.setV2VersionStatus("sunset");
    const gone = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots"));
    expect(gone).toMatchObject({ status: 410, body: { errorCode: "VERSION_GONE" } });
  });
});

describe("snapshots", () => {
  test("replica set: newest first, fallback flagged, pointInTimeUtcSeconds picks the closest before", async () => {
    const r = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots"));
    expect(r.status).toBe(200);
    expect(r.body.totalCount).toBe(4);
    expect(r.body.results.map((s: { id: string }) => s.id)).toEqual([ID.cloudReplicaSet0.fallbackSnapshotId, ...[...ID.cloudReplicaSet0.snapshotIds].reverse()]);
    expect(r.body.results[0]).toMatchObject({ snapshotType: "fallback", status: "completed", type: "replicaSet" });
    expect(r.body.results[1]).toMatchObject({ snapshotType: "scheduled", createdAt: "2026-01-03T06:00:00Z", replicaSetName: ID.cloudReplicaSet0.name });
    const pit = Date.parse("2026-01-02T12:00:00Z") / 1000;
    const closest = await call("GET", `${backup(ID.cloudReplicaSet0.name, "snapshots")}?pointInTimeUtcSeconds=${pit}`);
    expect(closest.body.results.map((s: { id: string }) => s.id)).toEqual([ID.cloudReplicaSet0.snapshotIds[1]]);
    const one = await call("GET", backup(ID.cloudReplicaSet0.name, `snapshots/${ID.cloudReplicaSet0.snapshotIds[0]}`));
    expect(one.body).toMatchObject({ id: ID.cloudReplicaSet0.snapshotIds[0], status: "completed" });
    const none = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots/aaaaaaaaaaaaaaaaaaaaaaaa"));
    expect(none).toMatchObject({ status: 404, body: { errorCode: "SNAPSHOT_NOT_FOUND" } });
  });

  test("sharded views list members and their snapshot ids; a queued snapshot has no createdAt yet", async () => {
    const list = await call("GET", backup(ID.cloudCluster0.name, "snapshots/shardedClusters"));
    expect(list.status).toBe(200);
    expect(list.body.results).toHaveLength(4);
    const one = await call("GET", backup(ID.cloudCluster0.name, `snapshots/shardedCluster/${ID.cloudCluster0.latestSnapshotId}`));
    expect(one.body.members.map((m: { replicaSetName: string }) => m.replicaSetName)).toEqual(["CloudCluster0-shard-0", "CloudCluster0-shard-1", "CloudCluster0-config-0"]);
    expect(one.body.snapshotIds).toHaveLength(3);
    expect(one.body.configServerType).toBe("DEDICATED");
    emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: "6b9a1c0987d9d61443b4c109", created: "2026-01-09T06:00:00Z", timestamp: { date: "2026-01-09T06:00:00Z", increment: 1 }, status: "queued", frequencyType: "ondemand", snapshotType: "onDemand" });
    const queued = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots/6b9a1c0987d9d61443b4c109"));
    expect(queued.body).toMatchObject({ status: "queued", frequencyType: "ondemand" });
    expect(queued.body).not.toHaveProperty("createdAt");
    const notSharded = await call("GET", backup(ID.cloudReplicaSet0.name, "snapshots/shardedClusters"));
    expect(notSharded.body.results).toEqual([]);
  });
});

describe("restore job lifecycle", () => {
  test("download: one job (not a list), URL after prep time with expiresAt and no finishedAt, real archive, expiry", async () => {
    const created = await download(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ deliveryType: "download", cancelled: false, failed: false, expired: false, deliveryUrl: [], desiredTimestamp: { date: null, increment: null, time: null } });
    expect(created.body).not.toHaveProperty("createdAt");
    expect(created.body.timestamp).toBe("2026-01-03T06:00:00Z");
    advance(20_000);
    const ready = await getJob(ID.cloudReplicaSet0.name, created.body.id);
    expect(ready.body.deliveryUrl).toHaveLength(1);
    expect(ready.body.expiresAt).toEqual(expect.any(String));
    expect(ready.body).not.toHaveProperty("finishedAt");
    const file = await client.call("GET", new URL(ready.body.deliveryUrl[0]).pathname);
    expect(file.status).toBe(200);
    expect(file.headers["content-type"]).toBe("application/gzip");
    advance(60 * 60 * 1000);
    const expired = await getJob(ID.cloudReplicaSet0.name, created.body.id);
    expect(expired.body.expired).toBe(true);
    const list = await call("GET", backup(ID.cloudReplicaSet0.name, "restoreJobs"));
    expect(list.body).toMatchObject({ totalCount: 1, results: [{ id: created.body.id }] });
  });

  test("sharded download: per-shard components with URLs, the same URLs in deliveryUrl (what the Atlas CLI's watch waits for)", async () => {
    const created = await download(ID.cloudCluster0.name, ID.cloudCluster0.latestSnapshotId);
    advance(20_000);
    const ready = await getJob(ID.cloudCluster0.name, created.body.id);
    expect(ready.body.deliveryUrl).toEqual(ready.body.components.map((c: { downloadUrl: string }) => c.downloadUrl));
    expect(ready.body.components).toEqual([
      { replicaSetName: "CloudCluster0-shard-0", downloadUrl: expect.stringContaining("shard-0"), privateDownloadDeliveryUrls: [] },
      { replicaSetName: "CloudCluster0-shard-1", downloadUrl: expect.stringContaining("shard-1"), privateDownloadDeliveryUrls: [] },
      { replicaSetName: "CloudCluster0-config-0", downloadUrl: expect.stringContaining("config-0"), privateDownloadDeliveryUrls: [] },
    ]);
  });

  test("cancel: a download → 204 and cancelled; automated replica set → 400; automated sharded → 405", async () => {
    const dl = await download(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.snapshotIds[0]);
    const cancelled = await call("DELETE", backup(ID.cloudReplicaSet0.name, `restoreJobs/${dl.body.id}`));
    expect(cancelled.status).toBe(204);
    expect(cancelled.text).toBe("");
    advance(20_000);
    expect((await getJob(ID.cloudReplicaSet0.name, dl.body.id)).body).toMatchObject({ cancelled: true, deliveryUrl: [] });
    const again = await call("DELETE", backup(ID.cloudReplicaSet0.name, `restoreJobs/${dl.body.id}`));
    expect(again.status).toBe(204);
    const auto = await automated(ID.cloudReplicaSet0.latestSnapshotId);
    const refused = await call("DELETE", backup(ID.cloudReplicaSet0.name, `restoreJobs/${auto.body.id}`));
    expect(refused).toMatchObject({ status: 400, body: { errorCode: "CANNOT_CANCEL_AUTOMATED_RESTORE" } });
    expect(refused.headers["x-error-code"]).toBe("CANNOT_CANCEL_AUTOMATED_RESTORE");
    const sharded = await create(ID.cloudCluster0.name, { deliveryType: "automated", snapshotId: ID.cloudCluster0.latestSnapshotId, targetClusterName: ID.drCloudCluster0.name, targetGroupId: ID.drProjectId });
    expect(sharded.status).toBe(200);
    const shardCancel = await call("DELETE", backup(ID.cloudCluster0.name, `restoreJobs/${sharded.body.id}`));
    expect(shardCancel).toMatchObject({ status: 405, body: { errorCode: "ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED" } });
    const missing = await call("DELETE", backup(ID.cloudReplicaSet0.name, "restoreJobs/aaaaaaaaaaaaaaaaaaaaaaaa"));
    expect(missing).toMatchObject({ status: 404, body: { errorCode: "RESTORE_JOB_NOT_FOUND" } });
  });

  test("automated: finishedAt after the duration, undocumented targetDeploymentItemName; a busy target is 409", async () => {
    const job = await automated(ID.cloudReplicaSet0.latestSnapshotId);
    expect(job.body).toMatchObject({ targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId, targetDeploymentItemName: expect.stringMatching(/^atlas-/), deliveryUrl: [] });
    expect(job.body).not.toHaveProperty("finishedAt");
    const busy = await automated(ID.cloudReplicaSet0.snapshotIds[0]);
    expect(busy).toMatchObject({ status: 409, body: { errorCode: "ATLAS_CLUSTER_RESTORE_IN_PROGRESS" } });
    advance(20_000);
    expect((await getJob(ID.cloudReplicaSet0.name, job.body.id)).body.finishedAt).toEqual(expect.any(String));
    expect((await automated(ID.cloudReplicaSet0.snapshotIds[0])).status).toBe(200);
  });

  test("point in time: seconds, desiredTimestamp filled, no snapshot inside the window before it 404, future 400, PIT-less cluster 400", async () => {
    // The fixtures' snapshots are from January; the clock says March 1: take one inside the 7-day window.
    emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: "6b9a1c0f87d9d61443b4c10f", created: "2026-02-27T06:00:00Z", timestamp: { date: "2026-02-27T06:00:00Z", increment: 1 } });
    const t = Date.parse("2026-02-28T12:00:00Z") / 1000;
    const pit = { deliveryType: "pointInTime", targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId };
    const ok = await create(ID.cloudReplicaSet0.name, { ...pit, pointInTimeUTCSeconds: t });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ pointInTimeUTCSeconds: t, snapshotId: "6b9a1c0f87d9d61443b4c10f", desiredTimestamp: { time: t, date: "2026-02-28T12:00:00Z" } });
    advance(20_000);
    const early = await create(ID.cloudReplicaSet0.name, { ...pit, pointInTimeUTCSeconds: Date.parse("2026-02-25T00:00:00Z") / 1000 });
    expect(early).toMatchObject({ status: 404, body: { errorCode: "UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME" } });
    const future = await create(ID.cloudReplicaSet0.name, { ...pit, pointInTimeUTCSeconds: 2_000_000_000 });
    expect(future).toMatchObject({ status: 400, body: { errorCode: "INVALID_PIT_RESTORE_TIME" } });
    const noPit = await create(ID.cloudCluster0.name, { ...pit, targetClusterName: ID.drCloudCluster0.name, oplogTs: t, oplogInc: 1 });
    expect(noPit).toMatchObject({ status: 400, body: { errorCode: "INVALID_PIT_RESTORE_TIME" } });
  });
});

describe("create errors and limits", () => {
  test.each([
    [{ snapshotId: ID.cloudReplicaSet0.latestSnapshotId }, 400, "MISSING_ATTRIBUTE"],
    [{ deliveryType: "http", snapshotId: ID.cloudReplicaSet0.latestSnapshotId }, 400, "INVALID_ENUM_VALUE"],
    [{ deliveryType: "download", snapshotId: ID.cloudReplicaSet0.latestSnapshotId, cancelled: true }, 400, "INVALID_ATTRIBUTE"],
    [{ deliveryType: "download", snapshotId: "nothex" }, 400, "INVALID_ATTRIBUTE"],
    [{ deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.latestSnapshotId }, 400, "MISSING_ATTRIBUTE"],
    [{ deliveryType: "pointInTime", targetClusterName: "DrCloudReplicaSet0", targetGroupId: ID.drProjectId, pointInTimeUTCSeconds: 1_754_790_000_000 }, 400, "INVALID_ATTRIBUTE"],
    [{ deliveryType: "download", snapshotId: "aaaaaaaaaaaaaaaaaaaaaaaa" }, 404, "SNAPSHOT_NOT_FOUND"],
    [{ deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetClusterName: "Nope0", targetGroupId: ID.drProjectId }, 404, "CLUSTER_NOT_FOUND"],
    [{ deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetClusterName: ID.drCloudCluster0.name, targetGroupId: ID.drProjectId }, 409, "INVALID_RESTORE_PROCESS"],
  ])("%j → %i %s, and nothing is created", async (body, status, errorCode) => {
    const r = await create(ID.cloudReplicaSet0.name, body);
    expect(r).toMatchObject({ status, body: { error: status, errorCode } });
    expect(emu.cloudJobs()).toEqual([]);
  });

  test("one active download per snapshot, 20 per project; a fallback snapshot may be restored (Atlas allows it)", async () => {
    expect((await download(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.fallbackSnapshotId)).status).toBe(200);
    const twice = await download(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.fallbackSnapshotId);
    expect(twice).toMatchObject({ status: 400, body: { errorCode: "CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY" } });
    const ids = Array.from({ length: 19 }, (_, i) => `6b9a3c${String(i).padStart(2, "0")}87d9d61443b4c300`);
    for (const id of ids) emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id, created: "2026-01-05T06:00:00Z", timestamp: { date: "2026-01-05T06:00:00Z", increment: 1 } });
    for (const id of ids) expect((await download(ID.cloudReplicaSet0.name, id)).status).toBe(200);
    const tooMany = await download(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId);
    expect(tooMany).toMatchObject({ status: 400, body: { errorCode: "TOO_MANY_SNAPSHOT_DOWNLOADS" } });
    advance(20_000 + 60 * 60 * 1000); // every link expires: the slots free up
    expect((await download(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId)).status).toBe(200);
  });

  test("an incomplete snapshot cannot be downloaded (409)", async () => {
    emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: "6b9a1c0987d9d61443b4c109", created: "2026-01-09T06:00:00Z", timestamp: { date: "2026-01-09T06:00:00Z", increment: 1 }, status: "inProgress" });
    const r = await download(ID.cloudReplicaSet0.name, "6b9a1c0987d9d61443b4c109");
    expect(r).toMatchObject({ status: 409, body: { errorCode: "CANNOT_DOWNLOAD_INCOMPLETE_SNAPSHOT" } });
  });
});

describe("token bucket", () => {
  test("beyond capacity: 429 RATE_LIMITED_TOKEN_BUCKET with Retry-After and the documented parameters; refills over time", async () => {
    emu.setV2RateLimit({ capacity: 2, refill: 1, intervalMs: 10_000 });
    const path = backup(ID.cloudReplicaSet0.name, "restoreJobs");
    expect((await call("GET", path)).headers["ratelimit-remaining"]).toBe("1");
    expect((await call("GET", path)).headers["ratelimit-remaining"]).toBe("0");
    const limited = await call("GET", path);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ errorCode: "RATE_LIMITED_TOKEN_BUCKET", parameters: [path, 10, 2, 1, 10] });
    expect(limited.headers["retry-after"]).toBe("10");
    expect(limited.headers["x-error-code"]).toBe("RATE_LIMITED_TOKEN_BUCKET");
    advance(10_000);
    expect((await call("GET", path)).status).toBe(200);
  });
});

describe("the other backup API", () => {
  test("a Cloud Backup cluster on the legacy paths (v1.0 and v2) answers INCORRECT_BACKUP_API_ENDPOINT naming the v2 path", async () => {
    const v1 = await client.call("GET", `/api/atlas/v1.0/groups/${ID.projectId}/clusters/${ID.cloudReplicaSet0.name}/restoreJobs`);
    expect(v1).toMatchObject({ status: 400, body: { errorCode: "INCORRECT_BACKUP_API_ENDPOINT", parameters: [`${V2}/groups/${ID.projectId}/clusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs`] } });
    const v2legacy = await call("POST", `${V2}/groups/${ID.projectId}/clusters/${ID.cloudReplicaSet0.name}/restoreJobs`, { snapshotId: ID.cloudReplicaSet0.latestSnapshotId, delivery: { methodName: "HTTP" } });
    expect(v2legacy).toMatchObject({ status: 400, body: { errorCode: "INCORRECT_BACKUP_API_ENDPOINT" } });
  });

  test("a legacy cluster on the v2 Cloud Backup paths answers INCORRECT_BACKUP_API_ENDPOINT; its legacy API works on v2 with the version", async () => {
    const wrong = await call("GET", backup(ID.replicaSet0.name, "restoreJobs"));
    expect(wrong).toMatchObject({ status: 400, body: { errorCode: "INCORRECT_BACKUP_API_ENDPOINT" } });
    const legacyOnV2 = await call("GET", `${V2}/groups/${ID.projectId}/clusters/${ID.replicaSet0.name}/restoreJobs`);
    expect(legacyOnV2.status).toBe(200);
    expect(legacyOnV2.headers["content-type"]).toBe(`${MEDIA};charset=utf-8`);
    const unversioned = await call("GET", `${V2}/groups/${ID.projectId}/clusters/${ID.replicaSet0.name}/restoreJobs`, undefined, "application/json");
    expect(unversioned.status).toBe(406);
  });

  test("a Flex cluster on either API answers CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", async () => {
    emu.addCluster(ID.projectId, { name: "Flex0", id: "6b9a0c0987d9d61443b4c009", type: "REPLICA_SET", backup: "flex" });
    const r = await call("GET", backup("Flex0", "snapshots"));
    expect(r).toMatchObject({ status: 400, body: { errorCode: "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", parameters: ["Flex0"] } });
  });
});

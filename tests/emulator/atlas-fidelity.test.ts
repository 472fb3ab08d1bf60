/**
 * Issue 19 (the emulator, faithful to MongoDB's own clients) and issue 17 item 8 (strict v2
 * bodies), one describe block per item; the Atlas CLI's flows (item 4) are replayed in
 * atlas-cli-flows.test.ts and MongoDB's Go clients run in tests/contract/go-clients.test.ts.
 * Every fact asserted here is in docs/atlas-api-facts.md with its source.
 */
import type { Emulator } from "../../emulator";
import type { DigestTestClient, Reply } from "./helpers";
import { FIXTURE_IDS as ID, jobsPath, mintToken, raw, setup } from "./helpers";

const V2 = "/api/atlas/v2";
const MEDIA = "application/vnd.atlas.2023-01-01+json";
const NOW = Date.parse("2026-03-01T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const at = (ms: number) => ({ created: iso(ms), timestamp: { date: iso(ms), increment: 1 } });

let emu: Emulator;
let client: DigestTestClient;
let advance: (ms: number) => void;
beforeEach(async () => ({ emu, client, advance } = await setup()));
afterEach(() => emu.close());

const v2 = (method: string, path: string, body?: unknown, accept = MEDIA): Promise<Reply> => client.call(method, path, body, { accept, "content-type": MEDIA });
const legacy = (cluster: string, tail: string, project: string = ID.projectId) => `/api/atlas/v1.0/groups/${project}/clusters/${cluster}/${tail}`;
const backup = (cluster: string, tail: string, project: string = ID.projectId) => `${V2}/groups/${project}/clusters/${cluster}/backup/${tail}`;
const toDrCloud = { targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId };
const toDrLegacy = { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: ID.drReplicaSet0.name };
/** The five fields of an Atlas error body (atlas-restore-api.md §5.1, OpenAPI ApiError). */
const ATLAS_ERROR = { error: expect.any(Number), errorCode: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/), reason: expect.any(String), detail: expect.any(String), parameters: expect.any(Array) };

describe("item 1: legacy snapshot and checkpoint reads", () => {
  test("GET one snapshot, at the link its list gives; a replica set's single part carries every documented field", async () => {
    const list = await client.get(legacy(ID.replicaSet0.name, "snapshots"));
    const self = list.body.results[0].links.find((l: { rel: string }) => l.rel === "self").href as string;
    const one = await client.get(new URL(self).pathname);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: ID.replicaSet0.snapshotId, clusterId: ID.replicaSet0.clusterId, complete: true, expires: expect.any(String) });
    expect(one.body.parts).toEqual([{
      clusterId: ID.replicaSet0.clusterId, replicaSetName: ID.replicaSet0.name, typeName: "REPLICA_SET", mongodVersion: "4.0.28", encryptionEnabled: false,
      compressionSetting: "GZIP", dataSizeBytes: expect.any(Number), storageSizeBytes: expect.any(Number), fileSizeBytes: expect.any(Number),
    }]);
    expect((await client.get(legacy(ID.encrypted0.name, `snapshots/${ID.encrypted0.snapshotId}`))).body.parts[0]).toMatchObject({ encryptionEnabled: true, masterKeyUUID: expect.any(String) });
    expect((await client.get(legacy(ID.replicaSet0.name, "snapshots/aaaaaaaaaaaaaaaaaaaaaaaa"))).body).toMatchObject({ errorCode: "SNAPSHOT_NOT_FOUND" });
  });

  test("checkpoints: listed and read, so a checkpoint id is discoverable through the API", async () => {
    const list = await client.get(legacy(ID.cluster0.name, "backupCheckpoints"));
    expect(list).toMatchObject({ status: 200, body: { totalCount: 1, results: [{ id: ID.cluster0.checkpointId, clusterId: ID.cluster0.clusterId, groupId: ID.projectId, timestamp: "2018-01-24T12:00:00Z", restorable: true }] } });
    expect(list.body.results[0].parts.map((p: { replicaSetName: string; typeName: string }) => `${p.replicaSetName}/${p.typeName}`))
      .toEqual(["Cluster0-shard-0/REPLICA_SET", "Cluster0-shard-1/REPLICA_SET", "Cluster0-config-0/CONFIG_SERVER"]);
    expect((await client.get(legacy(ID.cluster0.name, `backupCheckpoints/${ID.cluster0.checkpointId}`))).body.id).toBe(ID.cluster0.checkpointId);
    expect((await client.get(legacy(ID.replicaSet0.name, "backupCheckpoints"))).body).toMatchObject({ totalCount: 0, results: [] });
    expect((await client.get(legacy(ID.cluster0.name, "backupCheckpoints/aaaaaaaaaaaaaaaaaaaaaaaa"))).body).toMatchObject({ errorCode: "CHECKPOINT_NOT_FOUND" });
  });
});

describe("item 2: service-account tokens live in real time, as expires_in says", () => {
  test("at time scale 60 a 1-hour token works after 2 real minutes (2 emulated hours), and expires after an hour of real time", async () => {
    await emu.close();
    ({ emu, client, advance } = await setup({ timeScale: 60 }));
    const token = await mintToken(emu);
    const list = () => raw(`${emu.baseUrl}${backup(ID.cloudReplicaSet0.name, "restoreJobs")}`, { headers: { authorization: `Bearer ${token}`, accept: MEDIA } });
    advance(2 * 60_000);
    expect((await list()).status).toBe(200);
    advance(57 * 60_000);
    expect((await list()).status).toBe(200);
    advance(2 * 60_000);
    expect((await list()).status).toBe(401);
  });
});

describe("item 3: every error body has error, errorCode, reason, detail and parameters", () => {
  test.each([
    ["digest challenge", () => raw(`${emu.baseUrl}${legacy(ID.replicaSet0.name, "restoreJobs")}`), 401],
    ["unknown Bearer token", () => raw(`${emu.baseUrl}${backup(ID.cloudReplicaSet0.name, "restoreJobs")}`, { headers: { authorization: "Bearer emu_at_unknown", accept: MEDIA } }), 401],
    ["method not allowed", () => client.call("DELETE", legacy(ID.replicaSet0.name, "restoreJobs")), 405],
    ["body over 1 MiB", () => client.post(legacy(ID.replicaSet0.name, "restoreJobs"), `{"x":"${"a".repeat(1_100_000)}"}`), 413],
    ["unknown route", () => client.get("/api/atlas/v1.0/nothing"), 404],
    ["download with a wrong key", () => raw(`${emu.baseUrl}/backup/restore/v3/pull/aaaaaaaaaaaaaaaaaaaaaaaa/x.tar.gz`, { headers: { authorization: "Bearer nope" } }), 404],
  ])("%s", async (_name, call, status) => {
    const r = await call();
    expect(r.status).toBe(status);
    expect(r.body).toEqual(ATLAS_ERROR);
  });

  test("a download's wrong key (legacy and Cloud Backup) is the same five-field 401", async () => {
    const created = await client.post(legacy(ID.replicaSet0.name, "restoreJobs"), { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId });
    advance(20_000);
    const job = (await client.get(legacy(ID.replicaSet0.name, `restoreJobs/${created.body.results[0].id}`))).body;
    const legacyUrl = new URL(job.delivery.urlV2 as string);
    expect((await raw(legacyUrl.href, { headers: { authorization: "Bearer wrong" } })).body).toEqual({ ...ATLAS_ERROR, errorCode: "UNAUTHORIZED" });
    const dl = await v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), { deliveryType: "download", snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
    advance(20_000);
    const url = (await v2("GET", backup(ID.cloudReplicaSet0.name, `restoreJobs/${dl.body.id}`))).body.deliveryUrl[0] as string;
    const forged = url.replace(/\/cloud\/([0-9a-f]{24})\/[^/]+\//, "/cloud/$1/forged/");
    expect((await raw(forged)).body).toEqual({ ...ATLAS_ERROR, errorCode: "UNAUTHORIZED" });
  });
});

describe("item 5: on-demand snapshots", () => {
  const snapshots = backup(ID.cloudReplicaSet0.name, "snapshots");

  test("POST answers 200 queued; it goes inProgress and completed on the emulated clock; expiresAt follows retentionInDays", async () => {
    const taken = await v2("POST", snapshots, { description: "before the drill", retentionInDays: 2 });
    expect(taken).toMatchObject({ status: 200, body: { status: "queued", snapshotType: "onDemand", frequencyType: "ondemand", description: "before the drill", expiresAt: iso(NOW + 2 * DAY) } });
    const get = async () => (await v2("GET", `${snapshots}/${taken.body.id}`)).body;
    advance(30_000);
    expect(await get()).toMatchObject({ status: "inProgress", mongodVersion: "8.0.4" });
    advance(120_000);
    const done = await get();
    expect(done).toMatchObject({ status: "completed", createdAt: iso(NOW + 90_000), cloudProvider: "AWS", expiresAt: iso(NOW + 150_000 + 2 * DAY) });
    expect((await v2("GET", snapshots)).body.results[0].id).toBe(taken.body.id);
    advance(2 * DAY);
    expect((await v2("GET", `${snapshots}/${taken.body.id}`)).status).toBe(404);
  });

  test("one at a time; not restorable until completed; a restore of it works once it is; a deleted one is refused", async () => {
    const taken = await v2("POST", snapshots, { retentionInDays: 1 });
    expect(await v2("POST", snapshots, { retentionInDays: 1 })).toMatchObject({ status: 400, body: { errorCode: "ON_DEMAND_SNAPSHOT_IN_PROGRESS" } });
    const restore = () => v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), { deliveryType: "automated", snapshotId: taken.body.id, ...toDrCloud });
    expect(await restore()).toMatchObject({ status: 409, body: { errorCode: "CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT" } });
    advance(150_000);
    expect((await restore()).status).toBe(200);
    const deleted = await v2("DELETE", `${snapshots}/${taken.body.id}`);
    expect(deleted.status).toBe(204);
    advance(20_000);
    expect(await restore()).toMatchObject({ status: 409, body: { errorCode: "CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT" } });
  });

  test("a sharded cluster's on-demand snapshot has members; the request body is strict", async () => {
    const taken = await v2("POST", backup(ID.cloudCluster0.name, "snapshots"), {});
    expect(taken.body).toMatchObject({ status: "queued", type: "shardedCluster" });
    advance(150_000);
    expect((await v2("GET", backup(ID.cloudCluster0.name, `snapshots/shardedCluster/${taken.body.id}`))).body.members).toHaveLength(3);
    for (const body of [{ retentionInDays: 0 }, { retentionInDays: "1" }, { links: [] }, { description: "x", frequencyType: "daily" }]) {
      expect((await v2("POST", snapshots, body)).body).toMatchObject({ error: 400, errorCode: "INVALID_ATTRIBUTE" });
    }
    expect((await v2("POST", backup(ID.replicaSet0.name, "snapshots"), {})).body).toMatchObject({ errorCode: "INCORRECT_BACKUP_API_ENDPOINT" });
  });
});

describe("item 6: restore windows and snapshot expiry, on both APIs", () => {
  const pit = (seconds: number) => v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), { deliveryType: "pointInTime", pointInTimeUTCSeconds: seconds, ...toDrCloud });

  test("Cloud Backup PIT to one hour ago: refused when the newest snapshot before it is older than the 7-day window (it used an 8-week-old one)", async () => {
    const r = await pit((NOW - HOUR) / 1000);
    expect(r).toMatchObject({ status: 404, body: { errorCode: "UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME", detail: expect.stringMatching(/older than CloudReplicaSet0's 7-day restore window/) } });
    expect(emu.cloudJobs()).toEqual([]);
  });

  test("Cloud Backup PIT: inside the window from a snapshot inside it, 200; before the window, 400 INVALID_PIT_RESTORE_TIME; restoreWindowDays comes from the fixture", async () => {
    emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: "6b9a1c0f87d9d61443b4c10f", ...at(NOW - 2 * DAY) });
    expect(await pit((NOW - HOUR) / 1000)).toMatchObject({ status: 200, body: { snapshotId: "6b9a1c0f87d9d61443b4c10f" } });
    advance(20_000);
    expect(await pit((NOW - 8 * DAY) / 1000)).toMatchObject({ status: 400, body: { errorCode: "INVALID_PIT_RESTORE_TIME", detail: expect.stringMatching(/before CloudReplicaSet0's 7-day restore window/) } });
    emu.addCluster(ID.projectId, { name: "Window1", id: "6b9a0c0987d9d61443b4c009", type: "REPLICA_SET", backup: "cloud", pitEnabled: true, restoreWindowDays: 1, snapshots: [{ id: "6b9a1c9987d9d61443b4c199", ...at(NOW - 2 * DAY) }] });
    const narrow = await v2("POST", backup("Window1", "restoreJobs"), { deliveryType: "pointInTime", pointInTimeUTCSeconds: (NOW - 36 * HOUR) / 1000, ...toDrCloud });
    expect(narrow).toMatchObject({ status: 400, body: { errorCode: "INVALID_PIT_RESTORE_TIME", detail: expect.stringMatching(/1-day restore window/) } });
  });

  test("a snapshot past its expiresAt is gone on both APIs: in no list, 404 on GET, 409 on restore", async () => {
    const cloudId = "6b9a1c0e87d9d61443b4c10e";
    const legacyId = "6b9a100e87d9d61443b4b00e";
    emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: cloudId, ...at(NOW - DAY), expiresAt: iso(NOW + HOUR) });
    emu.addSnapshot(ID.projectId, ID.replicaSet0.name, { id: legacyId, ...at(NOW - DAY), expiresAt: iso(NOW + HOUR) });
    const cloudList = async () => (await v2("GET", backup(ID.cloudReplicaSet0.name, "snapshots"))).body.results.map((s: { id: string }) => s.id);
    const legacyList = async () => (await client.get(legacy(ID.replicaSet0.name, "snapshots"))).body.results.map((s: { id: string }) => s.id);
    expect(await cloudList()).toContain(cloudId);
    expect((await v2("GET", backup(ID.cloudReplicaSet0.name, `snapshots/${cloudId}`))).body.expiresAt).toBe(iso(NOW + HOUR));
    expect(await legacyList()).toContain(legacyId);
    advance(HOUR);
    expect(await cloudList()).not.toContain(cloudId);
    expect(await legacyList()).not.toContain(legacyId);
    expect((await v2("GET", backup(ID.cloudReplicaSet0.name, `snapshots/${cloudId}`))).status).toBe(404);
    expect((await client.get(legacy(ID.replicaSet0.name, `snapshots/${legacyId}`))).status).toBe(404);
    const cloudRestore = await v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), { deliveryType: "download", snapshotId: cloudId });
    expect(cloudRestore).toMatchObject({ status: 409, body: { errorCode: "CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT", detail: expect.stringMatching(/expired/) } });
    const legacyRestore = await client.post(jobsPath(ID.projectId, ID.replicaSet0.name), { delivery: toDrLegacy, snapshotId: legacyId });
    expect(legacyRestore).toMatchObject({ status: 409, body: { errorCode: "CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT" } });
    expect([emu.cloudJobs(), emu.jobs()]).toEqual([[], []]);
  });

  test("legacy PIT and oplog restores start from a snapshot inside the 24-hour window, or are refused", async () => {
    const post = (extra: Record<string, unknown>) => client.post(jobsPath(ID.projectId, ID.replicaSet0.name), { delivery: toDrLegacy, ...extra });
    expect(await post({ pointInTimeUTCMillis: NOW - HOUR })).toMatchObject({ status: 404, body: { errorCode: "UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME", detail: expect.stringMatching(/24-hour point-in-time window/) } });
    expect(await post({ oplogTs: String((NOW - HOUR) / 1000), oplogInc: "1" })).toMatchObject({ status: 404 });
    emu.addSnapshot(ID.projectId, ID.replicaSet0.name, { id: "6b9a100f87d9d61443b4b00f", ...at(NOW - 6 * HOUR) });
    expect(await post({ pointInTimeUTCMillis: NOW - HOUR })).toMatchObject({ status: 200, body: { results: [{ snapshotId: "6b9a100f87d9d61443b4b00f", pointInTime: true }] } });
    expect(await post({ pointInTimeUTCMillis: NOW - 25 * HOUR })).toMatchObject({ status: 400, body: { errorCode: "INVALID_ATTRIBUTE" } });
  });

  test("the default world starts inside its retention and stays there for a 600× drill's day", async () => {
    await emu.close();
    ({ emu, client, advance } = await setup({ timeScale: 600 }));
    advance(10 * 60_000); // 10 real minutes = 100 emulated hours
    expect((await v2("GET", backup(ID.cloudReplicaSet0.name, "snapshots"))).body.totalCount).toBe(4);
    expect((await client.get(legacy(ID.cluster0.name, "snapshots"))).body.totalCount).toBe(1);
    const expires = Date.parse((await client.get(legacy(ID.cluster0.name, `snapshots/${ID.cluster0.snapshotId}`))).body.expires);
    expect(expires).toBe(NOW + 30 * DAY);
  });
});

describe("item 7: smaller wire details", () => {
  test("a cancel's 204 carries the versioned Content-Type, as Atlas's 204s do", async () => {
    const dl = await v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), { deliveryType: "download", snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
    const cancelled = await v2("DELETE", backup(ID.cloudReplicaSet0.name, `restoreJobs/${dl.body.id}`));
    expect(cancelled.status).toBe(204);
    expect(cancelled.headers["content-type"]).toBe(`${MEDIA};charset=utf-8`);
    expect(cancelled.text).toBe("");
  });

  test("snapshot views link their cluster (rel https://cloud.mongodb.com/cluster), on v2 and in the legacy list", async () => {
    const clusterHref = `${emu.baseUrl}${V2}/groups/${ID.projectId}/clusters/${ID.cloudReplicaSet0.name}`;
    const one = await v2("GET", backup(ID.cloudReplicaSet0.name, `snapshots/${ID.cloudReplicaSet0.latestSnapshotId}`));
    expect(one.body.links).toEqual([{ href: `${clusterHref}/backup/snapshots/${ID.cloudReplicaSet0.latestSnapshotId}`, rel: "self" }, { href: clusterHref, rel: "https://cloud.mongodb.com/cluster" }]);
    const legacyList = await client.get(legacy(ID.replicaSet0.name, "snapshots"));
    expect(legacyList.body.results[0].links[1]).toEqual({ href: `${emu.baseUrl}/api/atlas/v1.0/groups/${ID.projectId}/clusters/${ID.replicaSet0.name}`, rel: "http://mms.mongodb.com/cluster" });
  });

  test("a missing cluster on the v2 backup paths is 404 CLUSTER_NOT_FOUND \"No cluster named …\"", async () => {
    for (const tail of ["restoreJobs", "snapshots", "snapshots/shardedClusters"]) {
      expect((await v2("GET", backup("Nope0", tail))).body).toEqual({ ...ATLAS_ERROR, error: 404, errorCode: "CLUSTER_NOT_FOUND", detail: `No cluster named Nope0 exists in group ${ID.projectId}.`, parameters: ["Nope0", ID.projectId] });
    }
    const target = await v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), { deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetClusterName: "Nope0", targetGroupId: ID.drProjectId });
    expect(target.body).toMatchObject({ errorCode: "CLUSTER_NOT_FOUND" });
    expect((await client.get(legacy("Nope0", "restoreJobs"))).body.errorCode).toBe("CLUSTER_NAME_NOT_FOUND"); // v1.0's documented code
  });
});

describe("issue 17 item 8: the v2 create refuses every unknown field, prototype names too", () => {
  test.each(["__proto__", "hasOwnProperty", "valueOf", "constructor", "toString", "isPrototypeOf"])("%s → 400 INVALID_ATTRIBUTE naming it, and no job", async (field) => {
    const text = `{"deliveryType":"download","snapshotId":"${ID.cloudReplicaSet0.latestSnapshotId}","${field}":{}}`;
    const r = await v2("POST", backup(ID.cloudReplicaSet0.name, "restoreJobs"), text);
    expect(r).toMatchObject({ status: 400, body: { errorCode: "INVALID_ATTRIBUTE", parameters: [field] } });
    expect(emu.cloudJobs()).toEqual([]);
    const snapshot = await v2("POST", backup(ID.cloudReplicaSet0.name, "snapshots"), `{"${field}":1}`);
    expect(snapshot).toMatchObject({ status: 400, body: { errorCode: "INVALID_ATTRIBUTE", parameters: [field] } });
  });
});

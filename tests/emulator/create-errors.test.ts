/**
 * Create over real HTTP: every §2.3 invalid combination, body validation and the §5.2 404s.
 */
import type { Emulator } from "../../emulator";
import { API, DigestTestClient, FIXTURE_IDS, jobsPath, setup } from "./helpers";

const ID = FIXTURE_IDS;
const NOW = Date.parse("2026-03-01T12:00:00Z"); // setup()'s fake clock
const HOUR = 3_600_000;
const RS = ID.replicaSet0.name;
const SH = ID.cluster0.name;
const toDrRs = { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: ID.drReplicaSet0.name };
const toDrSh = { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: ID.drCluster0.name };
const http = { methodName: "HTTP" };
const oplogNow = { oplogTs: String(Math.floor((NOW - HOUR) / 1000)), oplogInc: "1" };
const pitNow = { pointInTimeUTCMillis: NOW - HOUR };

type Case = [name: string, cluster: string, body: unknown, status: number, errorCode: string, parameter?: unknown];

const CASES: Case[] = [
  // §2.3 rule 1
  ["rule 1: snapshotId + oplogTs/oplogInc", RS, { delivery: toDrRs, snapshotId: ID.replicaSet0.snapshotId, ...oplogNow }, 400, "INVALID_ATTRIBUTE", "oplogTs"],
  ["rule 1: snapshotId + pointInTimeUTCMillis", RS, { delivery: toDrRs, snapshotId: ID.replicaSet0.snapshotId, ...pitNow }, 400, "INVALID_ATTRIBUTE", "pointInTimeUTCMillis"],
  ["rule 1: snapshotId + checkpointId", SH, { delivery: toDrSh, snapshotId: ID.cluster0.snapshotId, checkpointId: ID.cluster0.checkpointId }, 400, "INVALID_ATTRIBUTE", "checkpointId"],
  // §2.3 rule 2
  ["rule 2: checkpointId + pointInTimeUTCMillis", SH, { delivery: toDrSh, checkpointId: ID.cluster0.checkpointId, ...pitNow }, 400, "INVALID_ATTRIBUTE", "pointInTimeUTCMillis"],
  ["rule 2: checkpointId + oplogTs/oplogInc", SH, { delivery: toDrSh, checkpointId: ID.cluster0.checkpointId, ...oplogNow }, 400, "INVALID_ATTRIBUTE", "oplogTs"],
  // §2.3 rule 3
  ["rule 3: oplogTs without oplogInc", RS, { delivery: toDrRs, oplogTs: oplogNow.oplogTs }, 400, "MISSING_ATTRIBUTE", "oplogInc"],
  ["rule 3: oplogInc without oplogTs", RS, { delivery: toDrRs, oplogInc: "1" }, 400, "MISSING_ATTRIBUTE", "oplogTs"],
  // §2.3 rule 4
  ["rule 4: pointInTimeUTCMillis + oplogTs/oplogInc", RS, { delivery: toDrRs, ...pitNow, ...oplogNow }, 400, "INVALID_ATTRIBUTE", "oplogTs"],
  ["rule 4: pointInTimeUTCMillis older than 24 h", RS, { delivery: toDrRs, pointInTimeUTCMillis: NOW - 25 * HOUR }, 400, "INVALID_ATTRIBUTE", "pointInTimeUTCMillis"],
  ["rule 4: pointInTimeUTCMillis in the future", RS, { delivery: toDrRs, pointInTimeUTCMillis: NOW + HOUR }, 400, "INVALID_ATTRIBUTE", "pointInTimeUTCMillis"],
  ["rule 4: oplogTs older than 24 h", RS, { delivery: toDrRs, oplogTs: "1536610288", oplogInc: "1" }, 400, "INVALID_ATTRIBUTE", "oplogTs"],
  // §2.3 rules 5 and 8
  ["rule 5: pointInTimeUTCMillis with HTTP", RS, { delivery: http, ...pitNow }, 400, "UNSUPPORTED_DELIVERY_METHOD", "HTTP"],
  ["rule 5: oplogTs with HTTP", RS, { delivery: http, ...oplogNow }, 400, "UNSUPPORTED_DELIVERY_METHOD", "HTTP"],
  ["rule 8: checkpoint with HTTP", SH, { delivery: http, checkpointId: ID.cluster0.checkpointId }, 400, "UNSUPPORTED_DELIVERY_METHOD", "HTTP"],
  ["rule 8: SCP delivery", RS, { delivery: { methodName: "SCP" }, snapshotId: ID.replicaSet0.snapshotId }, 400, "UNSUPPORTED_DELIVERY_METHOD", "SCP"],
  ["rule 8: QUERY delivery", RS, { delivery: { methodName: "QUERY" }, snapshotId: ID.replicaSet0.snapshotId }, 400, "UNSUPPORTED_DELIVERY_METHOD", "QUERY"],
  ["unknown methodName", RS, { delivery: { methodName: "FTP" }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ENUM_VALUE", "FTP"],
  // §2.3 rule 6
  ["rule 6: automated without targetGroupId", RS, { delivery: { methodName: "AUTOMATED_RESTORE", targetClusterName: "DrReplicaSet0" }, snapshotId: ID.replicaSet0.snapshotId }, 400, "MISSING_ATTRIBUTE", "delivery.targetGroupId"],
  ["rule 6: automated without target cluster", RS, { delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId }, snapshotId: ID.replicaSet0.snapshotId }, 400, "MISSING_ONE_OF_ATTRIBUTES", "delivery.targetClusterId"],
  // §2.3 rule 7
  ["rule 7: checkpoint on a replica set", RS, { delivery: toDrRs, checkpointId: ID.cluster0.checkpointId }, 400, "INVALID_ATTRIBUTE", "checkpointId"],
  ["rule 7: PIT on a sharded cluster", SH, { delivery: toDrSh, ...pitNow }, 400, "INVALID_ATTRIBUTE", "pointInTimeUTCMillis"],
  ["rule 7: oplog on a sharded cluster", SH, { delivery: toDrSh, ...oplogNow }, 400, "INVALID_ATTRIBUTE", "oplogTs"],
  ["PIT on a cluster without PIT enabled", ID.orders0.name, { delivery: { ...toDrRs, targetClusterName: "DrOrders0" }, ...pitNow }, 400, "INVALID_ATTRIBUTE", "pointInTimeUTCMillis"],
  // §2.3 rule 9
  ["rule 9: no restore point", RS, { delivery: http }, 400, "MISSING_ATTRIBUTE", "snapshotId"],
  // §2.1 conditional fields
  ["HTTP with a target field", RS, { delivery: { ...http, targetGroupId: ID.drProjectId }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.targetGroupId"],
  ["automated with expirationHours", RS, { delivery: { ...toDrRs, expirationHours: 2 }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.expirationHours"],
  // Body shape
  ["unknown top-level field", RS, { delivery: http, snapshotId: ID.replicaSet0.snapshotId, foo: 1 }, 400, "INVALID_ATTRIBUTE", "foo"],
  ["unknown delivery field (SCP-era)", RS, { delivery: { ...http, hostname: "h" }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.hostname"],
  ["maxDownloads 0", RS, { delivery: { ...http, maxDownloads: 0 }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.maxDownloads"],
  ["non-numeric expirationHours", RS, { delivery: { ...http, expirationHours: "soon" }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.expirationHours"],
  ["malformed snapshotId", RS, { delivery: http, snapshotId: "xyz" }, 400, "INVALID_ATTRIBUTE", "snapshotId"],
  ["missing delivery", RS, { snapshotId: ID.replicaSet0.snapshotId }, 400, "MISSING_ATTRIBUTE", "delivery"],
  ["missing methodName", RS, { delivery: {}, snapshotId: ID.replicaSet0.snapshotId }, 400, "MISSING_ATTRIBUTE", "delivery.methodName"],
  ["invalid JSON", RS, "{not json", 400, "INVALID_JSON"],
  ["checkPointId and checkpointId disagree", SH, { delivery: toDrSh, checkpointId: ID.cluster0.checkpointId, checkPointId: "0123456789abcdef01234567" }, 400, "INVALID_ATTRIBUTE", "checkPointId"],
  // Semantics against the world
  ["automated restore of one shard's snapshot", SH, { delivery: toDrSh, snapshotId: ID.cluster0.shard1.snapshotId }, 400, "AUTOMATED_RESTORE_OF_SHARD_NOT_ALLOWED", ID.cluster0.shard1.snapshotId],
  ["HTTP download of an encrypted snapshot", ID.encrypted0.name, { delivery: http, snapshotId: ID.encrypted0.snapshotId }, 400, "CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION"],
  ["encrypted snapshot to a non-encrypted target", ID.encrypted0.name, { delivery: toDrRs, snapshotId: ID.encrypted0.snapshotId }, 400, "INVALID_SNAPSHOT_RESTORE_ENCRYPTION"],
  ["sharded snapshot to a replica set", SH, { delivery: { ...toDrSh, targetClusterName: "DrReplicaSet0" }, snapshotId: ID.cluster0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.targetClusterName"],
  ["target id and name of different clusters", RS, { delivery: { ...toDrRs, targetClusterId: ID.drOrders0.clusterId }, snapshotId: ID.replicaSet0.snapshotId }, 400, "INVALID_ATTRIBUTE", "delivery.targetClusterName"],
  // 404s
  ["unknown snapshot", RS, { delivery: http, snapshotId: "0123456789abcdef01234567" }, 404, "SNAPSHOT_NOT_FOUND", "0123456789abcdef01234567"],
  ["another cluster's snapshot", RS, { delivery: http, snapshotId: ID.orders0.snapshotId }, 404, "SNAPSHOT_NOT_FOUND", ID.orders0.snapshotId],
  ["unknown checkpoint", SH, { delivery: toDrSh, checkpointId: "0123456789abcdef01234567" }, 404, "CHECKPOINT_NOT_FOUND", "0123456789abcdef01234567"],
  ["unknown target project", RS, { delivery: { ...toDrRs, targetGroupId: "0123456789abcdef01234567" }, snapshotId: ID.replicaSet0.snapshotId }, 404, "GROUP_NOT_FOUND", "0123456789abcdef01234567"],
  ["unknown target cluster name", RS, { delivery: { ...toDrRs, targetClusterName: "Nope0" }, snapshotId: ID.replicaSet0.snapshotId }, 404, "CLUSTER_NAME_NOT_FOUND", "Nope0"],
  ["unknown target cluster id", RS, { delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterId: "0123456789abcdef01234567" }, snapshotId: ID.replicaSet0.snapshotId }, 404, "CLUSTER_NOT_FOUND", "0123456789abcdef01234567"],
];

describe("create: invalid requests", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeAll(async () => ({ emu, client } = await setup()));
  afterAll(() => emu.close());

  // Rows padded to the same length: jest passes `done` to a test whose row is shorter than its arity.
  const rows = CASES.map((c): Case => [c[0], c[1], c[2], c[3], c[4], c[5]]);
  it.each(rows)("%s", async (_name, cluster, body, status, errorCode, parameter) => {
    const res = await client.post(jobsPath(ID.projectId, cluster), typeof body === "string" ? body : JSON.stringify(body));
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: status, errorCode, reason: status === 404 ? "Not Found" : "Bad Request" });
    expect(typeof res.body.detail).toBe("string");
    if (parameter !== undefined) {
      expect(res.body.parameters[0]).toBe(parameter);
      // The detail names the field it is about.
      if (typeof parameter === "string" && errorCode !== "UNSUPPORTED_DELIVERY_METHOD") expect(res.body.detail).toContain(parameter);
    }
    expect(emu.jobs()).toHaveLength(0);
  });
});

describe("path, query and route errors", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeAll(async () => ({ emu, client } = await setup()));
  afterAll(() => emu.close());

  const body = { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId };

  it("GROUP_NOT_FOUND / INVALID_GROUP_ID", async () => {
    const missing = await client.post(jobsPath("0123456789abcdef01234567", RS), body);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorCode: "GROUP_NOT_FOUND", detail: "No group with ID 0123456789abcdef01234567 exists." });
    const bad = await client.get(jobsPath("not-a-group", RS));
    expect(bad.status).toBe(404);
    expect(bad.body).toMatchObject({ errorCode: "INVALID_GROUP_ID", detail: "An invalid group ID not-a-group was specified." });
  });

  it("CLUSTER_NAME_NOT_FOUND / INVALID_PATH_PARAMETER", async () => {
    const missing = await client.get(jobsPath(ID.projectId, "Nope0"));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      errorCode: "CLUSTER_NAME_NOT_FOUND",
      detail: `No cluster with name Nope0 exists in group ${ID.projectId}.`,
      parameters: ["Nope0", ID.projectId],
    });
    const bad = await client.get(jobsPath(ID.projectId, "bad_name"));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorCode: "INVALID_PATH_PARAMETER", detail: "Invalid path parameter clusterName specified." });
  });

  it("RESTORE_JOB_NOT_FOUND, also for a job of another cluster; INVALID_PATH_PARAMETER for a bad job id", async () => {
    const created = await client.post(jobsPath(ID.projectId, RS), body);
    const jobId = created.body.results[0].id as string;
    const other = await client.get(`${jobsPath(ID.projectId, ID.orders0.name)}/${jobId}`);
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({
      errorCode: "RESTORE_JOB_NOT_FOUND",
      detail: `No restore job with ID ${jobId} exists for cluster Orders0.`,
    });
    expect((await client.get(`${jobsPath(ID.projectId, RS)}/0123456789abcdef01234567`)).body.errorCode).toBe("RESTORE_JOB_NOT_FOUND");
    const bad = await client.get(`${jobsPath(ID.projectId, RS)}/123`);
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe("INVALID_PATH_PARAMETER");
  });

  it("400 INVALID_QUERY_PARAMETER for a malformed batchId", async () => {
    const res = await client.get(`${jobsPath(ID.projectId, SH)}?batchId=zz`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "INVALID_QUERY_PARAMETER", parameters: ["batchId"] });
  });

  it("404 RESOURCE_NOT_FOUND for unknown routes, 405 for a wrong method", async () => {
    const unknown = await client.get(`${API}/groups/${ID.projectId}/clusters/${RS}/onlineArchives`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      detail: `Cannot find resource ${API}/groups/${ID.projectId}/clusters/${RS}/onlineArchives.`,
      error: 404,
      errorCode: "RESOURCE_NOT_FOUND",
      parameters: [`${API}/groups/${ID.projectId}/clusters/${RS}/onlineArchives`],
      reason: "Not Found",
    });
    const created = await client.post(jobsPath(ID.projectId, RS), body);
    // §1: legacy restore jobs have no DELETE / cancel.
    const del = await client.call("DELETE", `${jobsPath(ID.projectId, RS)}/${created.body.results[0].id}`);
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe("GET");
  });
});

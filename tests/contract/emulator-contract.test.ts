/**
 * The emulator's v2 answers checked against MongoDB's OpenAPI (not against our own idea of
 * them): every status the scenario produces is one the spec declares for the operation, and the
 * body matches the declared schema; success answers use the declared (versioned) media type.
 */
import type { Emulator } from "../../emulator";
import type { DigestTestClient, Reply } from "../emulator/helpers";
import { FIXTURE_IDS as ID, setup } from "../emulator/helpers";
import { operationMediaType, responseContract, successMediaType, type Operation } from "./openapi-contract";

let emu: Emulator;
let client: DigestTestClient;
let advance: (ms: number) => void;
beforeAll(async () => {
  ({ emu, client, advance } = await setup());
});
afterAll(() => emu.close());

const cluster = (name: string, project: string = ID.projectId) => `/api/atlas/v2/groups/${project}/clusters/${name}`;
let checked = 0;
async function expectContract(op: Operation, method: string, path: string, body?: unknown): Promise<Reply> {
  const media = operationMediaType(op, method);
  const r = await client.call(method, path, body, { accept: media, "content-type": media });
  responseContract(op, method, r.status, r.status === 204 ? undefined : r.body);
  if (r.status < 300 && r.status !== 204) expect(r.headers["content-type"]).toBe(`${successMediaType(op, method)};charset=utf-8`);
  // Atlas's 204s carry the versioned content type too (REC).
  if (r.status === 204) expect(r.headers["content-type"]).toBe(`${media};charset=utf-8`);
  checked++;
  return r;
}

test("restore jobs: create (all three types), get through the lifecycle, list, cancel, and their errors", async () => {
  const rs = `${cluster(ID.cloudReplicaSet0.name)}/backup/restoreJobs`;
  const sh = `${cluster(ID.cloudCluster0.name)}/backup/restoreJobs`;
  const dl = await expectContract("restoreJobs", "POST", rs, { deliveryType: "download", snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
  const shardDl = await expectContract("restoreJobs", "POST", sh, { deliveryType: "download", snapshotId: ID.cloudCluster0.latestSnapshotId });
  const auto = await expectContract("restoreJobs", "POST", rs, { deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.snapshotIds[0], targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId });
  expect([dl.status, shardDl.status, auto.status]).toEqual([200, 200, 200]);
  await expectContract("restoreJobs", "POST", rs, { deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.snapshotIds[1], targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId }); // 409
  await expectContract("restoreJobs", "POST", rs, { deliveryType: "download" }); // 400
  await expectContract("restoreJobs", "POST", rs, { deliveryType: "download", snapshotId: "aaaaaaaaaaaaaaaaaaaaaaaa" }); // 404
  advance(20_000);
  for (const [base, job] of [[rs, dl], [sh, shardDl], [rs, auto]] as const) {
    const r = await expectContract("restoreJob", "GET", `${base}/${job.body.id}`);
    expect(r.status).toBe(200);
  }
  // A PIT restore starts from a snapshot inside the 7-day restore window (the clock says March 1).
  emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: "6b9a1c0f87d9d61443b4c10f", created: "2026-02-28T06:00:00Z", timestamp: { date: "2026-02-28T06:00:00Z", increment: 1 } });
  const pit = Math.floor(Date.parse("2026-02-28T12:00:00Z") / 1000);
  const pitJob = await expectContract("restoreJobs", "POST", rs, { deliveryType: "pointInTime", pointInTimeUTCSeconds: pit, targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId });
  expect(pitJob.status).toBe(200);
  expect((await expectContract("snapshot", "DELETE", `${cluster(ID.cloudReplicaSet0.name)}/backup/snapshots/6b9a1c0f87d9d61443b4c10f`)).status).toBe(204);
  expect((await expectContract("restoreJobs", "GET", `${rs}?itemsPerPage=2`)).body.results).toHaveLength(2);
  expect((await expectContract("restoreJob", "DELETE", `${rs}/${dl.body.id}`)).status).toBe(204);
  expect((await expectContract("restoreJob", "DELETE", `${rs}/${auto.body.id}`)).status).toBe(400);
  const shardAuto = await expectContract("restoreJobs", "POST", sh, { deliveryType: "automated", snapshotId: ID.cloudCluster0.latestSnapshotId, targetClusterName: ID.drCloudCluster0.name, targetGroupId: ID.drProjectId });
  expect((await expectContract("restoreJob", "DELETE", `${sh}/${shardAuto.body.id}`)).status).toBe(405);
  expect((await expectContract("restoreJob", "GET", `${rs}/aaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
});

test("snapshots: list (incl. the PIT lookup), one, and the sharded views", async () => {
  const rs = `${cluster(ID.cloudReplicaSet0.name)}/backup/snapshots`;
  const sh = `${cluster(ID.cloudCluster0.name)}/backup/snapshots`;
  expect((await expectContract("snapshots", "GET", rs)).body.results).toHaveLength(4);
  expect((await expectContract("snapshots", "GET", `${rs}?pointInTimeUtcSeconds=1767500000`)).status).toBe(200);
  expect((await expectContract("snapshots", "GET", sh)).status).toBe(200);
  expect((await expectContract("snapshot", "GET", `${rs}/${ID.cloudReplicaSet0.fallbackSnapshotId}`)).body.snapshotType).toBe("fallback");
  expect((await expectContract("shardedSnapshots", "GET", `${sh}/shardedClusters`)).body.results).toHaveLength(4);
  expect((await expectContract("shardedSnapshot", "GET", `${sh}/shardedCluster/${ID.cloudCluster0.latestSnapshotId}`)).body.members).toHaveLength(3);
  expect((await expectContract("snapshot", "GET", `${rs}/aaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
});

test("on-demand snapshots: taken (queued → completed on the clock), read, deleted; errors", async () => {
  const rs = `${cluster(ID.cloudReplicaSet0.name)}/backup/snapshots`;
  const taken = await expectContract("snapshots", "POST", rs, { description: "drill", retentionInDays: 1 });
  expect(taken.body).toMatchObject({ status: "queued", snapshotType: "onDemand", description: "drill" });
  expect((await expectContract("snapshots", "POST", rs, { description: "again" })).status).toBe(400); // one at a time
  expect((await expectContract("snapshots", "POST", rs, { retentionInDays: 0 })).status).toBe(400);
  advance(150_000);
  expect((await expectContract("snapshot", "GET", `${rs}/${taken.body.id}`)).body).toMatchObject({ status: "completed", createdAt: expect.any(String) });
  expect((await expectContract("snapshot", "DELETE", `${rs}/${taken.body.id}`)).status).toBe(204);
  expect((await expectContract("snapshot", "GET", `${rs}/${taken.body.id}`)).status).toBe(404);
});

test("legacy snapshot and checkpoint reads, the cluster the Atlas CLI probes, and the Flex API's refusal", async () => {
  const legacy = cluster(ID.cluster0.name);
  expect((await expectContract("legacySnapshot", "GET", `${legacy}/snapshots/${ID.cluster0.snapshotId}`)).body.parts).toHaveLength(3);
  expect((await expectContract("legacySnapshot", "GET", `${legacy}/snapshots/aaaaaaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
  expect((await expectContract("checkpoints", "GET", `${legacy}/backupCheckpoints`)).body.results).toHaveLength(1);
  expect((await expectContract("checkpoint", "GET", `${legacy}/backupCheckpoints/${ID.cluster0.checkpointId}`)).body.restorable).toBe(true);
  expect((await expectContract("cluster", "GET", cluster(ID.cloudCluster0.name))).body).toMatchObject({ name: ID.cloudCluster0.name, clusterType: "SHARDED", stateName: "IDLE" });
  expect((await expectContract("cluster", "GET", cluster("Nope0"))).body).toMatchObject({ errorCode: "CLUSTER_NOT_FOUND" });
  const flex = `/api/atlas/v2/groups/${ID.projectId}/flexClusters/${ID.cloudReplicaSet0.name}/backup`;
  for (const [op, tail] of [["flexRestoreJobs", "restoreJobs"], ["flexRestoreJob", "restoreJobs/aaaaaaaaaaaaaaaaaaaaaaaa"], ["flexSnapshots", "snapshots"], ["flexSnapshot", "snapshots/aaaaaaaaaaaaaaaaaaaaaaaa"]] as const) {
    expect((await expectContract(op, "GET", `${flex}/${tail}`)).body).toMatchObject({ error: 400, errorCode: "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API" });
  }
});

test("a rate-limited answer is the declared 429", async () => {
  emu.setV2RateLimit({ capacity: 1, refill: 1, intervalMs: 60_000 });
  try {
    const rs = `${cluster(ID.cloudReplicaSet0.name)}/backup/restoreJobs`;
    await expectContract("restoreJobs", "GET", rs);
    expect((await expectContract("restoreJobs", "GET", rs)).status).toBe(429);
  } finally {
    emu.setV2RateLimit(false);
  }
});

test("the legacy API on v2 answers with the legacy schemas (BackupRestoreJob pages)", async () => {
  const r = await expectContract("legacyRestoreJobs", "GET", `${cluster(ID.replicaSet0.name)}/restoreJobs`);
  expect(r.status).toBe(200);
  expect(checked).toBeGreaterThan(25);
});

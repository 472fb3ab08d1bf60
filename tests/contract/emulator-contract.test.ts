/**
 * The emulator's v2 answers checked against MongoDB's OpenAPI (not against our own idea of
 * them): every status the scenario produces is one the spec declares for the operation, and the
 * body matches the declared schema; success answers use the declared (versioned) media type.
 */
import type { Emulator } from "../../emulator";
import type { DigestTestClient, Reply } from "../emulator/helpers";
import { FIXTURE_IDS as ID, setup } from "../emulator/helpers";
import { responseContract, successMediaType, V2_MEDIA_TYPE, type Operation } from "./openapi-contract";

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
  const r = await client.call(method, path, body, { accept: V2_MEDIA_TYPE, "content-type": V2_MEDIA_TYPE });
  responseContract(op, method, r.status, r.status === 204 ? undefined : r.body);
  if (r.status < 300 && r.status !== 204) expect(r.headers["content-type"]).toBe(`${successMediaType(op, method)};charset=utf-8`);
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
  const pit = Math.floor(Date.parse("2026-01-03T12:00:00Z") / 1000);
  const pitJob = await expectContract("restoreJobs", "POST", rs, { deliveryType: "pointInTime", pointInTimeUTCSeconds: pit, targetClusterName: ID.drCloudReplicaSet0.name, targetGroupId: ID.drProjectId });
  expect(pitJob.status).toBe(200);
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

/**
 * Successful creates (every delivery / restore-point variant) and the lazily computed lifecycle
 * (§3.4), driven by a fake clock and by timeScale.
 */
import type { RestoreJob } from "../../provider/atlas/models";
import type { Emulator } from "../../emulator";
import { DigestTestClient, FIXTURE_IDS, jobsPath, setup } from "./helpers";

const ID = FIXTURE_IDS;
const NOW = Date.parse("2026-03-01T12:00:00Z");
const RS_JOBS = jobsPath(ID.projectId, ID.replicaSet0.name);
const httpBody = { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId };

describe("create variants", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeEach(async () => ({ emu, client } = await setup()));
  afterEach(() => emu.close());

  it("replica set: one job without batchId, plain self link, file named after the cluster", async () => {
    const res = await client.post(RS_JOBS, { delivery: { methodName: "HTTP", expirationHours: "2", maxDownloads: "3" }, snapshotId: ID.replicaSet0.snapshotId });
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(1);
    expect(res.body.links).toEqual([{ href: `${emu.baseUrl}${RS_JOBS}`, rel: "self" }]);
    const job = res.body.results[0] as RestoreJob;
    expect(job.batchId).toBeUndefined();
    expect(job).toMatchObject({
      clusterId: ID.replicaSet0.clusterId,
      clusterName: "ReplicaSet0",
      created: "2026-03-01T12:00:00Z",
      snapshotId: ID.replicaSet0.snapshotId,
      // numeric strings are accepted, as in the docs' examples (§2.1)
      delivery: { methodName: "HTTP", statusName: "NOT_STARTED", expirationHours: 2, maxDownloads: 3 },
      timestamp: { date: "2018-01-26T05:59:57Z", increment: 1 },
    });
  });

  it("get one carries self, cluster, snapshot and group links (§3.2)", async () => {
    const id = (await client.post(RS_JOBS, httpBody)).body.results[0].id as string;
    const one = await client.get(`${RS_JOBS}/${id}`);
    expect(one.status).toBe(200);
    const cluster = `${emu.apiBase}/groups/${ID.projectId}/clusters/ReplicaSet0`;
    expect(one.body.links).toEqual([
      { href: `${cluster}/restoreJobs/${id}`, rel: "self" },
      { href: cluster, rel: "http://mms.mongodb.com/cluster" },
      { href: `${cluster}/snapshots/${ID.replicaSet0.snapshotId}`, rel: "http://mms.mongodb.com/snapshot" },
      { href: `${emu.baseUrl}/api/public/v1.0/groups/${ID.projectId}`, rel: "http://mms.mongodb.com/group" },
    ]);
  });

  it("automated snapshot restore: delivery shows HTTP plus the target; FINISHED + READY at the end", async () => {
    const res = await client.post(RS_JOBS, {
      delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterId: ID.drReplicaSet0.clusterId },
      snapshotId: ID.replicaSet0.snapshotId,
    });
    expect(res.status).toBe(200);
    const job = res.body.results[0] as RestoreJob;
    expect(job.delivery).toEqual({
      methodName: "HTTP",
      statusName: "NOT_STARTED",
      targetGroupId: ID.drProjectId,
      targetClusterId: ID.drReplicaSet0.clusterId,
      targetClusterName: "DrReplicaSet0",
    });
  });

  it("automated point-in-time and oplog restores of a replica set (strings as in the docs)", async () => {
    // Legacy PIT restores start from a snapshot inside the 24-hour window: the 2018 fixtures are not.
    const recent = "6b9a100f87d9d61443b4b00f";
    emu.addSnapshot(ID.projectId, ID.replicaSet0.name, { id: recent, created: "2026-03-01T06:00:00Z", timestamp: { date: "2026-03-01T05:59:58Z", increment: 1 } });
    const delivery = { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: "DrReplicaSet0" };
    const pit = await client.post(RS_JOBS, { delivery, pointInTimeUTCMillis: String(NOW - 3_600_000) });
    expect(pit.status).toBe(200);
    expect(pit.body.results[0]).toMatchObject({ pointInTime: true, timestamp: { date: "2026-03-01T11:00:00Z" }, snapshotId: recent });
    const oplog = await client.post(RS_JOBS, { delivery, oplogTs: String((NOW - 7_200_000) / 1000), oplogInc: "5" });
    expect(oplog.status).toBe(200);
    expect(oplog.body.results[0]).toMatchObject({ pointInTime: true, timestamp: { date: "2026-03-01T10:00:00Z", increment: 5 } });
  });

  it("automated checkpoint restore of a sharded cluster (checkPointId spelling accepted)", async () => {
    const res = await client.post(jobsPath(ID.projectId, "Cluster0"), {
      delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: "DrCluster0" },
      checkPointId: ID.cluster0.checkpointId,
    });
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(3);
    const batch = new Set(res.body.results.map((j: RestoreJob) => j.batchId));
    expect(batch.size).toBe(1);
    expect(res.body.results[0].timestamp).toEqual({ date: "2018-01-24T12:00:00Z", increment: 1 });
  });

  it("HTTP download of a single shard's snapshot is one job without a batch", async () => {
    const res = await client.post(jobsPath(ID.projectId, "Cluster0"), { delivery: { methodName: "HTTP" }, snapshotId: ID.cluster0.shard0.snapshotId });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({ clusterId: ID.cluster0.shard0.clusterId, snapshotId: ID.cluster0.shard0.snapshotId });
    expect(res.body.results[0].batchId).toBeUndefined();
  });

  it("addresses clusters by id on /api/public/v1.0 (Cloud/Ops Manager)", async () => {
    const path = jobsPath(ID.projectId, ID.replicaSet0.clusterId, "/api/public/v1.0");
    const res = await client.post(path, httpBody);
    expect(res.status).toBe(200);
    expect(res.body.results[0].links[0].href).toBe(`${emu.baseUrl}${path}/${res.body.results[0].id}`);
    expect((await client.get(jobsPath(ID.projectId, "ReplicaSet0", "/api/public/v1.0"))).body.totalCount).toBe(1);
    const missing = await client.get(jobsPath(ID.projectId, "0123456789abcdef01234567", "/api/public/v1.0"));
    expect(missing.status).toBe(404);
    expect(missing.body.errorCode).toBe("CLUSTER_NOT_FOUND");
  });
});

describe("lifecycle", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  let advance: (ms: number) => void;
  beforeEach(async () => ({ emu, client, advance } = await setup()));
  afterEach(() => emu.close());

  const state = async (id: string): Promise<RestoreJob> => (await client.get(`${RS_JOBS}/${id}`)).body as RestoreJob;

  it("HTTP: IN_PROGRESS/NOT_STARTED → IN_PROGRESS → FINISHED/READY with download fields → EXPIRED", async () => {
    const id = (await client.post(RS_JOBS, { ...httpBody, delivery: { methodName: "HTTP", expirationHours: 2 } })).body.results[0].id as string;
    expect(await state(id)).toMatchObject({ statusName: "IN_PROGRESS", delivery: { statusName: "NOT_STARTED" } });
    advance(10_000);
    expect(await state(id)).toMatchObject({ statusName: "IN_PROGRESS", delivery: { statusName: "IN_PROGRESS" } });
    advance(10_000);
    const ready = await state(id);
    expect(ready.statusName).toBe("FINISHED");
    const file = `ReplicaSet0-${Date.parse("2018-01-26T05:59:57Z") / 1000}-${id}.tar.gz`;
    expect(ready.delivery).toEqual({
      methodName: "HTTP",
      statusName: "READY",
      expirationHours: 2,
      maxDownloads: 1,
      url: expect.stringMatching(new RegExp(`^${emu.baseUrl}/backup/restore/v2/pull/${id}/[A-Za-z0-9_-]{32}/${file}$`)),
      urlV2: `${emu.baseUrl}/backup/restore/v3/pull/${id}/${file}`,
      authHeader: "Authorization",
      authValue: expect.stringMatching(/^Bearer [A-Za-z0-9_-]{32}$/),
      expires: "2026-03-01T14:00:20Z",
    });
    advance(2 * 3_600_000);
    expect(await state(id)).toMatchObject({ statusName: "FINISHED", delivery: { statusName: "EXPIRED", url: ready.delivery.url } });
  });

  it("automated: FINISHED with delivery READY and no download fields", async () => {
    const id = (await client.post(RS_JOBS, {
      delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: "DrReplicaSet0" },
      snapshotId: ID.replicaSet0.snapshotId,
    })).body.results[0].id as string;
    advance(20_000);
    const done = await state(id);
    expect(done.statusName).toBe("FINISHED");
    expect(done.delivery.statusName).toBe("READY");
    expect(done.delivery.url).toBeUndefined();
  });

  it.each([
    ["BROKEN", "BROKEN", "NOT_STARTED"],
    ["KILLED", "KILLED", "NOT_STARTED"],
    ["DELIVERY_FAILED", "BROKEN", "FAILED"],
    ["DELIVERY_INTERRUPTED", "BROKEN", "INTERRUPTED"],
  ] as const)("outcome %s shows job %s / delivery %s after failAfterMs", async (outcome, job, delivery) => {
    emu.setRestoreBehaviour(ID.projectId, "ReplicaSet0", { outcome, failAfterMs: 4_000, jobDurationMs: 60_000 });
    const id = (await client.post(RS_JOBS, httpBody)).body.results[0].id as string;
    advance(3_999);
    expect(await state(id)).toMatchObject({ statusName: "IN_PROGRESS" });
    advance(1);
    expect(await state(id)).toMatchObject({ statusName: job, delivery: { statusName: delivery } });
    advance(3_600_000);
    expect(await state(id)).toMatchObject({ statusName: job, delivery: { statusName: delivery } });
  });

  it("deliveryPrepMs can make the download READY before the job finishes; behaviour is fixed at creation", async () => {
    emu.setRestoreBehaviour(ID.projectId, "ReplicaSet0", { jobDurationMs: 30_000, deliveryPrepMs: 5_000 });
    const id = (await client.post(RS_JOBS, httpBody)).body.results[0].id as string;
    emu.setRestoreBehaviour(ID.projectId, "ReplicaSet0", { jobDurationMs: 1 });
    advance(5_000);
    expect(await state(id)).toMatchObject({ statusName: "IN_PROGRESS", delivery: { statusName: "READY" } });
    advance(25_000);
    expect((await state(id)).statusName).toBe("FINISHED");
  });

  it("emu.jobs() renders current state for assertions", async () => {
    await client.post(RS_JOBS, httpBody);
    await client.post(jobsPath(ID.projectId, "Cluster0"), { delivery: { methodName: "HTTP" }, snapshotId: ID.cluster0.snapshotId });
    expect(emu.jobs()).toHaveLength(4);
    expect(emu.jobs({ clusterName: "Cluster0" })).toHaveLength(3);
    advance(20_000);
    expect(emu.jobs().map((j) => j.statusName)).toEqual(["FINISHED", "FINISHED", "FINISHED", "FINISHED"]);
  });
});

describe("timeScale", () => {
  it("runs the emulated clock timeScale times faster than the real one", async () => {
    const { emu, client, advance } = await setup({ timeScale: 60 });
    try {
      const id = (await client.post(RS_JOBS, httpBody)).body.results[0].id as string;
      advance(333); // 20 emulated seconds
      expect((await client.get(`${RS_JOBS}/${id}`)).body.statusName).toBe("IN_PROGRESS");
      advance(1);
      expect((await client.get(`${RS_JOBS}/${id}`)).body.statusName).toBe("FINISHED");
    } finally {
      await emu.close();
    }
  });

  it("works with the real clock too", async () => {
    const { startEmulator } = await import("../../emulator");
    const emu = await startEmulator({ timeScale: 1000, rateLimit: false });
    try {
      const client = new DigestTestClient(emu);
      emu.setRestoreBehaviour(ID.projectId, "ReplicaSet0", { jobDurationMs: 50_000 });
      const id = (await client.post(RS_JOBS, httpBody)).body.results[0].id as string;
      let status = "";
      for (let i = 0; i < 200 && status !== "FINISHED"; i++) {
        status = (await client.get(`${RS_JOBS}/${id}`)).body.statusName as string;
        if (status !== "FINISHED") await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe("FINISHED");
    } finally {
      await emu.close();
    }
  });
});

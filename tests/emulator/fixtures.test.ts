/**
 * The default world, fixtures from a JSON file, and run-time additions (API and HTTP).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_FIXTURES, startEmulator } from "../../emulator";
import type { Emulator, FixtureFile } from "../../emulator";
import { withRestoreDuration } from "../../emulator/fixtures";
import { DigestTestClient, FIXTURE_IDS, jobsPath, raw, setup } from "./helpers";

const ID = FIXTURE_IDS;

describe("default world", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeAll(async () => ({ emu, client } = await setup()));
  afterAll(() => emu.close());

  it.each([
    [ID.projectId, "Cluster0"], [ID.projectId, "ReplicaSet0"], [ID.projectId, "Orders0"], [ID.projectId, "Encrypted0"],
    [ID.drProjectId, "DrReplicaSet0"], [ID.drProjectId, "DrOrders0"], [ID.drProjectId, "DrCluster0"], [ID.drProjectId, "DrEncrypted0"],
  ])("has %s / %s", async (projectId, cluster) => {
    expect((await client.get(jobsPath(projectId, cluster))).status).toBe(200);
  });

  it("restores the seed snapshot into the DR sharded cluster, and an encrypted one into DrEncrypted0", async () => {
    const toCluster = await client.post(jobsPath(ID.projectId, "Cluster0"), {
      delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterId: ID.drCluster0.clusterId },
      snapshotId: ID.cluster0.snapshotId,
    });
    expect(toCluster.status).toBe(200);
    expect(toCluster.body.totalCount).toBe(3);
    const encrypted = await client.post(jobsPath(ID.projectId, "Encrypted0"), {
      delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: ID.drProjectId, targetClusterName: "DrEncrypted0" },
      snapshotId: ID.encrypted0.snapshotId,
    });
    expect(encrypted.status).toBe(200);
    expect(encrypted.body.results[0]).toMatchObject({ encryptionEnabled: true, masterKeyUUID: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});

describe("fixtures from a file and at run time", () => {
  let dir: string;
  let emu: Emulator | undefined;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), "emu-fixtures-"))));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  const world: FixtureFile = {
    projects: [{
      id: "111111111111111111111111",
      clusters: [
        { name: "Rs1", id: "222222222222222222222222", type: "REPLICA_SET", snapshots: [{ id: "333333333333333333333333", created: "2026-01-01T00:00:00Z", timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } }] },
        { name: "Sh1", id: "444444444444444444444444", type: "SHARDED", shards: 3, restoreBehaviour: { jobDurationMs: 5_000 } },
      ],
    }],
  };

  it("loads a JSON file (the CLI's --fixtures) and derives shard layouts", async () => {
    const file = join(dir, "world.json");
    await writeFile(file, JSON.stringify(world));
    emu = await startEmulator({ fixtures: file, rateLimit: false });
    const client = new DigestTestClient(emu);
    expect((await client.post(jobsPath("111111111111111111111111", "Rs1"), { delivery: { methodName: "HTTP" }, snapshotId: "333333333333333333333333" })).status).toBe(200);
    emu.addSnapshot("111111111111111111111111", "Sh1", { id: "555555555555555555555555", created: "2026-01-01T00:00:00Z", timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } });
    const sharded = await client.post(jobsPath("111111111111111111111111", "Sh1"), { delivery: { methodName: "HTTP" }, snapshotId: "555555555555555555555555" });
    expect(sharded.body.totalCount).toBe(4); // 3 shards + config server
    expect(new Set(sharded.body.results.map((j: { clusterId: string }) => j.clusterId)).size).toBe(4);
    expect(sharded.body.results.every((j: { snapshotId: string }) => /^[a-f0-9]{24}$/.test(j.snapshotId))).toBe(true);
  });

  it("rejects an invalid or unreadable file with a message naming the problem", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, JSON.stringify({ projects: [{ id: "nope" }] }));
    await expect(startEmulator({ fixtures: file })).rejects.toThrow(/Invalid fixtures in .*bad\.json: projects\.0\.id: must be a 24-hex id/);
    await expect(startEmulator({ fixtures: join(dir, "missing.json") })).rejects.toThrow(/Failed to read fixtures/);
    await expect(startEmulator({ fixtures: { projects: [{ id: "111111111111111111111111", clusters: [{ name: "X", id: "222222222222222222222222", type: "REPLICA_SET", checkpoints: [{ id: "333333333333333333333333", timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } }] }] }] } }))
      .rejects.toThrow(/checkpoints exist for SHARDED clusters only/);
  });

  it("adds projects, clusters and snapshots at run time, validated", async () => {
    emu = (await setup()).emu;
    const client = new DigestTestClient(emu);
    emu.addProject({ id: "666666666666666666666666" });
    emu.addCluster("666666666666666666666666", { name: "New0", id: "777777777777777777777777", type: "REPLICA_SET" });
    emu.addSnapshot("666666666666666666666666", "New0", { id: "888888888888888888888888", created: "2026-02-28T00:00:00Z", timestamp: { date: "2026-02-28T00:00:00Z", increment: 1 } });
    expect((await client.post(jobsPath("666666666666666666666666", "New0"), { delivery: { methodName: "HTTP" }, snapshotId: "888888888888888888888888" })).status).toBe(200);
    expect(() => emu?.addProject({ id: "666666666666666666666666" })).toThrow(/already exists/);
    expect(() => emu?.addCluster("999999999999999999999999", { name: "A", id: "777777777777777777777777", type: "REPLICA_SET" })).toThrow(/No project/);
    expect(() => emu?.addCluster("666666666666666666666666", { name: "bad name", id: "777777777777777777777777", type: "REPLICA_SET" })).toThrow(/Invalid cluster: name/);
    expect(() => emu?.setRestoreBehaviour("666666666666666666666666", "New0", { outcome: "EXPLODED" as never })).toThrow(/Invalid restore behaviour/);
  });

  it("adds fixtures over POST /__emulator/fixtures", async () => {
    emu = (await setup()).emu;
    const post = (b: unknown) => raw(`${emu?.baseUrl}/__emulator/fixtures`, { method: "POST", body: JSON.stringify(b) });
    expect((await post({ project: { id: "aaaaaaaaaaaaaaaaaaaaaaaa" } })).status).toBe(201);
    expect((await post({ projectId: "aaaaaaaaaaaaaaaaaaaaaaaa", cluster: { name: "Web0", id: "bbbbbbbbbbbbbbbbbbbbbbbb", type: "REPLICA_SET" } })).status).toBe(201);
    expect((await post({ projectId: "aaaaaaaaaaaaaaaaaaaaaaaa", clusterName: "Web0", snapshot: { id: "cccccccccccccccccccccccc", created: "2026-01-01T00:00:00Z", timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } } })).status).toBe(201);
    expect((await post({ projectId: "aaaaaaaaaaaaaaaaaaaaaaaa", clusterName: "Web0", restoreBehaviour: { outcome: "KILLED" } })).status).toBe(201);
    const dup = await post({ project: { id: "aaaaaaaaaaaaaaaaaaaaaaaa" } });
    expect(dup.status).toBe(400);
    expect(dup.body.detail).toMatch(/already exists/);
    expect((await post({ nothing: true })).status).toBe(400);
    const client = new DigestTestClient(emu);
    expect((await client.post(jobsPath("aaaaaaaaaaaaaaaaaaaaaaaa", "Web0"), { delivery: { methodName: "HTTP" }, snapshotId: "cccccccccccccccccccccccc" })).status).toBe(200);
  });

  it("withRestoreDuration (CLI --restore-seconds) sets every cluster's job duration", () => {
    const changed = withRestoreDuration(DEFAULT_FIXTURES, 600_000);
    const durations = changed.projects.flatMap((p) => p.clusters ?? []).map((c) => c.restoreBehaviour?.jobDurationMs);
    expect(new Set(durations)).toEqual(new Set([600_000]));
  });
});

/** examples/sharded-cluster compiles as a user's project and runs against the emulator. */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { compile, copyExample, upExample, type ExampleProject } from "./example-project";

const C0 = FIXTURE_IDS.cluster0;
let emulator: Emulator;
let project: ExampleProject;
beforeAll(async () => {
  project = copyExample("sharded-cluster");
  emulator = await startEmulator({ timeScale: 20 });
});
afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

test("compiles with its own tsconfig against the package's published types", async () => {
  expect(await compile(project)).toEqual({ code: 0, output: "" });
});

test("one batch, one READY download per shard and config server; the URLs are secret, the statuses are not", async () => {
  const run = await upExample(project, emulator, { projectId: FIXTURE_IDS.projectId, clusterName: C0.name, snapshotId: C0.snapshotId });
  expect(run.errors).toEqual([]);
  const jobs = emulator.jobs({ clusterName: C0.name });
  expect(jobs).toHaveLength(3);
  expect(new Set(jobs.map((j) => j.batchId))).toEqual(new Set([run.outputs.batchId]));

  const partIds = [C0.shard0.clusterId, C0.shard1.clusterId, C0.config.clusterId];
  expect(run.outputs.parts).toEqual(
    partIds.map((clusterId) => ({ jobId: jobs.find((j) => j.clusterId === clusterId)!.id, clusterId, status: "FINISHED", delivery: "READY" })),
  );
  expect(run.outputs.downloads).toEqual(Object.fromEntries(jobs.map((j) => [j.clusterId, j.delivery.url])));
  const downloads = run.outputs.downloads as Record<string, string>;
  expect(downloads[C0.config.clusterId]).toMatch(/\/config-Cluster0-config-0-[^/]+\.tar\.gz$/);
  expect(downloads[C0.shard1.clusterId]).toMatch(/\/Cluster0-shard-1-[^/]+\.tar\.gz$/);
  expect(run.secretOutputs.sort()).toEqual(["downloads"]);
});

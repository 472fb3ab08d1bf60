/** examples/dr-plan compiles as a user's project and runs against the emulator. */
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { compile, copyExample, upExample, type ExampleProject } from "./example-project";

const plan = [
  { source: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.snapshotId, target: IDS.drReplicaSet0.name },
  { source: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, target: IDS.drOrders0.name },
  { source: IDS.cluster0.name, snapshotId: IDS.cluster0.snapshotId, target: IDS.drCluster0.name },
];
const overwritableTargets = plan.map((p) => `${IDS.drProjectId}/${p.target}`);
const config = { projectId: IDS.projectId, drProjectId: IDS.drProjectId, plan: JSON.stringify(plan), overwritableTargets: JSON.stringify(overwritableTargets) };

let emulator: Emulator;
let project: ExampleProject;
beforeAll(async () => {
  project = copyExample("dr-plan");
  emulator = await startEmulator({ timeScale: 20 });
});
afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

test("compiles with its own tsconfig against the package's published types", async () => {
  expect(await compile(project)).toEqual({ code: 0, output: "" });
});

test("every planned cluster is restored into its DR cluster at the pinned snapshot; the same plan again restores nothing", async () => {
  const first = await upExample(project, emulator, config);
  expect(first.errors).toEqual([]);
  for (const p of plan) {
    const jobs = emulator.jobs({ projectId: IDS.projectId, clusterName: p.source });
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) {
      expect(j.statusName).toBe("FINISHED");
      expect(j.delivery).toMatchObject({ targetGroupId: IDS.drProjectId, targetClusterName: p.target });
    }
    const ref = jobs[0].batchId ?? jobs[0].id;
    expect((first.outputs.restores as Record<string, unknown>)[p.source]).toEqual({
      target: p.target,
      id: `${IDS.projectId}/${p.source}/${ref}`,
      status: "READY",
      rtoSeconds: expect.any(Number),
    });
  }
  expect(emulator.jobs({ clusterName: IDS.cluster0.name })).toHaveLength(3); // sharded: a batch of 3
  expect(first.engine.steps.map((s) => s.kind)).toEqual(["create", "create", "create"]);
  expect(first.outputs.summary).toMatchObject({ entries: 3, passed: 3, allPassed: true });

  // A second `up` of the unchanged plan, on the same state: pinned points mean no new restore.
  const before = emulator.jobs().length;
  const second = await upExample(project, emulator, config, first.engine.state);
  expect(second.errors).toEqual([]);
  expect(second.engine.steps.map((s) => s.kind)).toEqual(["same", "same", "same"]);
  expect(emulator.jobs()).toHaveLength(before);
});

test("a target missing from overwritableTargets fails the whole plan before any request", async () => {
  emulator.clearRequestLog();
  const run = upExample(project, emulator, { ...config, overwritableTargets: JSON.stringify(overwritableTargets.slice(1)) });
  await expect(run).rejects.toThrow(/\[overwritable-target\] entries\.ReplicaSet0\.delivery targets 6d72ec0087d9d61443b4d001\/DrReplicaSet0, which is not in overwritableTargets/);
  expect(emulator.requestLog).toEqual([]);
});

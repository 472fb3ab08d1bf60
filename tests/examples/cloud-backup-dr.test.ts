/** examples/cloud-backup-dr compiles as a user's project and runs against the emulator's v2 Cloud Backup API. */
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { compile, copyExample, upExample, type ExampleProject } from "./example-project";

const plan = [
  { source: IDS.cloudReplicaSet0.name, target: IDS.drCloudReplicaSet0.name },
  { source: IDS.cloudCluster0.name, target: IDS.drCloudCluster0.name },
];
const config = (drill: string) => ({ projectId: IDS.projectId, drProjectId: IDS.drProjectId, plan: JSON.stringify(plan), drill });

let emulator: Emulator;
let project: ExampleProject;
beforeAll(async () => {
  project = copyExample("cloud-backup-dr");
  emulator = await startEmulator({ timeScale: 20 });
});
afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

test("compiles with its own tsconfig against the package's published types", async () => {
  expect(await compile(project)).toEqual({ code: 0, output: "" });
});

test("restores at the latest non-fallback snapshot; a new snapshot changes nothing; a new drill restores once more", async () => {
  const first = await upExample(project, emulator, config("2026-03-01"));
  expect(first.errors).toEqual([]);
  expect(first.outputs.restores).toEqual({
    [IDS.cloudReplicaSet0.name]: { target: IDS.drCloudReplicaSet0.name, status: "COMPLETED", snapshot: IDS.cloudReplicaSet0.latestSnapshotId, restoredTo: "2026-01-03T06:00:00Z" },
    [IDS.cloudCluster0.name]: { target: IDS.drCloudCluster0.name, status: "COMPLETED", snapshot: IDS.cloudCluster0.latestSnapshotId, restoredTo: "2026-01-03T06:00:00Z" },
  });
  expect(emulator.cloudJobs()).toHaveLength(2);

  // Atlas takes a new snapshot: the same `up` again is a no-op (no restore, selector unchanged).
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  emulator.addSnapshot(IDS.projectId, IDS.cloudReplicaSet0.name, { id: "6b9a1c0b87d9d61443b4c10b", created: now, timestamp: { date: now, increment: 1 } });
  const second = await upExample(project, emulator, config("2026-03-01"), first.engine.state);
  expect(second.errors).toEqual([]);
  expect(second.engine.steps.map((s) => s.kind)).toEqual(["same", "same"]);
  expect(emulator.cloudJobs()).toHaveLength(2);

  // The next drill: one new restore per cluster, now at the new snapshot.
  const third = await upExample(project, emulator, config("2026-04-01"), second.engine.state);
  expect(third.errors).toEqual([]);
  expect(third.engine.steps.map((s) => s.kind)).toEqual(["replace", "replace"]);
  expect(emulator.cloudJobs()).toHaveLength(4);
  expect((third.outputs.restores as Record<string, { snapshot: string }>)[IDS.cloudReplicaSet0.name].snapshot).toBe("6b9a1c0b87d9d61443b4c10b");
});

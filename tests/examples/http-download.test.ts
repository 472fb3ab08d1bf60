/** examples/http-download compiles as a user's project and runs against the emulator. */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { compile, copyExample, upExample, type ExampleProject } from "./example-project";

let emulator: Emulator;
let project: ExampleProject;
beforeAll(async () => {
  project = copyExample("http-download");
  emulator = await startEmulator({ timeScale: 20 });
});
afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

test("compiles with its own tsconfig against the package's published types", async () => {
  const { code, output } = await compile(project);
  expect(output).toBe("");
  expect(code).toBe(0);
});

test("restores a replica set's snapshot as one download link: status READY, URL secret, delivery settings sent", async () => {
  const run = await upExample(project, emulator, {
    projectId: FIXTURE_IDS.projectId,
    clusterName: FIXTURE_IDS.orders0.name,
    snapshotId: FIXTURE_IDS.orders0.snapshotId,
    expirationHours: "6",
    maxDownloads: "3",
  });
  expect(run.errors).toEqual([]);
  const [job] = emulator.jobs({ clusterName: FIXTURE_IDS.orders0.name });
  expect(run.outputs).toMatchObject({
    restoreId: `${FIXTURE_IDS.projectId}/${FIXTURE_IDS.orders0.name}/${job.id}`,
    status: "READY",
    expiresAt: job.delivery.expires,
  });
  expect(run.outputs.batchId).toBeUndefined(); // a replica set restore is a single job, no batch
  expect(run.outputs.deliveryUrls).toEqual([job.delivery.url]);
  expect(run.secretOutputs).toEqual(["deliveryUrls"]);
  expect(job.delivery).toMatchObject({ statusName: "READY", expirationHours: 6, maxDownloads: 3 });
  expect(emulator.jobs()).toHaveLength(1);
});

test("runs the same with a service account instead of an API key: one token, Bearer on every API request, no digest challenge", async () => {
  const before = emulator.requestLog.length;
  const run = await upExample(project, emulator, {
    projectId: FIXTURE_IDS.projectId,
    clusterName: FIXTURE_IDS.replicaSet0.name,
    snapshotId: FIXTURE_IDS.replicaSet0.snapshotId,
  }, { resources: {} }, "service-account");
  expect(run.errors).toEqual([]);
  expect(run.outputs).toMatchObject({ status: "READY" });
  const wire = emulator.requestLog.slice(before);
  expect(wire.filter((e) => e.path === "/api/oauth/token").map((e) => e.status)).toEqual([200]);
  expect(wire.filter((e) => e.status === 401)).toEqual([]);
  expect(wire.filter((e) => e.path.startsWith("/api/atlas/")).every((e) => e.authenticated)).toBe(true);
  expect(emulator.tokens.stats().live).toBe(0); // revoked when the plugin exited
});

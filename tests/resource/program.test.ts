/** A real program under `pulumi.runtime.setMocks`, its dynamic resources forwarded to the plugin. */
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../../local-engine/run-program";
import { openPluginSession, type PluginSession } from "../helpers/plugin-session";
import { acceptedPosts, IDS } from "./helpers";

let emulator: Emulator;
let s: PluginSession;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 10 });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});

test("pulumi up of a program: outputs resolve, URLs are secret, a second up starts no restore", async () => {
  const program = { engine: s.engine, programPath: join(__dirname, "programs/seed-drill.ts"), config: { "drill:projectId": IDS.projectId, "drill:snapshotId": IDS.cluster0.snapshotId } };
  const posts = acceptedPosts(emulator);
  const first = await runProgram(program);
  expect(first.errors).toEqual([]);
  expect(first.outputs).toMatchObject({ status: "READY", batchId: expect.stringMatching(/^[a-f0-9]{24}$/), partStatuses: ["READY", "READY", "READY"] });
  expect(first.outputs.deliveryUrls).toHaveLength(3);
  // deliveryUrls is secret; so is anything derived from `jobs`, which holds secret URLs and auth
  // values. `status` and `statusDetail` stay readable.
  expect(first.secretOutputs.sort()).toEqual(["deliveryUrls", "partStatuses"]);
  expect(first.outputs.statusDetail).toEqual([expect.stringMatching(/FINISHED\/READY \(READY\)$/), expect.any(String), expect.any(String)]);
  // The resource the program declared carried the provider exactly as the tests serialize it.
  const [stored] = Object.values(s.state.resources);
  expect(stored.inputs.__provider).toBe(s.providerText);

  const second = await runProgram(program);
  expect(second.errors).toEqual([]);
  expect(second.outputs.batchId).toBe(first.outputs.batchId);
  expect(s.engine.steps.map((x) => x.kind)).toEqual(["create", "same"]);
  expect(acceptedPosts(emulator) - posts).toBe(1);
});

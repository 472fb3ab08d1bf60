import { startEmulator, FIXTURE_IDS, type Emulator } from "../../emulator";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";

let emulator: Emulator;
let session: PluginSession;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 10 });
  session = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
});
afterAll(async () => {
  await session?.close();
  await emulator?.close();
});

test("smoke: HTTP restore of the sharded seed cluster through the plugin", async () => {
  const r = await session.engine.register(RESTORE_JOB_TYPE, "seed", {
    __provider: session.providerText,
    projectId: FIXTURE_IDS.projectId,
    clusterName: "Cluster0",
    snapshotId: FIXTURE_IDS.cluster0.snapshotId,
    delivery: { methodName: "HTTP" },
  });
  console.log(JSON.stringify({ ...r.outputs, __provider: r.outputs.__provider ? (r.outputs.__provider as string).length : 0 }, null, 1));
  expect(r.id).toMatch(/^6b99999887d9d61443b41657\/Cluster0\/[a-f0-9]{24}$/);
});

import { AtlasClient } from "../../provider/atlas";
import { startEmulator, FIXTURE_IDS, type Emulator } from "../../emulator";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
});
afterAll(() => emulator.close());

test("concurrent first requests share one digest challenge, then each uses its own nonce count", async () => {
  const client = new AtlasClient({ baseUrl: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey, requestsPerMinute: 10_000 });
  try {
    emulator.clearRequestLog();
    const lists = await Promise.all(Array.from({ length: 20 }, () => client.listRestoreJobs(FIXTURE_IDS.projectId, "Cluster0")));
    expect(lists).toHaveLength(20);
    const challenged = emulator.requestLog.filter((e) => !e.authenticated);
    const served = emulator.requestLog.filter((e) => e.authenticated && e.status === 200);
    expect(challenged).toHaveLength(1);
    expect(served).toHaveLength(20);
  } finally {
    await client.close();
  }
});

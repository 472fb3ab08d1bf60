/**
 * The real engine with a service account instead of an API key: stack config
 * mongodbatlas:clientId / clientSecret (secret), one restore through up, refresh and destroy;
 * one token per plugin process, each revoked when the engine closes the plugin, and neither the
 * client secret nor a token anywhere in the state.
 */
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { AuthorizationCapture, postsSent, scanForSecrets } from "../reliability/helpers";
import { describeRealEngine, openRealStack, readTree, restoreResources, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const download: ResourceSpec = {
  name: "orders-sa",
  args: { projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "HTTP" } },
};

describeRealEngine("real engine: a service account (OAuth 2.0) instead of an API key", () => {
  let emulator: Emulator;
  let stack: RealStack;
  const headers = new AuthorizationCapture();
  beforeAll(async () => {
    headers.start();
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({
      project: "re-service-account",
      emulator,
      credentials: { "mongodbatlas:clientId": emulator.clientId, "mongodbatlas:clientSecret": { secret: emulator.clientSecret }, "mongodbatlas:baseUrl": emulator.baseUrl },
    });
  });
  afterAll(async () => {
    headers.stop();
    stack?.remove();
    await emulator?.close();
  });

  test("up, refresh, destroy: READY with one POST; every token minted is revoked; no secret in state", async () => {
    const up = await stack.op("up", [download]);
    expect(up.error).toBeUndefined();
    expect(restoreResources(up)[0].outputs?.status).toBe("READY");
    const refresh = await stack.op("refresh", [download]);
    expect(refresh.error).toBeUndefined();
    expect(postsSent(emulator, IDS.orders0.name)).toBe(1);
    // Digest was never used: every API request carried the Bearer token.
    expect(emulator.requestLog.filter((e) => e.path.startsWith("/api/atlas/") && e.status === 401)).toEqual([]);

    const exported = await stack.cli(["stack", "export"]);
    const corpus = new Map<string, string>([["stack export", exported.stdout]]);
    for (const f of [...readTree(stack.backendDir), ...readTree(stack.workDir)]) corpus.set(f.path, f.text);
    const tokens = [...headers.values].filter((v) => v.startsWith("Bearer ")).map((v) => v.slice("Bearer ".length));
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    const secrets = Object.fromEntries([["clientSecret", emulator.clientSecret], ...tokens.map((t, i) => [`token${i}`, t])]);
    expect(scanForSecrets(corpus, secrets)).toEqual([]);

    const destroyed = await stack.op("destroy", [download]);
    expect(destroyed.error).toBeUndefined();
    const stats = emulator.tokens.stats();
    expect({ live: stats.live, revoked: stats.revoked }).toEqual({ live: 0, revoked: stats.issued });
  });
});

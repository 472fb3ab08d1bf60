/**
 * Service accounts through the real plugin path (the serialized provider inside the SDK's
 * dynamic-provider plugin process, over gRPC, against the emulator's token endpoint and Bearer
 * auth over HTTP): a token revoked mid-wait, concurrent restores sharing one token, revocation at
 * a clean exit, and the configuration rules (priority with a warning, half pairs, environment
 * variables and the official tools' aliases, a wrong secret). Counted at the emulator.
 */
import { randomBytes } from "node:crypto";
import { startEmulator, type Emulator } from "../../emulator";
import { ProviderPlugin } from "../../local-engine/plugin";
import { makeUserProject, openPluginSession, RESTORE_JOB_TYPE, serializedProvider, waitForLog, type PluginSession } from "../helpers/plugin-session";
import { mintToken } from "../emulator/helpers";
import { addProjectWithClusters, postsSent, restoresAt, until, type Props } from "./helpers";

jest.setTimeout(120_000);

const TOKEN = "/api/oauth/token";
const sa = { clientId: `mdb_sa_id_${randomBytes(12).toString("hex")}`, clientSecret: `mdb_sa_sk_${randomBytes(16).toString("hex")}` };
const tokenRequests = (e: Emulator) => e.requestLog.filter((x) => x.path === TOKEN).length;
/** Restore POSTs that reached the emulator, authenticated or not. */
const postsOnWire = (e: Emulator, cluster: string) => e.requestLog.filter((x) => x.method === "POST" && x.path.includes(`/clusters/${cluster}/`)).map((x) => x.status);

let emu: Emulator; // timeScale 10
let s: PluginSession;

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 10, ...sa });
  s = await openPluginSession({ apiBase: emu.apiBase, ...sa, env: { ATLAS_RESTORE_DEBUG: "1" } });
});
afterAll(async () => {
  await s?.close();
  await emu?.close();
});

const http = (projectId: string, clusterName: string, snapshotId: string, extra: Props = {}): Props => ({
  __provider: s.providerText, projectId, clusterName, snapshotId, delivery: { methodName: "HTTP" }, waitTimeoutMinutes: 5, ...extra,
});

describe("restores with a service account", () => {
  test("a token revoked in the emulator mid-wait: one new token, the wait continues, no second POST", async () => {
    const { projectId, snapshots } = addProjectWithClusters(emu, ["SaWait0"]);
    emu.setRestoreBehaviour(projectId, "SaWait0", { jobDurationMs: 60_000 }); // 6 real seconds
    const tokensBefore = tokenRequests(emu);
    const created = s.engine.register(RESTORE_JOB_TYPE, "sa-wait", http(projectId, "SaWait0", snapshots.SaWait0));
    // Revoke once the POST is in and the wait has polled with the token.
    const polls = () => emu.requestLog.filter((e) => e.method === "GET" && e.status === 200 && e.path.includes("/clusters/SaWait0/")).length;
    await until(() => postsSent(emu, "SaWait0") === 1 && polls() >= 1, "the POST and a first poll");
    expect(emu.tokens.revokeAll()).toBeGreaterThanOrEqual(1);
    const r = await created;
    expect(r.outputs.status).toBe("READY");
    const refused = emu.requestLog.filter((e) => e.status === 401 && e.path.includes("/clusters/SaWait0/"));
    expect(refused.map((e) => e.method)).toEqual(["GET"]);
    expect(tokenRequests(emu) - tokensBefore).toBe(2); // the first token, then exactly one new one
    expect(postsSent(emu, "SaWait0")).toBe(1);
    expect(restoresAt(emu, "SaWait0")).toBe(1);
    expect(s.logs).toContain("[atlas-restore] GET -> 401 to Bearer [REDACTED]: retrying once with a fresh token");
  });

  test("a POST refused with a revoked token is not re-sent: nothing created, the error says so, the next up restores once", async () => {
    const { projectId, snapshots } = addProjectWithClusters(emu, ["SaPost0", "SaWarm0"]);
    await s.engine.register(RESTORE_JOB_TYPE, "sa-warm", http(projectId, "SaWarm0", snapshots.SaWarm0, { waitFor: "none" })); // holds a token now
    // The token is revoked between the list a create sends first and its POST.
    emu.faults.latency({ ms: 1_000, method: "GET", path: /\/clusters\/SaPost0\/restoreJobs$/, count: 1 });
    const inputs = http(projectId, "SaPost0", snapshots.SaPost0, { waitFor: "none" });
    const pending = s.engine.register(RESTORE_JOB_TYPE, "sa-post", inputs).catch((x: Error) => x);
    await until(() => emu.requestLog.some((x) => x.authenticated && x.method === "GET" && x.path.endsWith("/clusters/SaPost0/restoreJobs")), "the list before the POST");
    emu.tokens.revokeAll();
    const e = await pending;
    expect((e as Error).message).toMatch(/POST \/groups\/\S+\/clusters\/SaPost0\/restoreJobs failed: 401 .*The POST was not re-sent; run the operation again/);
    expect([postsOnWire(emu, "SaPost0"), restoresAt(emu, "SaPost0")]).toEqual([[401], 0]);
    expect(Object.keys(s.state.resources).filter((urn) => urn.endsWith("::sa-post"))).toEqual([]);
    await s.engine.register(RESTORE_JOB_TYPE, "sa-post", inputs);
    expect([postsOnWire(emu, "SaPost0"), restoresAt(emu, "SaPost0")]).toEqual([[401, 200], 1]);
  });

  test("20 concurrent restores in a new plugin process share one token", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `SaMany${i}`);
    const { projectId, snapshots } = addProjectWithClusters(emu, names);
    await s.restart(); // a new process holds no token yet
    const before = tokenRequests(emu);
    const results = await Promise.all(names.map((n) => s.engine.register(RESTORE_JOB_TYPE, n, http(projectId, n, snapshots[n], { waitFor: "none" }))));
    expect(results.every((r) => typeof r.id === "string")).toBe(true);
    expect(tokenRequests(emu) - before).toBe(1);
    expect(restoresAt(emu, undefined, projectId)).toBe(20);
  });

  test("a clean exit (SIGINT, as the engine sends) revokes the tokens this plugin minted; a SIGKILL cannot", async () => {
    const { projectId, snapshots } = addProjectWithClusters(emu, ["SaExit0", "SaExit1"]);
    await s.engine.register(RESTORE_JOB_TYPE, "sa-exit-0", http(projectId, "SaExit0", snapshots.SaExit0, { waitFor: "none" }));
    expect(emu.tokens.stats().live).toBeGreaterThanOrEqual(1);
    const revokes = () => emu.requestLog.filter((e) => e.path === "/api/oauth/revoke").map((e) => e.status);
    const before = revokes().length;
    await s.restart("SIGINT");
    expect(emu.tokens.stats().live).toBe(0);
    expect(revokes().slice(before)).toEqual([200]);

    await s.engine.register(RESTORE_JOB_TYPE, "sa-exit-1", http(projectId, "SaExit1", snapshots.SaExit1, { waitFor: "none" }));
    await s.restart("SIGKILL");
    expect(emu.tokens.stats().live).toBe(1); // left to expire
    emu.tokens.revokeAll();
  });
});

describe("configuration", () => {
  const project = makeUserProject("sa-config");
  afterAll(() => project.remove());
  const urn = `urn:pulumi:dev::restore-test::${RESTORE_JOB_TYPE}::cfg`;
  let n = 0;

  /** A fresh plugin with `env` and stack `config`; one create of an HTTP restore. */
  async function createWith(config: Record<string, string | { secret: string }>, env: NodeJS.ProcessEnv = {}) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONGODB_ATLAS_") && !k.startsWith("MCLI_")));
    const logs: string[] = [];
    const plugin = await ProviderPlugin.start({ cwd: project.dir, project: "restore-test", env: { ...clean, ...env }, onLog: (l) => logs.push(l) });
    try {
      await plugin.configure({ "mongodbatlas:baseUrl": emu.apiBase, ...config });
      const cluster = `SaCfg${++n}`;
      const { projectId, snapshots } = addProjectWithClusters(emu, [cluster]);
      const before = emu.requestLog.length;
      const result = await plugin.create(urn, { ...http(projectId, cluster, snapshots[cluster], { waitFor: "none" }), __provider: await serializedProvider() })
        .then((r) => ({ ok: true as const, r }), (e: Error) => ({ ok: false as const, e }));
      return { result, logs, wire: emu.requestLog.slice(before), restores: restoresAt(emu, cluster, projectId) };
    } finally {
      await plugin.stop();
    }
  }
  const secret = (v: string) => ({ secret: v });

  test("service account and API key both set: the service account wins, with a warning naming the ignored API key", async () => {
    const { result, logs, wire, restores } = await createWith({
      "mongodbatlas:clientId": sa.clientId, "mongodbatlas:clientSecret": secret(sa.clientSecret),
      "mongodbatlas:publicKey": emu.publicKey, "mongodbatlas:privateKey": secret(emu.privateKey),
    });
    expect(result.ok).toBe(true);
    expect(restores).toBe(1);
    expect(wire.map((e) => `${e.method} ${e.path === TOKEN ? "token" : "api"} ${e.status}`)).toEqual(["POST token 200", "GET api 200", "POST api 200"]);
    expect(await waitForLog(logs, /warning: several Atlas credentials/)).toBe(
      "[atlas-restore] warning: several Atlas credentials are configured; using the service account (mongodbatlas:clientId / mongodbatlas:clientSecret) " +
        "and ignoring the API key (mongodbatlas:publicKey / mongodbatlas:privateKey), the official provider's priority (access token > service account > API key).",
    );
  });

  test("an access token wins over both; the warning names both ignored", async () => {
    const token = await mintToken(emu);
    const { result, logs, wire } = await createWith({
      "mongodbatlas:accessToken": secret(token), "mongodbatlas:clientId": sa.clientId, "mongodbatlas:clientSecret": secret(sa.clientSecret),
      "mongodbatlas:publicKey": emu.publicKey, "mongodbatlas:privateKey": secret(emu.privateKey),
    });
    expect(result.ok).toBe(true);
    expect(wire.map((e) => e.path === TOKEN)).not.toContain(true);
    expect(await waitForLog(logs, /warning:/)).toMatch(/using the access token \(mongodbatlas:accessToken\) and ignoring the service account \(.*\) and the API key \(/);
  });

  test("credentials come from one source: with an API key in stack config, a service account in the environment is not used", async () => {
    const { result, logs, wire } = await createWith(
      { "mongodbatlas:publicKey": emu.publicKey, "mongodbatlas:privateKey": secret(emu.privateKey) },
      { MONGODB_ATLAS_CLIENT_ID: sa.clientId, MONGODB_ATLAS_CLIENT_SECRET: sa.clientSecret },
    );
    expect(result.ok).toBe(true);
    expect(wire.map((e) => e.status)).toEqual([401, 200, 200]); // digest challenge, the list before the POST, the POST: no token request
    expect(logs.some((l) => /warning:/.test(l))).toBe(false);
  });

  test.each([
    [{ "mongodbatlas:clientId": sa.clientId }, /^The service account is half configured: mongodbatlas:clientId is set but mongodbatlas:clientSecret \(or the environment variable MONGODB_ATLAS_CLIENT_SECRET\) is not\. Set both, or remove mongodbatlas:clientId\.$/],
    [{ "mongodbatlas:clientSecret": secret(sa.clientSecret) }, /half configured: mongodbatlas:clientSecret is set but mongodbatlas:clientId \(or the environment variable MONGODB_ATLAS_CLIENT_ID\) is not/],
    [{ "mongodbatlas:privateKey": secret("some-private-key"), "mongodbatlas:clientId": sa.clientId, "mongodbatlas:clientSecret": secret(sa.clientSecret) }, /^The API key is half configured: mongodbatlas:privateKey is set but mongodbatlas:publicKey/],
  ])("half a pair is an error naming the missing half, and sends nothing (%#)", async (config, message) => {
    const { result, wire, restores } = await createWith(config);
    expect(result.ok ? "created" : result.e.message).toMatch(message);
    expect([wire.length, restores]).toEqual([0, 0]);
  });

  test("the environment: MONGODB_ATLAS_CLIENT_ID / _SECRET, and the official tools' MONGODB_ATLAS_PUBLIC_API_KEY / _PRIVATE_API_KEY", async () => {
    const viaSa = await createWith({}, { MONGODB_ATLAS_CLIENT_ID: sa.clientId, MONGODB_ATLAS_CLIENT_SECRET: sa.clientSecret });
    expect([viaSa.result.ok, viaSa.restores, viaSa.wire[0]?.path]).toEqual([true, 1, TOKEN]);
    const viaAlias = await createWith({}, { MONGODB_ATLAS_PUBLIC_API_KEY: emu.publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: emu.privateKey });
    expect([viaAlias.result.ok, viaAlias.restores]).toEqual([true, 1]);
    expect(viaAlias.wire.map((e) => e.status)).toEqual([401, 200, 200]); // digest: challenge, the list before the POST, the POST
  });

  test("a wrong client secret: the token endpoint's message, naming the settings; nothing created", async () => {
    const { result, wire, restores } = await createWith({ "mongodbatlas:clientId": sa.clientId, "mongodbatlas:clientSecret": secret("mdb_sa_sk_wrong") });
    const message = result.ok ? "created" : result.e.message;
    expect(message).toMatch(/POST \/api\/oauth\/token\) failed: 401 invalid_client: Invalid credentials provided\. The API request was not sent\./);
    expect(message).toMatch(/Check mongodbatlas:clientId \/ mongodbatlas:clientSecret \(or MONGODB_ATLAS_CLIENT_ID \/ MONGODB_ATLAS_CLIENT_SECRET\)/);
    expect(message).not.toContain("mdb_sa_sk_wrong");
    expect([wire.map((e) => e.status), restores]).toEqual([[401], 0]);
  });
});


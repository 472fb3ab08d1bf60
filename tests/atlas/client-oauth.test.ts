/**
 * AtlasClient with a service account, against the real emulator over real HTTP: one token per
 * client id per process shared by concurrent requests, renewal ahead of expiry, a 401 to a
 * revoked token (one fresh token and one re-sent GET; a POST never re-sent), the token endpoint's
 * own errors (wrong secret, token cap, 429) with their messages, a pre-minted access token,
 * revocation at exit, and redaction of the secret and the tokens.
 */
import { AtlasClient, isAtlasApiError, resetTokenSources, revokeMintedTokens, type AtlasClientOptions } from "../../provider/atlas";
import { FIXTURE_IDS, startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { mintToken } from "../emulator/helpers";

const P = FIXTURE_IDS.projectId;
const RS = FIXTURE_IDS.replicaSet0;
const TOKEN = "/api/oauth/token";

interface World {
  emu: Emulator;
  /** The emulator's and the client's clock (emulated = real ms here). */
  advance(ms: number): void;
  client(o?: Partial<AtlasClientOptions>): AtlasClient;
  logs: string[];
}

const clients: AtlasClient[] = [];
const emulators: Emulator[] = [];

async function world(o: EmulatorOptions = {}): Promise<World> {
  let now = Date.parse("2026-03-01T12:00:00Z");
  const emu = await startEmulator({ clock: () => now, rateLimit: false, ...o });
  emulators.push(emu);
  const logs: string[] = [];
  return {
    emu,
    logs,
    advance: (ms) => void (now += ms),
    client: (extra = {}) => {
      const c = new AtlasClient({
        baseUrl: emu.baseUrl, clientId: emu.clientId, clientSecret: emu.clientSecret, clock: () => now,
        requestsPerMinute: 1e6, log: (l) => logs.push(l), ...extra,
      });
      clients.push(c);
      return c;
    },
  };
}

const wire = (emu: Emulator) => emu.requestLog.map((e) => `${e.method} ${e.path === TOKEN ? "token" : e.path.includes("/restoreJobs") ? "restoreJobs" : e.path} ${e.status}`);
const tokenRequests = (emu: Emulator) => emu.requestLog.filter((e) => e.path === TOKEN).length;
/** A client lists once, its token is revoked, it lists again. */
async function revokedBetweenTwoLists(): Promise<World> {
  const w = await world();
  const c = w.client();
  await c.listRestoreJobs(P, RS.name);
  w.emu.tokens.revokeAll();
  await c.listRestoreJobs(P, RS.name);
  return w;
}

const httpBody = { snapshotId: RS.snapshotId, delivery: { methodName: "HTTP" as const } };

beforeEach(() => resetTokenSources());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

describe("one token per client id per process", () => {
  test("200 concurrent first requests share one token request, and every one is answered", async () => {
    const w = await world();
    const c = w.client();
    const jobs = await Promise.all(Array.from({ length: 200 }, () => c.listRestoreJobs(P, RS.name)));
    expect(jobs).toHaveLength(200);
    expect(tokenRequests(w.emu)).toBe(1);
    expect(w.emu.requestLog.filter((e) => e.status === 401)).toHaveLength(0);
    expect(w.emu.tokens.stats()).toEqual({ issued: 1, live: 1, revoked: 0 });
  });

  test("a second AtlasClient of the same service account in this process reuses the token", async () => {
    const w = await world();
    await w.client().listRestoreJobs(P, RS.name);
    await w.client().listRestoreJobs(P, RS.name);
    expect(tokenRequests(w.emu)).toBe(1);
  });

  test("the Basic header escapes the id and secret like MongoDB's SDK, so unusual secrets work", async () => {
    const w = await world({ clientId: "mdb_sa_id_x+y%z!", clientSecret: "sk+/!*'()~:é" });
    await w.client().listRestoreJobs(P, RS.name);
    expect(wire(w.emu)).toEqual(["POST token 200", "GET restoreJobs 200"]);
  });
});

describe("renewal ahead of expiry", () => {
  test("a 1-hour token is used for 50 minutes, then renewed before it expires: no 401 ever", async () => {
    const w = await world();
    const c = w.client();
    await c.listRestoreJobs(P, RS.name);
    w.advance(49 * 60_000);
    await c.listRestoreJobs(P, RS.name);
    expect(tokenRequests(w.emu)).toBe(1);
    w.advance(2 * 60_000); // 51 min: inside the 10-minute renewal window, the old token still valid
    await c.listRestoreJobs(P, RS.name);
    expect(tokenRequests(w.emu)).toBe(2);
    expect(w.emu.tokens.stats().live).toBe(2); // renewed while the first one was still alive
    expect(w.emu.requestLog.filter((e) => e.status === 401)).toHaveLength(0);
  });

  test("a short-lived token is renewed at half its lifetime", async () => {
    const w = await world({ tokenLifetimeSeconds: 60 });
    const c = w.client();
    await c.listRestoreJobs(P, RS.name);
    w.advance(29_000);
    await c.listRestoreJobs(P, RS.name);
    w.advance(2_000);
    await c.listRestoreJobs(P, RS.name);
    expect(tokenRequests(w.emu)).toBe(2);
  });

  test("if the early renewal fails, the still-valid token keeps working", async () => {
    const w = await world();
    const c = w.client();
    await c.listRestoreJobs(P, RS.name);
    w.advance(55 * 60_000);
    w.emu.faults.failNext({ status: 503, path: /^\/api\/oauth\/token$/ });
    await c.listRestoreJobs(P, RS.name);
    expect(wire(w.emu)).toEqual(["POST token 200", "GET restoreJobs 200", "POST token 503", "GET restoreJobs 200"]);
  });
});

describe("a 401 to a token that should be valid", () => {
  test("GET: one fresh token and one re-sent GET", async () => {
    const w = await revokedBetweenTwoLists();
    expect(wire(w.emu)).toEqual(["POST token 200", "GET restoreJobs 200", "GET restoreJobs 401", "POST token 200", "GET restoreJobs 200"]);
    expect(w.logs).toContain("GET -> 401 to Bearer [REDACTED]: retrying once with a fresh token");
  });

  test("200 concurrent GETs answered 401 after a revocation mint one new token between them", async () => {
    const w = await world();
    const c = w.client();
    await c.listRestoreJobs(P, RS.name);
    w.emu.tokens.expireAll();
    await Promise.all(Array.from({ length: 200 }, () => c.listRestoreJobs(P, RS.name)));
    expect(tokenRequests(w.emu)).toBe(2);
  });

  test("GET refused again with the fresh token: a clear error naming the service account and the v1.0 uncertainty", async () => {
    const w = await world();
    const c = w.client();
    await c.listRestoreJobs(P, RS.name);
    w.emu.faults.failNext({ status: 401, method: "GET", count: 2 });
    const e = await c.listRestoreJobs(P, RS.name).catch((x) => x);
    expect(isAtlasApiError(e) && e.status).toBe(401);
    expect(e.message).toMatch(/Atlas refused the service account's token/);
    expect(e.message).toMatch(/mongodbatlas:clientId/);
    expect(e.message).toMatch(/legacy v1\.0 restore paths accept them is undocumented/);
    expect(wire(w.emu)).toEqual(["POST token 200", "GET restoreJobs 200", "GET restoreJobs 401", "POST token 200", "GET restoreJobs 401"]);
  });

  test("POST: never re-sent; the error says so and the next request gets a fresh token", async () => {
    const w = await world();
    const c = w.client();
    await c.listRestoreJobs(P, RS.name);
    w.emu.tokens.revokeAll();
    const e = await c.createRestoreJobs(P, RS.name, httpBody).catch((x) => x);
    expect(isAtlasApiError(e) && [e.status, e.requestOutcome]).toEqual([401, "rejected"]);
    expect(e.message).toMatch(/The POST was not re-sent/);
    expect(w.emu.requestLog.filter((x) => x.method === "POST" && x.path !== TOKEN)).toHaveLength(1);
    expect(w.emu.jobs({ clusterName: RS.name })).toHaveLength(0);
    await c.createRestoreJobs(P, RS.name, httpBody);
    expect(wire(w.emu)).toEqual(["POST token 200", "GET restoreJobs 200", "POST restoreJobs 401", "POST token 200", "POST restoreJobs 200"]);
  });
});

describe("the token endpoint's own errors", () => {
  test("wrong secret: 401 invalid_client, naming the settings; no API request, no retry", async () => {
    const w = await world();
    const e = await w.client({ clientSecret: "mdb_sa_sk_wrong" }).listRestoreJobs(P, RS.name).catch((x) => x);
    expect(isAtlasApiError(e) && [e.status, e.errorCode, e.requestOutcome]).toEqual([401, "invalid_client", "not-sent"]);
    expect(e.message).toBe(
      "Getting a service-account token (POST /api/oauth/token) failed: 401 invalid_client: Invalid credentials provided. " +
        "The API request was not sent. Atlas does not accept this client id and secret. Check mongodbatlas:clientId / " +
        "mongodbatlas:clientSecret (or MONGODB_ATLAS_CLIENT_ID / MONGODB_ATLAS_CLIENT_SECRET): the client id is the service " +
        "account's (mdb_sa_id_…), the secret one of its secrets (mdb_sa_sk_…). Secrets expire: if it has, create a new one in " +
        "Organization Access Manager > Service Accounts.",
    );
    expect(wire(w.emu)).toEqual(["POST token 401"]);
  });

  test("token cap reached: 403 access_denied says what it means", async () => {
    const w = await world({ maxLiveTokens: 1 });
    await w.client({ clientId: w.emu.clientId }).listRestoreJobs(P, RS.name); // holds the only live token
    resetTokenSources(); // as another process would: it does not share this process's token
    const e = await w.client().listRestoreJobs(P, RS.name).catch((x) => x);
    expect(isAtlasApiError(e) && [e.status, e.errorCode]).toEqual([403, "access_denied"]);
    expect(e.message).toMatch(/^Getting a service-account token \(POST \/api\/oauth\/token\) failed: 403 access_denied: Access Token limit reached/);
    expect(e.message).toMatch(/already holds its maximum of 100 live access tokens\. Tokens live one hour; other processes using the same service account/);
    expect(tokenRequests(w.emu)).toBe(2);
  });

  test("token endpoint 429: its own message with Retry-After when retries are used up", async () => {
    const w = await world({ tokenRateLimit: { requests: 1, windowMs: 60_000 } });
    await w.client().listRestoreJobs(P, RS.name);
    resetTokenSources();
    const e = await w.client({ retry: { limit: 0 } }).listRestoreJobs(P, RS.name).catch((x) => x);
    expect(isAtlasApiError(e) && [e.status, e.errorCode, e.retryAfterMs]).toEqual([429, "RATE_LIMITED", 60_000]);
    expect(e.message).toMatch(/^Getting a service-account token \(POST \/api\/oauth\/token\) failed: 429 RATE_LIMITED: Resource \/api\/oauth\/token is limited to 1 requests every 1 minutes\. The API request was not sent\. The token endpoint is rate limited: Atlas counts token requests per IP address and service account\./);
    expect(e.message).toMatch(/Atlas asks to wait 60 s\.$/);
  });

  test("token endpoint 429 before a POST: the POST is sent once, after Retry-After", async () => {
    const w = await world();
    w.emu.faults.failNext({ status: 429, path: /^\/api\/oauth\/token$/, headers: { "retry-after": "0" } });
    await w.client().createRestoreJobs(P, RS.name, httpBody);
    expect(wire(w.emu)).toEqual(["POST token 429", "POST token 200", "POST restoreJobs 200"]);
  });

  test("a token endpoint answering HTML: a bad-response error, the API request not sent", async () => {
    const w = await world();
    w.emu.faults.failNext({ status: 200, path: /^\/api\/oauth\/token$/, body: "<html>login</html>" });
    const e = await w.client({ retry: { limit: 0 } }).listRestoreJobs(P, RS.name).catch((x) => x);
    expect([e.code, e.requestOutcome]).toEqual(["ATLAS_BAD_RESPONSE", "not-sent"]);
    expect(e.message).toMatch(/the answer is not a token \(status 200, content-type text\/html; charset=utf-8\): "<html>login<\/html>"\. The API request was not sent\./);
  });
});

describe("a pre-minted access token", () => {
  test("is sent as is; a 401 is not retried (it cannot be renewed) and the error says to mint a new one", async () => {
    const w = await world();
    await w.client().listRestoreJobs(P, RS.name);
    const token = await mintToken(w.emu);
    const c = w.client({ clientId: undefined, clientSecret: undefined, accessToken: token });
    await c.listRestoreJobs(P, RS.name);
    w.emu.tokens.revokeAll();
    const e = await c.listRestoreJobs(P, RS.name).catch((x) => x);
    expect(e.message).toMatch(/Atlas refused the access token \(mongodbatlas:accessToken \/ MONGODB_ATLAS_ACCESS_TOKEN\)/);
    expect(wire(w.emu).slice(2)).toEqual(["POST token 200", "GET restoreJobs 200", "GET restoreJobs 401"]);
  });
});

describe("revocation at exit", () => {
  test("revokeMintedTokens revokes every live token this process minted, and never throws", async () => {
    const w = await world();
    await w.client().listRestoreJobs(P, RS.name);
    w.emu.tokens.expireAll();
    await w.client().listRestoreJobs(P, RS.name); // 401: the first token is dropped, a second one minted
    expect(await revokeMintedTokens()).toBe(1); // the refused one is not revoked again
    expect(w.emu.tokens.stats()).toEqual({ issued: 2, live: 0, revoked: 1 });
    expect(wire(w.emu).at(-1)).toBe("POST /api/oauth/revoke 200");
    await w.emu.close();
    await expect(revokeMintedTokens()).resolves.toBe(0);
  });
});

describe("redaction", () => {
  test("debug lines show Basic/Bearer [REDACTED]; no token, secret or client id in any line or error", async () => {
    const w = await revokedBetweenTwoLists();
    const e = await w.client({ clientSecret: "mdb_sa_sk_wrong_one" }).listRestoreJobs(P, RS.name).catch((x) => x);
    expect(w.logs).toEqual(expect.arrayContaining([
      expect.stringMatching(/^POST \/api\/oauth\/token -> 200 in \d+ ms \(Basic \[REDACTED\]\)$/),
      "GET -> 401 to Bearer [REDACTED]: retrying once with a fresh token",
    ]));
    const text = [...w.logs, e.message, JSON.stringify(e)].join("\n");
    for (const secret of [w.emu.clientSecret, "mdb_sa_sk_wrong_one", w.emu.clientId]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/emu_at_/);
  });
});


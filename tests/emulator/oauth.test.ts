/**
 * Service accounts (atlas-v2-and-auth.md §3.1) in the emulator, over raw HTTP: the token endpoint
 * and its documented answers, Bearer beside digest on the API routes, expiry on the emulated
 * clock, revocation, the live-token cap, the token endpoint's rate limit, and the control
 * endpoints that expire or revoke tokens early.
 */
import type { Emulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/cli-args";
import { basicAuthorization as basic, FIXTURE_IDS, jobsPath, raw, setup, tokenRequest as mint } from "./helpers";

const LIST = jobsPath(FIXTURE_IDS.projectId, "ReplicaSet0");
const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };

const bearerGet = (emu: Emulator, token: string) => raw(emu.baseUrl + LIST, { headers: { authorization: `Bearer ${token}` } });
const revoke = (emu: Emulator, token: string, secret = emu.clientSecret) =>
  raw(`${emu.baseUrl}/api/oauth/revoke`, {
    method: "POST",
    headers: { ...FORM, authorization: basic(emu.clientId, secret) },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
  });

describe("the token endpoint", () => {
  let emu: Emulator;
  let advance: (ms: number) => void;
  beforeEach(async () => ({ emu, advance } = await setup({ timeScale: 1 })));
  afterEach(() => emu.close());

  it("has documented default credentials and answers the documented token body, not cacheable", async () => {
    expect([emu.clientId, emu.clientSecret]).toEqual(["mdb_sa_id_emulator", "mdb_sa_sk_emulator"]);
    const r = await mint(emu);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ access_token: expect.stringMatching(/^\S{32,}$/), expires_in: 3600, token_type: "Bearer" });
    expect(r.headers["cache-control"]).toBe("no-store");
    const second = await mint(emu);
    expect(second.body.access_token).not.toBe(r.body.access_token);
    expect(emu.tokens.stats()).toEqual({ issued: 2, live: 2, revoked: 0 });
  });

  it("refuses a wrong secret, a wrong id or no Basic header with 401 invalid_client, and issues nothing", async () => {
    for (const r of [await mint(emu, { secret: "mdb_sa_sk_wrong" }), await mint(emu, { id: "mdb_sa_id_other" }),
      await raw(`${emu.baseUrl}/api/oauth/token`, { method: "POST", headers: FORM, body: "grant_type=client_credentials" })]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error_description: "Invalid credentials provided.", error: "invalid_client" });
    }
    expect(emu.tokens.stats().issued).toBe(0);
  });

  it("answers 400 for a missing or unsupported grant_type", async () => {
    expect((await mint(emu, { body: "" })).body).toMatchObject({ error: "invalid_request" });
    const r = await mint(emu, { body: "grant_type=password" });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("un-escapes the Basic credentials as MongoDB's SDK escapes them (space as +, reserved characters as %XX)", async () => {
    const odd = await setup({ clientId: "mdb_sa_id_a b+c", clientSecret: "s3cr:t/!*'()~ é" });
    try {
      expect((await mint(odd.emu)).status).toBe(200);
    } finally {
      await odd.emu.close();
    }
  });

  it("tokens work as Bearer on the API routes until they expire, on the emulated clock", async () => {
    const { access_token: token } = (await mint(emu)).body;
    expect((await bearerGet(emu, token)).status).toBe(200);
    advance(3_599_000);
    expect((await bearerGet(emu, token)).status).toBe(200);
    advance(1_000);
    const expired = await bearerGet(emu, token);
    expect(expired.status).toBe(401);
    expect(String(expired.headers["www-authenticate"])).toMatch(/^Digest realm="MMS Public API"/); // the same 401 as any unauthenticated request
    expect((await bearerGet(emu, "not-a-token")).status).toBe(401);
    expect(emu.requestLog.filter((e) => e.path === LIST).map((e) => [e.status, e.authenticated])).toEqual([[200, true], [200, true], [401, false], [401, false]]);
  });

  it("revocation (RFC 7009): 200 with no body, the token stops working; only its owner's credentials may revoke", async () => {
    const { access_token: token } = (await mint(emu)).body;
    expect((await revoke(emu, token, "wrong")).status).toBe(401);
    expect((await bearerGet(emu, token)).status).toBe(200);
    const r = await revoke(emu, token);
    expect([r.status, r.text]).toEqual([200, ""]);
    expect((await bearerGet(emu, token)).status).toBe(401);
    expect((await revoke(emu, "unknown-token")).status).toBe(200);
    expect(emu.tokens.stats()).toEqual({ issued: 1, live: 0, revoked: 1 });
  });

  it("caps live tokens per client: the next one is 403 access_denied until one expires or is revoked", async () => {
    const capped = await setup({ maxLiveTokens: 2 });
    try {
      const a = (await mint(capped.emu)).body.access_token;
      await mint(capped.emu);
      const refused = await mint(capped.emu);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: "access_denied", error_description: expect.stringMatching(/^Access Token limit reached\./) });
      await revoke(capped.emu, a);
      expect((await mint(capped.emu)).status).toBe(200);
    } finally {
      await capped.emu.close();
    }
  });

  it("rate-limits token requests per IP address and client id with the documented 429 and Retry-After", async () => {
    const limited = await setup({ tokenRateLimit: { requests: 2, windowMs: 60_000 } });
    try {
      expect((await mint(limited.emu)).status).toBe(200);
      expect((await mint(limited.emu, { secret: "wrong" })).status).toBe(401); // counted too: the id is the key
      const r = await mint(limited.emu);
      expect(r.status).toBe(429);
      expect(r.body).toEqual({
        detail: "Resource /api/oauth/token is limited to 2 requests every 1 minutes.", error: 429, errorCode: "RATE_LIMITED",
        parameters: ["/api/oauth/token", 2, "1"], reason: "Too Many Requests",
      });
      expect(r.headers["retry-after"]).toBe("60");
      expect((await mint(limited.emu, { id: "mdb_sa_id_other" })).status).toBe(401); // another client id has its own window
      limited.advance(60_000);
      expect((await mint(limited.emu)).status).toBe(200);
    } finally {
      await limited.emu.close();
    }
  });
});

describe("early expiry and revocation (faults), in process and through the control endpoints", () => {
  let emu: Emulator;
  beforeEach(async () => ({ emu } = await setup()));
  afterEach(() => emu.close());

  it("expireAll / revokeAll end every live token now", async () => {
    const a = (await mint(emu)).body.access_token;
    expect(emu.tokens.expireAll()).toBe(1);
    expect((await bearerGet(emu, a)).status).toBe(401);
    const b = (await mint(emu)).body.access_token;
    expect(emu.tokens.revokeAll()).toBe(1);
    expect((await bearerGet(emu, b)).status).toBe(401);
    expect(emu.tokens.stats()).toEqual({ issued: 2, live: 0, revoked: 1 });
  });

  it("GET/POST /__emulator/tokens and PUT /__emulator/token-rate-limit", async () => {
    const token = (await mint(emu)).body.access_token;
    const admin = (path: string, method = "GET", body?: unknown) =>
      raw(`${emu.baseUrl}/__emulator/${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await admin("tokens")).body).toEqual({ issued: 1, live: 1, revoked: 0 });
    expect((await admin("tokens", "POST", { action: "revoke" })).body).toEqual({ affected: 1 });
    expect((await bearerGet(emu, token)).status).toBe(401);
    expect((await admin("tokens", "POST", { action: "explode" })).status).toBe(400);
    expect((await admin("token-rate-limit", "PUT", { requests: 1, windowMs: 60_000 })).status).toBe(204);
    expect((await mint(emu)).status).toBe(200);
    expect((await mint(emu)).status).toBe(429);
    expect(emu.requestLog.filter((e) => e.path === "/api/oauth/token").map((e) => e.status)).toEqual([200, 200, 429]);
  });
});

describe("options", () => {
  it("clientId / clientSecret come from ATLAS_EMULATOR_CLIENT_ID / _SECRET; the CLI sets lifetime and token rate limit", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { ATLAS_EMULATOR_CLIENT_ID: "mdb_sa_id_fromenv", ATLAS_EMULATOR_CLIENT_SECRET: "mdb_sa_sk_fromenv" });
    try {
      const { emu } = await setup({ tokenLifetimeSeconds: 60 });
      try {
        expect([emu.clientId, emu.clientSecret]).toEqual(["mdb_sa_id_fromenv", "mdb_sa_sk_fromenv"]);
        expect((await mint(emu)).body.expires_in).toBe(60);
      } finally {
        await emu.close();
      }
    } finally {
      process.env = saved;
    }
    expect(parseCliArgs(["--token-lifetime", "120", "--token-rate-limit", "off"])).toEqual({ kind: "run", options: { port: 8080, tokenLifetimeSeconds: 120, tokenRateLimit: false } });
    expect(() => parseCliArgs(["--token-lifetime", "0"])).toThrow(/Invalid --token-lifetime 0/);
  });
});

/**
 * §6 digest auth: challenge format, nonce reuse / replay / staleness, wrong credentials, SHA-256,
 * auth off, a real third-party client (digest-fetch), and the §1 access list.
 */
import { DigestClient } from "digest-fetch";
import { fetch as undiciFetch } from "undici";
import type { Emulator } from "../../emulator";
import { API, DigestTestClient, FIXTURE_IDS, digestAuthorization, jobsPath, parseChallenge, raw, setup } from "./helpers";

const LIST = jobsPath(FIXTURE_IDS.projectId, "ReplicaSet0");
const CHALLENGE = /^Digest realm="MMS Public API", domain="", nonce="([A-Za-z0-9+/]{32})", algorithm=MD5, qop="auth", stale=false$/;

async function challenge(emu: Emulator, path = LIST): Promise<string> {
  const res = await raw(emu.baseUrl + path);
  return parseChallenge(String(res.headers["www-authenticate"])).nonce ?? "";
}

function authorized(emu: Emulator, nonce: string, nc: number, extra: Partial<Parameters<typeof digestAuthorization>[0]> = {}) {
  return digestAuthorization({
    method: "GET", uri: LIST, user: emu.publicKey, pass: emu.privateKey, realm: "MMS Public API", nonce, nc, ...extra,
  });
}

describe("digest auth (MD5)", () => {
  let emu: Emulator;
  let advance: (ms: number) => void;
  beforeEach(async () => ({ emu, advance } = await setup({ nonceTtlMs: 60_000 })));
  afterEach(() => emu.close());

  it("challenges with the documented header, JSON body and a fresh nonce each time", async () => {
    const a = await raw(emu.baseUrl + LIST);
    const b = await raw(emu.baseUrl + LIST);
    expect(a.status).toBe(401);
    expect(a.headers["content-type"]).toBe("application/json;charset=ISO-8859-1");
    expect(a.body).toEqual({ error: 401, errorCode: "UNAUTHORIZED", parameters: [], reason: "Unauthorized", detail: "You are not authorized for this resource." });
    const na = CHALLENGE.exec(String(a.headers["www-authenticate"]))?.[1];
    const nb = CHALLENGE.exec(String(b.headers["www-authenticate"]))?.[1];
    expect(na).toBeDefined();
    expect(nb).toBeDefined();
    expect(na).not.toBe(nb);
    expect(emu.requestLog.map((e) => [e.status, e.authenticated])).toEqual([[401, false], [401, false]]);
  });

  it("accepts a nonce reused with new nc values, in any order, but rejects a replayed nc", async () => {
    const nonce = await challenge(emu);
    for (const nc of [1, 3, 2]) {
      expect((await raw(emu.baseUrl + LIST, { headers: { authorization: authorized(emu, nonce, nc) } })).status).toBe(200);
    }
    const replay = await raw(emu.baseUrl + LIST, { headers: { authorization: authorized(emu, nonce, 3) } });
    expect(replay.status).toBe(401);
    expect(String(replay.headers["www-authenticate"])).toMatch(/stale=false$/);
  });

  it("answers stale=true with a new nonce for an expired or unknown nonce", async () => {
    const nonce = await challenge(emu);
    advance(60_001);
    const expired = await raw(emu.baseUrl + LIST, { headers: { authorization: authorized(emu, nonce, 1) } });
    expect(expired.status).toBe(401);
    const header = String(expired.headers["www-authenticate"]);
    expect(header).toMatch(/stale=true$/);
    expect(parseChallenge(header).nonce).not.toBe(nonce);
    const unknown = await raw(emu.baseUrl + LIST, { headers: { authorization: authorized(emu, "A".repeat(32), 1) } });
    expect(String(unknown.headers["www-authenticate"])).toMatch(/stale=true$/);
  });

  it.each([
    ["wrong password", { pass: "nope" }],
    ["wrong user", { user: "someone-else" }],
    ["wrong realm", { realm: "Other" }],
    ["uri of another resource", { uri: `${LIST}?pageNum=2` }],
    ["a tampered response", { response: "0".repeat(32) }],
  ])("rejects %s with stale=false", async (_name, extra) => {
    const nonce = await challenge(emu);
    const res = await raw(emu.baseUrl + LIST, { headers: { authorization: authorized(emu, nonce, 1, extra) } });
    expect(res.status).toBe(401);
    expect(String(res.headers["www-authenticate"])).toMatch(/stale=false$/);
  });

  it("checks the uri including the query", async () => {
    const client = new DigestTestClient(emu);
    expect((await client.get(`${LIST}?pageNum=1&itemsPerPage=5`)).status).toBe(200);
  });

  it("works with a third-party client (digest-fetch, nonce reuse with increasing nc)", async () => {
    class UndiciDigestClient extends DigestClient {
      override async getClient() {
        return undiciFetch as unknown as typeof fetch;
      }
    }
    const client = new UndiciDigestClient(emu.publicKey, emu.privateKey);
    for (let i = 0; i < 3; i++) {
      const res = await client.fetch(emu.baseUrl + LIST, { headers: { Accept: "application/json" } });
      expect(res.status).toBe(200);
    }
    // One challenge, then the nonce is reused.
    expect(emu.requestLog.map((e) => e.status)).toEqual([401, 200, 200, 200]);
  });
});

describe("digest auth variants", () => {
  let emu: Emulator | undefined;
  afterEach(() => emu?.close());

  it("uses algorithm=SHA-256 when configured (Atlas for Government)", async () => {
    const s = await setup({ digestAlgorithm: "SHA-256" });
    emu = s.emu;
    const first = await raw(emu.baseUrl + LIST);
    expect(String(first.headers["www-authenticate"])).toMatch(/, algorithm=SHA-256, qop="auth", stale=false$/);
    expect((await s.client.get(LIST)).status).toBe(200);
    const md5 = new DigestTestClient(emu, { algorithm: "MD5" });
    expect((await md5.get(LIST)).status).toBe(401);
  });

  it("skips digest entirely with auth: false", async () => {
    emu = (await setup({ auth: false })).emu;
    const res = await raw(emu.baseUrl + LIST);
    expect(res.status).toBe(200);
    expect(emu.requestLog[0]?.authenticated).toBe(true);
  });

  it("takes keys from options, else from ATLAS_EMULATOR_* variables", async () => {
    process.env.ATLAS_EMULATOR_PUBLIC_KEY = "env-pub";
    process.env.ATLAS_EMULATOR_PRIVATE_KEY = "env-priv";
    try {
      emu = (await setup()).emu;
      expect([emu.publicKey, emu.privateKey]).toEqual(["env-pub", "env-priv"]);
      expect((await new DigestTestClient(emu).get(LIST)).status).toBe(200);
    } finally {
      delete process.env.ATLAS_EMULATOR_PUBLIC_KEY;
      delete process.env.ATLAS_EMULATOR_PRIVATE_KEY;
    }
  });

  it("answers 403 IP_ADDRESS_NOT_ON_ACCESS_LIST to callers outside a project's access list", async () => {
    const s = await setup();
    emu = s.emu;
    emu.addProject({ id: "aaaaaaaaaaaaaaaaaaaaaaaa", accessList: ["203.0.113.9"], clusters: [{ name: "Locked0", id: "bbbbbbbbbbbbbbbbbbbbbbbb", type: "REPLICA_SET" }] });
    emu.addProject({ id: "cccccccccccccccccccccccc", accessList: ["127.0.0.0/8"], clusters: [{ name: "Open0", id: "dddddddddddddddddddddddd", type: "REPLICA_SET" }] });
    const denied = await s.client.get(`${API}/groups/aaaaaaaaaaaaaaaaaaaaaaaa/clusters/Locked0/restoreJobs`);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      detail: "IP address 127.0.0.1 is not allowed to access this resource.",
      error: 403,
      errorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
      parameters: ["127.0.0.1"],
      reason: "Forbidden",
    });
    expect((await s.client.get(`${API}/groups/cccccccccccccccccccccccc/clusters/Open0/restoreJobs`)).status).toBe(200);
  });
});

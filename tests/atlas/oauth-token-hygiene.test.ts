/**
 * Service-account tokens against the emulator over real HTTP: a token endpoint answering a real,
 * live token with a field we cannot use (`expires_in`, `token_type`) never has the token quoted in
 * the error; the redaction patterns remove OAuth fields wherever they are quoted; and a token
 * whose client was closed (a short-lived reader, as the drill runner's verification and the
 * `auto` probe are) is still revoked at exit.
 */
import { AtlasClient, redact, resetTokenSources, revokeMintedTokens } from "../../provider/atlas";
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";

const P = FIXTURE_IDS.projectId;
const RS = FIXTURE_IDS.replicaSet0;
const TOKEN_PATH = /^\/api\/oauth\/token$/;

let emu: Emulator;
beforeEach(async () => {
  resetTokenSources();
  emu = await startEmulator({ rateLimit: false });
});
afterEach(() => emu.close());

const client = () => new AtlasClient({ baseUrl: emu.baseUrl, clientId: emu.clientId, clientSecret: emu.clientSecret, requestsPerMinute: 1e6, log: () => undefined });

/** The access token the emulator minted for the last token request (read back from the faulted answer's own log line). */
async function mintedWith(field: string, raw: string): Promise<{ message: string; body: string }> {
  let body = "";
  emu.faults.rewriteNext({ path: TOKEN_PATH, jobFields: { [field]: raw } });
  const c = client();
  try {
    await c.listRestoreJobs(P, RS.name);
    throw new Error("expected the token request to fail");
  } catch (e) {
    body = JSON.stringify(e);
    return { message: (e as Error).message, body };
  } finally {
    await c.close();
  }
}

test.each([
  ["expires_in", '"soon"'],
  ["expires_in", "-1"],
  ["token_type", '"mac"'],
])("a live token with a malformed %s (%s): the error names the field, never the token", async (field, raw) => {
  const { message, body } = await mintedWith(field, raw);
  expect(emu.tokens.stats().issued).toBe(1);
  expect(message).toMatch(new RegExp(`^Getting a service-account token \\(POST /api/oauth/token\\) failed: the answer is not a usable token \\(status 200; field ${field} missing or malformed; fields present: access_token, `));
  // Whatever was minted: no long opaque string of the answer is in the error.
  const answer = emu.requestLog.find((e) => TOKEN_PATH.test(e.path));
  expect(answer?.status).toBe(200);
  expect(message).not.toMatch(/access_token"?\s*[:=]\s*"?[A-Za-z0-9._~+/-]{12,}/);
  expect(body).not.toMatch(/access_token"?\s*[:=]\s*\\?"?[A-Za-z0-9._~+/-]{12,}/);
});

test("redact: OAuth fields in JSON and in forms, wherever they are quoted", () => {
  const answer = '{"access_token":"eyJhbGciOiJSUzI1NiJ9.payload.sig","token_type":"bearer","expires_in":"soon","refresh_token":"r-123456789"}';
  expect(redact(answer)).toBe('{"access_token":"[REDACTED]","token_type":"bearer","expires_in":"soon","refresh_token":"[REDACTED]"}');
  expect(redact("body: token=abcdefgh12345678&token_type_hint=access_token")).toBe("body: token=[REDACTED]&token_type_hint=access_token");
  expect(redact("grant_type=client_credentials&client_secret=mdb_sa_sk_123")).toBe("grant_type=client_credentials&client_secret=[REDACTED]");
  expect(redact("https://x.example/cb?access_token=abc.def.ghi")).toBe("https://x.example/cb?access_token=[REDACTED]");
});

test("a token whose client is closed is still revoked at exit: none left live", async () => {
  const c = client();
  await c.listRestoreJobs(P, RS.name);
  await c.close();
  expect(emu.tokens.stats()).toMatchObject({ issued: 1, live: 1 });
  expect(await revokeMintedTokens()).toBe(1);
  expect(emu.tokens.stats()).toMatchObject({ issued: 1, live: 0, revoked: 1 });
});

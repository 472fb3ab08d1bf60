import { inspect } from "node:util";
import { AtlasAbortedError, AtlasApiError, isAtlasApiError, isAtlasError, redact, REDACTED } from "../../provider/atlas";
import { mapTransportFailure, sanitizeCause, TransportFailure } from "../../provider/atlas/transport";
import { CLUSTER, expectChallenge, finish, harness, hexId, job, JOBS_PATH, PRIVATE_KEY, PROJECT, PUBLIC_KEY, type Harness } from "./mock-atlas";

const AUTH = `Digest username="${PUBLIC_KEY}",realm="MMS Public API",nonce="abc",uri="/x",qop=auth,algorithm=MD5,response="0123456789abcdef0123456789abcdef",nc=00000001,cnonce="fedcba"`;

describe("redact", () => {
  test.each<[string, string[], string[]]>([
    [`Authorization: ${AUTH}`, [], ["0123456789abcdef", "cnonce=\"fedcba\""]],
    [AUTH, [], ["0123456789abcdef"]],
    [`response="0123456789abcdef0123456789abcdef"`, [], ["0123456789abcdef"]],
    ["https://user:pw12345@cloud.mongodb.com/x", [], ["pw12345"]],
    [`{"url":"https://api-backup.mongodb.com/backup/restore/v2/pull/tok/f.tar.gz","authValue":"s3cr3t"}`, [], ["pull/tok", "s3cr3t"]],
    [`key is ${PRIVATE_KEY}!`, [PRIVATE_KEY], [PRIVATE_KEY]],
    ["Bearer abcdefghijklmnop", [], ["abcdefghijklmnop"]],
  ])("%s", (input, secrets, hidden) => {
    const out = redact(input, secrets);
    expect(out).toContain(REDACTED);
    for (const h of hidden) expect(out).not.toContain(h);
  });

  test("leaves ordinary text alone, including the word digest", () => {
    const text = "GET /groups/6b99…/restoreJobs -> 200 in 12 ms (digest challenge answered)";
    expect(redact(text, [PRIVATE_KEY, "", "ab"])).toBe(text);
  });

  test("is total", () => {
    expect(redact(undefined)).toBe("undefined");
    expect(redact(42, [PRIVATE_KEY])).toBe("42");
  });
});

describe("no secret in any error, cause or log line", () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => finish(h));

  const leaks = (value: unknown): string[] => {
    const texts: string[] = [];
    let current: unknown = value;
    for (let i = 0; i < 5 && current; i++) {
      const e = current as Error;
      texts.push(String(e.message), String(e.stack), JSON.stringify(e));
      current = (e as { cause?: unknown }).cause;
    }
    texts.push(...h.logs);
    const all = texts.join("\n");
    return [PRIVATE_KEY, "response=\"", "Digest username"].filter((s) => all.includes(s));
  };

  test("a proxy page that echoes our request headers and the key is redacted in the error", async () => {
    const path = `${JOBS_PATH}/${hexId(1)}`;
    expectChallenge(h, "GET", path);
    h.pool.intercept({ method: "GET", path }).reply((opts) => ({
      statusCode: 502,
      data: `<html><pre>Authorization: ${(opts.headers as Record<string, string>).Authorization}\nkey=${PRIVATE_KEY}</pre></html>`,
      responseOptions: { headers: { "content-type": "text/html" } },
    }));
    const error = await h.client({ retry: { limit: 0 } }).getRestoreJob(PROJECT, CLUSTER, hexId(1)).catch((e: unknown) => e);
    expect(isAtlasError(error) && error.code).toBe("ATLAS_BAD_RESPONSE");
    expect(leaks(error)).toEqual([]);
  });

  test("an Atlas error detail that echoes the key is redacted", async () => {
    const path = `${JOBS_PATH}/${hexId(1)}`;
    expectChallenge(h, "GET", path);
    h.pool.intercept({ method: "GET", path }).reply(400, { error: 400, errorCode: "INVALID_ATTRIBUTE", detail: `Invalid attribute ${PRIVATE_KEY} specified.`, parameters: [PRIVATE_KEY] }, { headers: { "content-type": "application/json" } });
    const error = await h.client().getRestoreJob(PROJECT, CLUSTER, hexId(1)).catch((e: unknown) => e);
    expect(isAtlasApiError(error)).toBe(true);
    expect(leaks(error)).toEqual([]);
  });

  test("network errors whose text contains a secret are sanitized, cause included", () => {
    const original = new TypeError("fetch failed", { cause: Object.assign(new Error(`socket hang up ${AUTH} ${PRIVATE_KEY}`), { code: "ECONNRESET" }) });
    const error = mapTransportFailure(new TransportFailure("request", original), { method: "GET", path: "/groups/x", secrets: [PRIVATE_KEY] });
    expect(error).toMatchObject({ code: "ATLAS_NETWORK_ERROR", osCode: "ECONNRESET" });
    expect(leaks(error)).toEqual([]);
    expect(sanitizeCause(original, [PRIVATE_KEY])).toMatchObject({ code: "ECONNRESET" });
  });

  test("the client object itself does not expose the key (JSON, inspect), even after a request", async () => {
    const path = `${JOBS_PATH}/${hexId(1)}`;
    expectChallenge(h, "GET", path);
    h.pool.intercept({ method: "GET", path }).reply(200, job(hexId(1)), { headers: { "content-type": "application/json" } });
    const client = h.client();
    await client.getRestoreJob(PROJECT, CLUSTER, hexId(1));
    expect(JSON.stringify(client)).not.toContain(PRIVATE_KEY);
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(PRIVATE_KEY);
  });

  test("errors serialise to their stable fields", () => {
    const e = new AtlasApiError("m", { status: 404, errorCode: "X", requestOutcome: "rejected", method: "GET", path: "/p" });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ name: "AtlasApiError", code: "ATLAS_API_ERROR", requestOutcome: "rejected", method: "GET", path: "/p", status: 404, errorCode: "X", parameters: [] });
    expect(isAtlasError(new AtlasAbortedError("a", { requestOutcome: "not-sent" }))).toBe(true);
    // A look-alike from another realm/copy still passes the guard; a plain object with a code does not.
    const foreign = Object.assign(Object.create({ [Symbol.for("pulumi-atlas-restore.error")]: true }), { code: "ATLAS_API_ERROR" });
    expect(isAtlasApiError(foreign)).toBe(true);
    expect(isAtlasError({ code: "ATLAS_API_ERROR" })).toBe(false);
  });
});

describe("transport failure mapping", () => {
  const map = (code: string | undefined, phase: "request" | "body" = "request", syscall?: string, method = "POST") =>
    mapTransportFailure(new TransportFailure(phase, new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code, syscall }) })), { method, path: "/groups/x", secrets: [] });

  test.each<[string | undefined, "request" | "body", string | undefined, string, string, string]>([
    ["ECONNREFUSED", "request", "connect", "ATLAS_NETWORK_ERROR", "not-sent", ""],
    ["ENOTFOUND", "request", "getaddrinfo", "ATLAS_NETWORK_ERROR", "not-sent", ""],
    ["UND_ERR_CONNECT_TIMEOUT", "request", undefined, "ATLAS_TIMEOUT", "not-sent", "connect"],
    ["ETIMEDOUT", "request", "connect", "ATLAS_NETWORK_ERROR", "not-sent", ""],
    ["ETIMEDOUT", "request", "read", "ATLAS_NETWORK_ERROR", "unknown", ""],
    ["ECONNRESET", "request", "read", "ATLAS_NETWORK_ERROR", "unknown", ""],
    ["UND_ERR_SOCKET", "request", undefined, "ATLAS_NETWORK_ERROR", "unknown", ""],
    ["UND_ERR_HEADERS_TIMEOUT", "request", undefined, "ATLAS_TIMEOUT", "unknown", "headers"],
    ["UND_ERR_BODY_TIMEOUT", "body", undefined, "ATLAS_TIMEOUT", "unknown", "body"],
    ["UND_ERR_SOCKET", "body", undefined, "ATLAS_NETWORK_ERROR", "unknown", ""],
    ["SELF_SIGNED_CERT_IN_CHAIN", "request", undefined, "ATLAS_NETWORK_ERROR", "not-sent", ""],
    [undefined, "request", undefined, "ATLAS_NETWORK_ERROR", "unknown", ""],
  ])("%s (%s, %s) → %s / %s", (code, phase, syscall, errorCode, outcome, timeoutPhase) => {
    const e = map(code, phase, syscall);
    expect(e).toMatchObject({ code: errorCode, requestOutcome: outcome, method: "POST", path: "/groups/x" });
    if (timeoutPhase) expect(e).toMatchObject({ phase: timeoutPhase, osCode: code });
  });

  test("a TLS failure suggests caCert", () => {
    expect(map("UNABLE_TO_VERIFY_LEAF_SIGNATURE").message).toContain("caCert");
  });
});

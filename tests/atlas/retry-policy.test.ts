import {
  AtlasApiError,
  AtlasBadResponseError,
  AtlasConfigError,
  AtlasInvalidArgumentError,
  AtlasNetworkError,
  AtlasTimeoutError,
  decideRetry,
  defaultRetryPolicy,
  normalizeRetryPolicy,
  parseRetryAfter,
  type AtlasError,
  type RetryPolicy,
} from "../../provider/atlas";

const api = (status: number, retryAfterMs?: number): AtlasError =>
  new AtlasApiError("x", { status, requestOutcome: status < 500 ? "rejected" : "unknown", ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
const net = (osCode: string, requestOutcome: "not-sent" | "unknown"): AtlasError => new AtlasNetworkError("x", { osCode, requestOutcome });
const timeout = (osCode: string, phase: "connect" | "headers" | "body"): AtlasError =>
  new AtlasTimeoutError("x", { osCode, phase, requestOutcome: phase === "connect" ? "not-sent" : "unknown" });

const policy: RetryPolicy = { ...defaultRetryPolicy, jitter: 0 };
const decide = (method: string, error: AtlasError, o: { attempt?: number; elapsedMs?: number; policy?: Partial<RetryPolicy>; random?: () => number } = {}) =>
  decideRetry({ attempt: o.attempt ?? 1, method, error, elapsedMs: o.elapsedMs ?? 0, policy: { ...policy, ...o.policy }, ...(o.random ? { random: o.random } : {}) });

describe("decideRetry", () => {
  test.each<[string, string, AtlasError, number | undefined]>([
    ["GET 503", "GET", api(503), 500],
    ["GET 500", "GET", api(500), 500],
    ["GET 429", "GET", api(429), 500],
    ["GET 404", "GET", api(404), undefined],
    ["GET 401", "GET", api(401), undefined],
    ["GET 400", "GET", api(400), undefined],
    ["GET ECONNRESET", "GET", net("ECONNRESET", "unknown"), 500],
    ["GET ECONNREFUSED", "GET", net("ECONNREFUSED", "not-sent"), 500],
    ["GET ENOTFOUND (DNS is config)", "GET", net("ENOTFOUND", "not-sent"), undefined],
    ["GET headers timeout", "GET", timeout("UND_ERR_HEADERS_TIMEOUT", "headers"), 500],
    ["GET HTML 502 from a proxy", "GET", new AtlasBadResponseError("x", { status: 502, requestOutcome: "unknown" }), 500],
    ["GET truncated 200", "GET", new AtlasBadResponseError("x", { status: 200, requestOutcome: "unknown" }), undefined],
    ["GET invalid argument", "GET", new AtlasInvalidArgumentError("x", "projectId"), undefined],
    ["GET config error", "GET", new AtlasConfigError("x", "baseUrl"), undefined],
    ["POST 500", "POST", api(500), undefined],
    ["POST 503", "POST", api(503), undefined],
    ["POST ECONNRESET", "POST", net("ECONNRESET", "unknown"), undefined],
    ["POST headers timeout", "POST", timeout("UND_ERR_HEADERS_TIMEOUT", "headers"), undefined],
    ["POST body timeout", "POST", timeout("UND_ERR_BODY_TIMEOUT", "body"), undefined],
    ["POST 429", "POST", api(429), 500],
    ["POST ECONNREFUSED (not sent)", "POST", net("ECONNREFUSED", "not-sent"), 500],
    ["POST connect timeout (not sent)", "POST", timeout("UND_ERR_CONNECT_TIMEOUT", "connect"), 500],
    ["POST ENOTFOUND", "POST", net("ENOTFOUND", "not-sent"), undefined],
    ["POST 404", "POST", api(404), undefined],
    ["PUT 503 (not in methods)", "PUT", api(503), undefined],
  ])("%s", (_name, method, error, expected) => {
    expect(decide(method, error)).toBe(expected);
  });

  test("POST stays unretried on an ambiguous failure even if POST is listed in methods", () => {
    expect(decide("POST", api(500), { policy: { methods: ["GET", "POST"] } })).toBeUndefined();
    expect(decide("POST", net("ECONNRESET", "unknown"), { policy: { methods: ["GET", "POST"] } })).toBeUndefined();
  });

  test("unknown error kinds never retry", () => {
    expect(decide("GET", new Error("bug") as unknown as AtlasError)).toBeUndefined();
  });

  test("limit: attempt > limit stops", () => {
    expect(decide("GET", api(503), { attempt: 6 })).toBe(16_000);
    expect(decide("GET", api(503), { attempt: 7 })).toBeUndefined();
    expect(decide("GET", api(503), { attempt: 1, policy: { limit: 0 } })).toBeUndefined();
  });

  test("limit: a 429 with Retry-After is not counted (bounded by total time); other failures still are; 0 turns retries off", () => {
    const paced = (method: string, attempt: number, elapsedMs = 0) => decideRetry({ attempt, method, error: api(429, 1000), elapsedMs, policy, pacedAttempts: attempt - 1 });
    expect(paced("GET", 7)).toBe(1000);
    expect(paced("POST", 20)).toBe(1000);
    expect(paced("GET", 20, 299_500)).toBeUndefined();
    // After six paced 429s, a 503 is the first counted failure: retried after the first backoff.
    expect(decideRetry({ attempt: 7, method: "GET", error: api(503), elapsedMs: 0, policy, pacedAttempts: 6 })).toBe(500);
    expect(decideRetry({ attempt: 13, method: "GET", error: api(503), elapsedMs: 0, policy, pacedAttempts: 6 })).toBeUndefined();
    // A 429 without Retry-After counts like any other failure.
    expect(decide("GET", api(429), { attempt: 7 })).toBeUndefined();
    expect(decide("GET", api(429, 1000), { attempt: 1, policy: { limit: 0 } })).toBeUndefined();
  });

  test("total time: no retry past totalTimeoutMs, nor one whose delay would cross it", () => {
    expect(decide("GET", api(503), { elapsedMs: 300_000 })).toBeUndefined();
    expect(decide("GET", api(503), { elapsedMs: 299_800 })).toBeUndefined();
    expect(decide("GET", api(503), { elapsedMs: 299_000 })).toBe(500);
  });

  test("exponential backoff, capped", () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => decide("GET", api(503), { attempt }))).toEqual([500, 1000, 2000, 4000, 8000, 16000]);
    expect(decide("GET", api(503), { attempt: 6, policy: { backoffLimitMs: 5000 } })).toBe(5000);
  });

  test("jitter spreads the backoff by ±jitter, never above the cap", () => {
    const p = { jitter: 0.2 };
    expect(decide("GET", api(503), { policy: p, random: () => 0 })).toBe(400);
    expect(decide("GET", api(503), { policy: p, random: () => 0.5 })).toBe(500);
    expect(decide("GET", api(503), { policy: p, random: () => 0.999999 })).toBe(600);
    expect(decide("GET", api(503), { attempt: 6, policy: { ...p, backoffLimitMs: 16_000 }, random: () => 0.99 })).toBe(16_000);
  });

  test("Retry-After wins over backoff, is capped, and gets no jitter", () => {
    expect(decide("GET", api(429, 7000), { policy: { jitter: 0.5 }, random: () => 0 })).toBe(7000);
    expect(decide("POST", api(429, 0))).toBe(0);
    expect(decide("GET", api(503, 500_000))).toBe(120_000);
    expect(decide("GET", api(503, 500_000), { policy: { maxRetryAfterMs: 10 } })).toBe(10);
  });
});

describe("normalizeRetryPolicy", () => {
  test("overrides field by field and ignores undefined", () => {
    const p = normalizeRetryPolicy({ limit: 2, backoffBaseMs: undefined, methods: ["get"] });
    expect(p).toEqual({ ...defaultRetryPolicy, limit: 2, methods: ["GET"] });
  });
  test.each([[{ limit: -1 }], [{ jitter: 2 }], [{ methods: "GET" as unknown as string[] }], [{ backoffBaseMs: Number.NaN }]])("rejects %j", (bad) => {
    expect(() => normalizeRetryPolicy(bad)).toThrow(expect.objectContaining({ code: "ATLAS_CONFIG_ERROR" }));
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  test.each<[string | null | undefined, number | undefined]>([
    ["7", 7000],
    ["0", 0],
    ["1.5", 1500],
    [" 3 ", 3000],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 10_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
    ["-1", undefined],
    ["soon", undefined],
    ["12abc", undefined],
    ["", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

import { isAtlasError, projectLimiter, SlidingWindowLimiter, type AtlasError } from "../../provider/atlas";
import {
  CLUSTER,
  expectChallenge,
  finish,
  harness,
  header,
  hexId,
  job,
  JOBS_PATH,
  JSON_HEADERS,
  ORIGIN,
  PROJECT,
  SNAPSHOT,
  JOB,
  JOB_PATH,
  type Harness,
} from "./mock-atlas";

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => finish(h));

const BODY = { delivery: { methodName: "HTTP" as const }, snapshotId: SNAPSHOT };
const LIST = { results: [job(hexId(2)), job(hexId(3))], links: [], totalCount: 2 };
const oserror = (code: string, syscall?: string) => Object.assign(new Error(`${syscall ?? "read"} ${code}`), { code, syscall });

/** Authenticate with one GET so later POSTs go out exactly once on the wire. */
async function primed(extra = {}) {
  const client = h.client(extra);
  expectChallenge(h, "GET", JOB_PATH);
  h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(200, job(JOB), JSON_HEADERS);
  await client.getRestoreJob(PROJECT, CLUSTER, JOB);
  return client;
}

/** Count POSTs reaching the mock, answering each with the next scripted reply. */
function scriptPosts(replies: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>): { count: () => number } {
  let n = 0;
  for (const r of replies) {
    h.pool.intercept({ method: "POST", path: JOBS_PATH }).reply((opts) => {
      n++;
      expect(header(opts, "authorization")).toMatch(/^Digest /);
      expect(header(opts, "content-type")).toBe("application/json");
      expect(JSON.parse(String(opts.body))).toEqual(BODY);
      return { statusCode: r.status, data: JSON.stringify(r.body ?? {}), responseOptions: { headers: { "content-type": "application/json", ...r.headers } } };
    });
  }
  return { count: () => n };
}

const fail = (p: Promise<unknown>): Promise<AtlasError> =>
  p.then(
    () => Promise.reject(new Error("expected a failure")),
    (e: unknown) => (isAtlasError(e) ? e : Promise.reject(e)),
  );

describe("GET retries", () => {
  test("503 then success", async () => {
    const client = await primed();
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(503, { error: 503, reason: "Service Unavailable" }, JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(200, job(JOB), JSON_HEADERS);
    await expect(client.getRestoreJob(PROJECT, CLUSTER, JOB)).resolves.toMatchObject({ id: JOB });
    expect(client.stats.retries).toBe(1);
    expect(h.logs.some((l) => /retry 1 in \d+ ms after 503/.test(l))).toBe(true);
  });

  test("ECONNRESET then success", async () => {
    const client = await primed();
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).replyWithError(oserror("ECONNRESET"));
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(200, LIST, JSON_HEADERS);
    await expect(client.listRestoreJobs(PROJECT, CLUSTER)).resolves.toHaveLength(2);
    expect(client.stats.retries).toBe(1);
  });

  test("gives up after `limit` retries and reports the attempts", async () => {
    const client = await primed({ retry: { limit: 2, backoffBaseMs: 1, jitter: 0 } });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(500, { error: 500, errorCode: "UNEXPECTED_ERROR" }, JSON_HEADERS).times(3);
    const e = await fail(client.getRestoreJob(PROJECT, CLUSTER, JOB));
    expect(e.attempts).toBe(3);
    expect(e.requestOutcome).toBe("unknown");
    expect(client.stats.retries).toBe(2);
  });

  test("a 404 is not retried", async () => {
    const client = await primed();
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(404, { error: 404, errorCode: "RESTORE_JOB_NOT_FOUND" }, JSON_HEADERS);
    await fail(client.getRestoreJob(PROJECT, CLUSTER, JOB));
    expect(client.stats.retries).toBe(0);
  });
});

describe("POST is never re-sent blindly", () => {
  test("500: exactly one POST, outcome unknown", async () => {
    const client = await primed();
    const posts = scriptPosts([{ status: 500, body: { error: 500, errorCode: "UNEXPECTED_ERROR" } }]);
    const e = await fail(client.createRestoreJobs(PROJECT, CLUSTER, BODY));
    expect(posts.count()).toBe(1);
    expect(e.requestOutcome).toBe("unknown");
    expect(client.stats.retries).toBe(0);
  });

  test("connection reset: exactly one POST, outcome unknown", async () => {
    const client = await primed();
    h.pool.intercept({ method: "POST", path: JOBS_PATH }).replyWithError(oserror("ECONNRESET"));
    const e = await fail(client.createRestoreJobs(PROJECT, CLUSTER, BODY));
    expect(e).toMatchObject({ code: "ATLAS_NETWORK_ERROR", osCode: "ECONNRESET", requestOutcome: "unknown", method: "POST" });
    expect(e.message).toContain("list restore jobs before re-sending");
    expect(client.stats.retries).toBe(0);
    expect(client.stats.requests).toBe(3); // challenge + GET + the one POST
  });

  test("headers timeout: outcome unknown, not retried", async () => {
    const client = await primed();
    h.pool.intercept({ method: "POST", path: JOBS_PATH }).replyWithError(Object.assign(new Error("Headers Timeout Error"), { code: "UND_ERR_HEADERS_TIMEOUT" }));
    const e = await fail(client.createRestoreJobs(PROJECT, CLUSTER, BODY));
    expect(e).toMatchObject({ code: "ATLAS_TIMEOUT", phase: "headers", requestOutcome: "unknown" });
    expect(client.stats.retries).toBe(0);
  });

  test("429 is re-sent (the server did nothing), honouring Retry-After", async () => {
    const client = await primed({ retry: { backoffBaseMs: 60_000, jitter: 0 } });
    const posts = scriptPosts([
      { status: 429, body: { error: 429, errorCode: "RATE_LIMITED" }, headers: { "retry-after": "0" } },
      { status: 200, body: { results: [job(hexId(4)), job(hexId(5)), job(hexId(6))], links: [], totalCount: 3 } },
    ]);
    const jobs = await client.createRestoreJobs(PROJECT, CLUSTER, BODY);
    expect(jobs.map((j) => j.id)).toEqual([hexId(4), hexId(5), hexId(6)]);
    expect(posts.count()).toBe(2);
    expect(client.stats).toMatchObject({ retries: 1, rateLimited: 1 });
    // Retry-After 0 beat the 60 s backoff.
    expect(h.logs).toContain("POST /groups/6b99…/clusters/Cluster0/restoreJobs retry 1 in 0 ms after 429");
  });

  test("ECONNREFUSED is re-sent (not sent); ENOTFOUND is not (config error)", async () => {
    const client = await primed();
    h.pool.intercept({ method: "POST", path: JOBS_PATH }).replyWithError(oserror("ECONNREFUSED", "connect"));
    const posts = scriptPosts([{ status: 200, body: { results: [job(hexId(4))], links: [] } }]);
    await expect(client.createRestoreJobs(PROJECT, CLUSTER, BODY)).resolves.toHaveLength(1);
    expect(posts.count()).toBe(1);
    expect(client.stats.retries).toBe(1);

    h.pool.intercept({ method: "POST", path: JOBS_PATH }).replyWithError(oserror("ENOTFOUND", "getaddrinfo"));
    const e = await fail(client.createRestoreJobs(PROJECT, CLUSTER, BODY));
    expect(e).toMatchObject({ code: "ATLAS_NETWORK_ERROR", osCode: "ENOTFOUND", requestOutcome: "not-sent" });
    expect(e.message).toContain("Check the host name in baseUrl");
    expect(client.stats.retries).toBe(1);
  });
});

describe("Retry-After and the shared budget", () => {
  test("Retry-After is capped by maxRetryAfterMs and pauses the project budget", async () => {
    const pause = jest.spyOn(SlidingWindowLimiter.prototype, "pause");
    const client = await primed({ retry: { maxRetryAfterMs: 25, backoffBaseMs: 60_000 } });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(429, { error: 429, errorCode: "RATE_LIMITED" }, { headers: { "content-type": "application/json", "retry-after": "3600" } });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(200, job(JOB), JSON_HEADERS);
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    expect(h.logs).toContain(`GET /groups/6b99…/clusters/Cluster0/restoreJobs/0000… retry 1 in 25 ms after 429`);
    expect(client.stats.throttledMs).toBeGreaterThanOrEqual(25);
    expect(pause).toHaveBeenCalledWith(25);
    pause.mockRestore();
  });

  test("an HTTP-date Retry-After is honoured", async () => {
    const client = await primed({ retry: { maxRetryAfterMs: 10, backoffBaseMs: 60_000 } });
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(503, { error: 503 }, { headers: { "content-type": "application/json", "retry-after": date } });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(200, job(JOB), JSON_HEADERS);
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    expect(h.logs.some((l) => l.endsWith("retry 1 in 10 ms after 503"))).toBe(true);
  });

  test("each attempt takes a token from the per-project budget shared by all clients", async () => {
    const client = await primed();
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(503, {}, JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(200, job(JOB), JSON_HEADERS);
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    // primed GET (1 attempt incl. its challenge) + 2 attempts
    expect(projectLimiter(ORIGIN, PROJECT).inWindow()).toBe(3);
    expect(projectLimiter(ORIGIN, hexId(9)).inWindow()).toBe(0);
  });

  test("an aborted signal stops before anything is sent", async () => {
    const client = h.client();
    const ac = new AbortController();
    ac.abort();
    const e = await fail(client.createRestoreJobs(PROJECT, CLUSTER, BODY, { signal: ac.signal }));
    expect(e).toMatchObject({ code: "ATLAS_ABORTED", requestOutcome: "not-sent" });
    expect(client.stats.requests).toBe(0);
  });

  test("aborting during a retry sleep ends with ATLAS_ABORTED", async () => {
    const client = await primed({ retry: { backoffBaseMs: 60_000, backoffLimitMs: 60_000 } });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(503, {}, JSON_HEADERS);
    const ac = new AbortController();
    const p = fail(client.getRestoreJob(PROJECT, CLUSTER, JOB, { signal: ac.signal }));
    setTimeout(() => ac.abort(), 5);
    await expect(p).resolves.toMatchObject({ code: "ATLAS_ABORTED" });
  });
});

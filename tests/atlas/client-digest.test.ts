import { isAtlasApiError, USER_AGENT } from "../../provider/atlas";
import {
  API,
  CLUSTER,
  expectChallenge,
  expectedResponse,
  finish,
  harness,
  header,
  hexId,
  job,
  JOBS_PATH,
  JSON_HEADERS,
  parseDigest,
  PRIVATE_KEY,
  PROJECT,
  PUBLIC_KEY,
  JOB,
  JOB_PATH,
  type Harness,
} from "./mock-atlas";

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => finish(h));


describe("digest authentication", () => {
  test("answers a 401 challenge with a correct Authorization header", async () => {
    const seen: Record<string, string | undefined>[] = [];
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply((opts) => {
      seen.push({ auth: header(opts, "authorization") });
      return {
        statusCode: 401,
        data: "{}",
        responseOptions: { headers: { "www-authenticate": `Digest realm="MMS Public API", domain="", nonce="abcNONCE", algorithm=MD5, qop="auth", stale=false` } },
      };
    });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply((opts) => {
      seen.push({ auth: header(opts, "authorization"), ua: header(opts, "user-agent"), accept: header(opts, "accept") });
      return { statusCode: 200, data: JSON.stringify(job(JOB)), responseOptions: JSON_HEADERS };
    });
    const client = h.client();
    const result = await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    expect(result.id).toBe(JOB);
    expect(seen[0].auth).toBeUndefined();
    const auth = seen[1].auth as string;
    expect(auth).toMatch(/^Digest /);
    const f = parseDigest(auth);
    expect(f).toMatchObject({
      username: PUBLIC_KEY,
      realm: "MMS Public API",
      nonce: "abcNONCE",
      uri: JOB_PATH,
      qop: "auth",
      nc: "00000001",
      algorithm: "MD5",
    });
    expect(f.cnonce).toMatch(/^[0-9a-f]{32}$/);
    expect(f.response).toBe(expectedResponse(f, "GET"));
    expect(seen[1].ua).toBe(USER_AGENT);
    expect(seen[1].accept).toBe("application/json");
    expect(client.stats.requests).toBe(2); // the challenge round trip counts
    expect(client.stats.retries).toBe(0);
  });

  test("uses SHA-256 when the challenge says algorithm=SHA-256 (Atlas for Government)", async () => {
    let auth = "";
    expectChallenge(h, "GET", JOB_PATH, { algorithm: "SHA-256", nonce: "gov-nonce" });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply((opts) => {
      auth = header(opts, "authorization") ?? "";
      return { statusCode: 200, data: JSON.stringify(job(JOB)), responseOptions: JSON_HEADERS };
    });
    await h.client().getRestoreJob(PROJECT, CLUSTER, JOB);
    const f = parseDigest(auth);
    expect(f.algorithm).toBe("SHA-256");
    expect(f.response).toMatch(/^[0-9a-f]{64}$/);
    expect(f.response).toBe(expectedResponse(f, "GET"));
  });

  test("nc increases per request and differs across concurrent requests", async () => {
    const ncs: string[] = [];
    const record = (opts: { headers?: unknown }) => {
      const f = parseDigest(header(opts, "authorization") ?? "");
      expect(f.response).toBe(expectedResponse(f, "GET"));
      ncs.push(f.nc);
      return { statusCode: 200, data: JSON.stringify(job(JOB)), responseOptions: JSON_HEADERS };
    };
    expectChallenge(h, "GET", JOB_PATH);
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(record).times(9);
    const client = h.client();
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    await Promise.all(Array.from({ length: 5 }, () => client.getRestoreJob(PROJECT, CLUSTER, JOB)));
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    const numbers = ncs.map((nc) => parseInt(nc, 16));
    expect(new Set(numbers).size).toBe(9);
    expect(numbers.slice(0, 2)).toEqual([1, 2]);
    expect(Math.min(...numbers.slice(2, 7))).toBeGreaterThan(2);
    expect(numbers[7]).toBeGreaterThan(Math.max(...numbers.slice(0, 7)));
    expect(numbers[8]).toBe(numbers[7] + 1);
    expect(client.stats.requests).toBe(10);
  });

  test("a stale nonce is re-challenged once, transparently, and nc restarts for the new nonce", async () => {
    const auths: string[] = [];
    const keep = (status: number, extra: Record<string, string> = {}) => (opts: { headers?: unknown }) => {
      auths.push(header(opts, "authorization") ?? "");
      return { statusCode: status, data: status === 200 ? JSON.stringify(job(JOB)) : "{}", responseOptions: { headers: { "content-type": "application/json", ...extra } } };
    };
    expectChallenge(h, "GET", JOB_PATH, { nonce: "old" });
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(keep(200));
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(keep(401, { "www-authenticate": `Digest realm="MMS Public API", nonce="fresh", algorithm=MD5, qop="auth", stale=true` }));
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(keep(200));
    const client = h.client();
    await client.getRestoreJob(PROJECT, CLUSTER, JOB);
    await expect(client.getRestoreJob(PROJECT, CLUSTER, JOB)).resolves.toMatchObject({ id: JOB });
    const fields = auths.map(parseDigest);
    expect(fields.map((f) => [f.nonce, f.nc])).toEqual([["old", "00000001"], ["old", "00000002"], ["fresh", "00000001"]]);
    expect(client.stats.retries).toBe(0);
  });

  test("a wrong key pair ends in AtlasApiError 401 that says what to check, without secrets", async () => {
    expectChallenge(h, "GET", JOB_PATH);
    h.pool.intercept({ method: "GET", path: JOB_PATH }).reply(401, { error: 401, reason: "Unauthorized", detail: "You are not authorized for this resource." }, {
      headers: { "www-authenticate": `Digest realm="MMS Public API", nonce="n2", algorithm=MD5, qop="auth"`, "content-type": "application/json" },
    });
    const error = await h.client().getRestoreJob(PROJECT, CLUSTER, JOB).catch((e: unknown) => e);
    expect(isAtlasApiError(error)).toBe(true);
    if (!isAtlasApiError(error)) return;
    expect(error.status).toBe(401);
    expect(error.requestOutcome).toBe("rejected");
    expect(error.message).toContain(`GET /groups/6b99…/clusters/${CLUSTER}/restoreJobs/0000… failed: 401 Unauthorized: You are not authorized for this resource.`);
    for (const hint of ["mongodbatlas:publicKey", "mongodbatlas:privateKey", "MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY", "organization", "access list"]) {
      expect(error.message).toContain(hint);
    }
    expect(JSON.stringify(error)).not.toContain(PRIVATE_KEY);
    expect(error.message).not.toContain(PRIVATE_KEY);
  });

  test("the uri in the digest includes the query string", async () => {
    let auth = "";
    const path = `${JOBS_PATH}?batchId=${hexId(7)}`;
    expectChallenge(h, "GET", path);
    h.pool.intercept({ method: "GET", path }).reply((opts) => {
      auth = header(opts, "authorization") ?? "";
      return { statusCode: 200, data: JSON.stringify({ results: [], links: [], totalCount: 0 }), responseOptions: JSON_HEADERS };
    });
    await h.client().listRestoreJobs(PROJECT, CLUSTER, { batchId: hexId(7) });
    expect(parseDigest(auth).uri).toBe(`${API}/groups/${PROJECT}/clusters/${CLUSTER}/restoreJobs?batchId=${hexId(7)}`);
  });
});

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
  PRIVATE_KEY,
  PROJECT,
  SNAPSHOT,
  type Harness,
} from "./mock-atlas";

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => finish(h));

const page = (ids: number[], next?: string, totalCount = 5) => ({
  results: ids.map((i) => job(hexId(i))),
  links: [{ rel: "self", href: `${ORIGIN}${JOBS_PATH}` }, ...(next ? [{ rel: "next", href: next }] : [])],
  totalCount,
});

describe("listRestoreJobs", () => {
  test("follows `next` links to the end", async () => {
    expectChallenge(h, "GET", JOBS_PATH);
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(200, page([1, 2], `${ORIGIN}${JOBS_PATH}?pageNum=2&itemsPerPage=2`), JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?pageNum=2&itemsPerPage=2` }).reply(200, page([3, 4], `${ORIGIN}${JOBS_PATH}?pageNum=3&itemsPerPage=2`), JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?pageNum=3&itemsPerPage=2` }).reply(200, page([5]), JSON_HEADERS);
    const client = h.client();
    const jobs = await client.listRestoreJobs(PROJECT, CLUSTER);
    expect(jobs.map((j) => j.id)).toEqual([1, 2, 3, 4, 5].map(hexId));
    expect(client.stats.requests).toBe(4);
    expect(h.logs.filter((l) => l.includes("-> 200"))).toEqual([
      expect.stringMatching(/^GET \/groups\/6b99…\/clusters\/Cluster0\/restoreJobs -> 200 in \d+ ms \(attempt 1\)$/),
      expect.stringMatching(/restoreJobs\?pageNum=2&itemsPerPage=2 -> 200/),
      expect.stringMatching(/restoreJobs\?pageNum=3&itemsPerPage=2 -> 200/),
    ]);
  });

  test("a foreign `next` link is never followed: falls back to pageNum on our own origin", async () => {
    expectChallenge(h, "GET", `${JOBS_PATH}?batchId=${hexId(7)}&itemsPerPage=2`);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?batchId=${hexId(7)}&itemsPerPage=2` }).reply(200, page([1, 2], `https://evil.example${JOBS_PATH}?pageNum=2`, 3), JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?batchId=${hexId(7)}&itemsPerPage=2&pageNum=2` }).reply(200, page([3], undefined, 3), JSON_HEADERS);
    const jobs = await h.client().listRestoreJobs(PROJECT, CLUSTER, { batchId: hexId(7), itemsPerPage: 2 });
    expect(jobs).toHaveLength(3);
  });

  test("without links, totalCount drives pageNum; duplicates across pages are dropped", async () => {
    const bare = (ids: number[]) => ({ results: ids.map((i) => job(hexId(i))), totalCount: 3 });
    expectChallenge(h, "GET", JOBS_PATH);
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(200, bare([1, 2]), JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?pageNum=2` }).reply(200, bare([2, 3]), JSON_HEADERS);
    const jobs = await h.client().listRestoreJobs(PROJECT, CLUSTER);
    expect(jobs.map((j) => j.id)).toEqual([1, 2, 3].map(hexId));
  });

  test("a server whose `next` repeats the same page does not loop forever", async () => {
    expectChallenge(h, "GET", JOBS_PATH);
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(200, page([1], `${ORIGIN}${JOBS_PATH}?pageNum=2`, 99), JSON_HEADERS);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?pageNum=2` }).reply(200, page([1], `${ORIGIN}${JOBS_PATH}?pageNum=2`, 99), JSON_HEADERS);
    await expect(h.client().listRestoreJobs(PROJECT, CLUSTER)).resolves.toHaveLength(1);
  });

  test("batchId filter is sent as a query parameter", async () => {
    const batch = hexId(8);
    expectChallenge(h, "GET", `${JOBS_PATH}?batchId=${batch}`);
    h.pool.intercept({ method: "GET", path: `${JOBS_PATH}?batchId=${batch}` }).reply(200, { results: [1, 2, 3].map((i) => job(hexId(i), { batchId: batch })), links: [], totalCount: 3 }, JSON_HEADERS);
    const jobs = await h.client().listRestoreJobs(PROJECT, CLUSTER, { batchId: batch });
    expect(jobs.every((j) => j.batchId === batch)).toBe(true);
  });

  test("an empty list is an empty array", async () => {
    expectChallenge(h, "GET", JOBS_PATH);
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(200, { results: [], links: [], totalCount: 0 }, JSON_HEADERS);
    await expect(h.client().listRestoreJobs(PROJECT, CLUSTER)).resolves.toEqual([]);
  });
});

describe("createRestoreJobs / getRestoreJob", () => {
  const body = { delivery: { methodName: "HTTP" as const, expirationHours: 1, maxDownloads: 1 }, snapshotId: SNAPSHOT };

  test("create returns every job of the answer and sends JSON with our User-Agent", async () => {
    let sent: { ua?: string; ct?: string; body?: unknown } = {};
    expectChallenge(h, "POST", JOBS_PATH);
    h.pool.intercept({ method: "POST", path: JOBS_PATH }).reply((opts) => {
      sent = { ua: header(opts, "user-agent"), ct: header(opts, "content-type"), body: JSON.parse(String(opts.body)) };
      return { statusCode: 200, data: JSON.stringify(page([1, 2, 3], undefined, 3)), responseOptions: JSON_HEADERS };
    });
    const jobs = await h.client({ userAgent: "drill/1.0" }).createRestoreJobs(PROJECT, CLUSTER, body);
    expect(jobs.map((j) => j.id)).toEqual([1, 2, 3].map(hexId));
    expect(sent).toEqual({ ua: expect.stringMatching(/^drill\/1\.0 pulumi-atlas-restore\/\d+\.\d+\.\d+/), ct: "application/json", body });
  });

  test("create tolerates a single-job answer", async () => {
    expectChallenge(h, "POST", JOBS_PATH);
    h.pool.intercept({ method: "POST", path: JOBS_PATH }).reply(200, job(hexId(1)), JSON_HEADERS);
    await expect(h.client().createRestoreJobs(PROJECT, CLUSTER, body)).resolves.toEqual([job(hexId(1))]);
  });

  test("get returns the job; logs carry no secrets", async () => {
    const path = `${JOBS_PATH}/${hexId(1)}`;
    expectChallenge(h, "GET", path);
    h.pool.intercept({ method: "GET", path }).reply(200, job(hexId(1)), JSON_HEADERS);
    await expect(h.client().getRestoreJob(PROJECT, CLUSTER, hexId(1))).resolves.toEqual(job(hexId(1)));
    expect(h.logs.length).toBeGreaterThan(0);
    for (const line of h.logs) {
      expect(line).not.toContain(PRIVATE_KEY);
      expect(line).not.toMatch(/Digest|response=/);
    }
  });

  test("close() leaves an injected dispatcher open", async () => {
    await h.client().close();
    expectChallenge(h, "GET", JOBS_PATH);
    h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(200, { results: [] }, JSON_HEADERS);
    await expect(h.client().listRestoreJobs(PROJECT, CLUSTER)).resolves.toEqual([]);
  });
});

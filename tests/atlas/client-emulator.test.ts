/**
 * AtlasClient against the real local emulator (a listening HTTP server with digest auth, nonce
 * expiry, nc replay checks, fixed-window rate limiting and typed faults).
 */
import { createServer, type AddressInfo } from "node:net";
import { FIXTURE_IDS, startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { AtlasClient, isAtlasApiError, isAtlasError, resetRateLimiters, type AtlasClientOptions, type AtlasError } from "../../provider/atlas";

const PROJECT = FIXTURE_IDS.projectId;
const SHARDED = FIXTURE_IDS.cluster0;
const RS = FIXTURE_IDS.replicaSet0;
const HTTP_DELIVERY = { methodName: "HTTP" as const, expirationHours: 1, maxDownloads: 1 };

let emu: Emulator;
let client: AtlasClient;
let running: { emu?: Emulator; client?: AtlasClient } = {};
let now = Date.now();

async function start(emuOptions: EmulatorOptions = {}, clientOptions: Partial<AtlasClientOptions> = {}): Promise<void> {
  resetRateLimiters();
  emu = await startEmulator({ clock: () => now, ...emuOptions });
  client = new AtlasClient({
    baseUrl: emu.baseUrl,
    publicKey: emu.publicKey,
    privateKey: emu.privateKey,
    retry: { backoffBaseMs: 1, backoffLimitMs: 5, jitter: 0, maxRetryAfterMs: 20 },
    ...clientOptions,
  });
  running = { emu, client };
}

afterEach(async () => {
  await running.client?.close();
  await running.emu?.close();
  running = {};
});

/** The wire sequence the emulator saw, as "METHOD status [fault]". */
const wire = (): string[] => emu.requestLog.map((e) => `${e.method} ${e.status}${e.fault ? ` ${e.fault}` : ""}`);
const failure = (p: Promise<unknown>): Promise<AtlasError> =>
  p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => (isAtlasError(e) ? e : Promise.reject(e)));

describe("AtlasClient ⇄ emulator", () => {
  test("create a sharded restore (3 jobs, one batch), list it by batchId, get one", async () => {
    await start();
    expect(client.apiBase).toBe(emu.apiBase);
    const created = await client.createRestoreJobs(PROJECT, SHARDED.name, { delivery: HTTP_DELIVERY, snapshotId: SHARDED.snapshotId });
    expect(created).toHaveLength(3);
    const batchId = created[0].batchId as string;
    expect(batchId).toMatch(/^[a-f0-9]{24}$/);
    expect(created.every((j) => j.batchId === batchId && j.clusterName === SHARDED.name)).toBe(true);

    const listed = await client.listRestoreJobs(PROJECT, SHARDED.name, { batchId });
    expect(listed.map((j) => j.id).sort()).toEqual(created.map((j) => j.id).sort());

    const one = await client.getRestoreJob(PROJECT, SHARDED.name, created[1].id);
    expect(one).toMatchObject({ id: created[1].id, batchId, groupId: PROJECT });
    expect(wire()).toEqual(["POST 401", "POST 200", "GET 200", "GET 200"]);
    expect(client.stats).toMatchObject({ requests: 4, retries: 0, rateLimited: 0 });
  });

  test("listing follows pages to the end", async () => {
    await start();
    for (let i = 0; i < 5; i++) {
      await client.createRestoreJobs(PROJECT, RS.name, { delivery: HTTP_DELIVERY, snapshotId: RS.snapshotId });
    }
    emu.clearRequestLog();
    const all = await client.listRestoreJobs(PROJECT, RS.name, { itemsPerPage: 2 });
    expect(all).toHaveLength(5);
    expect(new Set(all.map((j) => j.id)).size).toBe(5);
    expect(wire()).toEqual(["GET 200", "GET 200", "GET 200"]);
  });

  test("404s name the unknown project, cluster and job", async () => {
    await start();
    const cluster = await failure(client.listRestoreJobs(PROJECT, "NoSuchCluster"));
    expect(cluster).toMatchObject({ code: "ATLAS_API_ERROR", status: 404, requestOutcome: "rejected" });
    expect(cluster.message).toContain('Check clusterName "NoSuchCluster"');

    const project = await failure(client.listRestoreJobs("6b99999887d9d61443b41600", RS.name));
    expect(project).toMatchObject({ status: 404 });
    expect(project.message).toMatch(/Check projectId 6b99999887d9d61443b41600/);

    const job = await failure(client.getRestoreJob(PROJECT, RS.name, "5a69049d87d9d62a94d0ffff"));
    expect(job).toMatchObject({ status: 404 });
    expect(job.message).toMatch(/restore job id 5a69049d87d9d62a94d0ffff|Check projectId, clusterName, the job id/);
  });

  test("a wrong private key ends in a 401 that says what to check", async () => {
    await start({}, { privateKey: "not-the-right-private-key" });
    const e = await failure(client.listRestoreJobs(PROJECT, RS.name));
    expect(isAtlasApiError(e) && e.status).toBe(401);
    expect(e.message).toContain("MONGODB_ATLAS_PRIVATE_KEY");
    expect(e.message).not.toContain("not-the-right-private-key");
    expect(wire()).toEqual(["GET 401", "GET 401"]);
  });

  test("SHA-256 digest (Atlas for Government)", async () => {
    await start({ digestAlgorithm: "SHA-256" });
    await expect(client.listRestoreJobs(PROJECT, RS.name)).resolves.toEqual([]);
    expect(wire()).toEqual(["GET 401", "GET 200"]);
  });

  test("an expired nonce (stale=true) is re-authenticated transparently", async () => {
    await start({ nonceTtlMs: 1_000 });
    await client.listRestoreJobs(PROJECT, RS.name);
    now += 5_000; // the emulator's clock moves past the nonce's lifetime
    await expect(client.listRestoreJobs(PROJECT, RS.name)).resolves.toEqual([]);
    expect(wire()).toEqual(["GET 401", "GET 200", "GET 401", "GET 200"]);
    expect(client.stats.retries).toBe(0);
  });

  test("concurrent requests on one client never reuse an nc (no replay rejections)", async () => {
    await start();
    await client.listRestoreJobs(PROJECT, RS.name);
    emu.clearRequestLog();
    const results = await Promise.all(Array.from({ length: 25 }, () => client.listRestoreJobs(PROJECT, RS.name)));
    expect(results).toHaveLength(25);
    expect(wire()).toEqual(Array.from({ length: 25 }, () => "GET 200"));
  });

  test("failNext 503 on a GET is retried", async () => {
    await start();
    emu.faults.failNext({ status: 503, method: "GET" });
    await expect(client.listRestoreJobs(PROJECT, RS.name)).resolves.toEqual([]);
    expect(wire()).toEqual(["GET 401", "GET 503 failNext", "GET 200"]);
    expect(client.stats.retries).toBe(1);
  });

  test("resetNext and truncateNext on a GET are retried", async () => {
    await start();
    await client.listRestoreJobs(PROJECT, RS.name);
    emu.clearRequestLog();
    emu.faults.resetNext({ method: "GET" });
    await expect(client.listRestoreJobs(PROJECT, RS.name)).resolves.toEqual([]);
    emu.faults.truncateNext({ method: "GET" });
    await expect(client.listRestoreJobs(PROJECT, RS.name)).resolves.toEqual([]);
    expect(wire()).toEqual(["GET 0 resetNext", "GET 200", "GET 200 truncateNext", "GET 200"]);
    expect(client.stats.retries).toBe(2);
  });

  test("dropNextResponse on the POST: outcome unknown, no second POST, exactly one job exists", async () => {
    await start();
    emu.faults.dropNextResponse({ method: "POST" });
    const e = await failure(client.createRestoreJobs(PROJECT, RS.name, { delivery: HTTP_DELIVERY, snapshotId: RS.snapshotId }));
    expect(e.requestOutcome).toBe("unknown");
    expect(e.method).toBe("POST");
    expect(emu.jobs({ projectId: PROJECT, clusterName: RS.name })).toHaveLength(1);
    expect(wire()).toEqual(["POST 401", "POST 0 dropNextResponse"]);
    // Reconciling is a list, which finds the job the lost answer was about.
    await expect(client.listRestoreJobs(PROJECT, RS.name)).resolves.toHaveLength(1);
  });

  test("resetNext on the POST: not re-sent (the client cannot know), nothing was created", async () => {
    await start();
    emu.faults.resetNext({ method: "POST" });
    const e = await failure(client.createRestoreJobs(PROJECT, RS.name, { delivery: HTTP_DELIVERY, snapshotId: RS.snapshotId }));
    expect(e.requestOutcome).toBe("unknown");
    expect(wire()).toEqual(["POST 401", "POST 0 resetNext"]);
    expect(emu.jobs({ projectId: PROJECT, clusterName: RS.name })).toHaveLength(0);
  });

  test("a POST rejected with 429 is re-sent once the limit allows, and creates one job", async () => {
    await start();
    emu.faults.failNext({ status: 429, errorCode: "RATE_LIMITED", method: "POST", headers: { "retry-after": "1" } });
    const jobs = await client.createRestoreJobs(PROJECT, RS.name, { delivery: HTTP_DELIVERY, snapshotId: RS.snapshotId });
    expect(jobs).toHaveLength(1);
    expect(wire()).toEqual(["POST 401", "POST 429 failNext", "POST 200"]);
    expect(client.stats).toMatchObject({ retries: 1, rateLimited: 1 });
    expect(emu.jobs({ projectId: PROJECT, clusterName: RS.name })).toHaveLength(1);
  });

  test("more 429s with Retry-After than the retry limit allows: still ridden out, one job created (two over-asking budgets)", async () => {
    await start();
    // 9 × 429 in a row: more than the 6 retries the policy allows for other failures.
    emu.faults.failNext({ status: 429, errorCode: "RATE_LIMITED", method: "POST", headers: { "retry-after": "0" }, count: 9 });
    const jobs = await client.createRestoreJobs(PROJECT, RS.name, { delivery: HTTP_DELIVERY, snapshotId: RS.snapshotId });
    expect(jobs).toHaveLength(1);
    expect(wire()).toEqual(["POST 401", ...Array<string>(9).fill("POST 429 failNext"), "POST 200"]);
    expect(client.stats).toMatchObject({ retries: 9, rateLimited: 9 });
    expect(emu.jobs({ projectId: PROJECT, clusterName: RS.name })).toHaveLength(1);
  });

  test("the emulator's rate limit surfaces as a 429 with Retry-After", async () => {
    await start({ rateLimit: { requests: 2, windowMs: 60_000 } }, { retry: { limit: 0 } });
    await client.listRestoreJobs(PROJECT, RS.name);
    await client.listRestoreJobs(PROJECT, RS.name);
    const e = await failure(client.listRestoreJobs(PROJECT, RS.name));
    expect(e).toMatchObject({ status: 429, requestOutcome: "rejected" });
    expect(isAtlasApiError(e) && e.retryAfterMs).toBeGreaterThan(0);
    expect(e.message).toContain("100 requests per minute per project");
    expect(client.stats.rateLimited).toBe(1);
  });

  test("connection refused is not-sent (and a POST would be safe to re-send)", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    client = new AtlasClient({ baseUrl: `http://127.0.0.1:${port}`, publicKey: "k", privateKey: "secretkey", retry: { limit: 1, backoffBaseMs: 1 } });
    running = { client };
    const e = await failure(client.createRestoreJobs(PROJECT, RS.name, { delivery: HTTP_DELIVERY, snapshotId: RS.snapshotId }));
    expect(e).toMatchObject({ code: "ATLAS_NETWORK_ERROR", osCode: "ECONNREFUSED", requestOutcome: "not-sent", attempts: 2 });
    expect(client.stats).toMatchObject({ requests: 2, retries: 1 });
  });
});

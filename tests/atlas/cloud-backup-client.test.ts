/**
 * CloudBackupClient unit tests over undici's MockAgent: the v2 base path, the versioned media
 * type (and the request bodies checked against MongoDB's OpenAPI), the once-per-process
 * deprecation warning, 406 / 410 errors that say what to do, cancel's 204, lenient and strict
 * parsing, the token-bucket budget honouring RateLimit-Remaining, and the legacy client's
 * INCORRECT_BACKUP_API_ENDPOINT hint.
 */
import {
  AtlasClient,
  CloudBackupClient,
  isAtlasApiError,
  isAtlasBadResponseError,
  isAtlasConfigError,
  resetCloudBackupBudgets,
  resetDeprecationWarnings,
  TokenBucketBudget,
  V2_MEDIA_TYPE,
  type Clock,
  NoSpareBudgetError,
  withRequestPriority,
} from "../../provider/atlas";
import { requestContract } from "../contract/openapi-contract";
import { CLUSTER, expectChallenge, finish, harness, header, JOBS_PATH, PRIVATE_KEY, PROJECT, PUBLIC_KEY, type Harness } from "./mock-atlas";

const V2 = `/api/atlas/v2/groups/${PROJECT}/clusters/${CLUSTER}/backup`;
const JOB_ID = "6b9a1c0387d9d61443b4c1aa";
const SNAP = "6b9a1c0387d9d61443b4c103";
const V2_HEADERS = { "content-type": `${V2_MEDIA_TYPE};charset=utf-8` };
const wireJob = (extra: Record<string, unknown> = {}) => ({
  id: JOB_ID, deliveryType: "download", snapshotId: SNAP, cancelled: false, failed: false, expired: false, deliveryUrl: [],
  desiredTimestamp: { increment: null, time: null, date: null }, links: [], ...extra,
});

let h: Harness;
let warnings: string[];
beforeEach(() => {
  h = harness();
  resetCloudBackupBudgets();
  resetDeprecationWarnings();
  warnings = [];
});
afterEach(() => finish(h));

const client = (extra: Record<string, unknown> = {}) =>
  new CloudBackupClient({
    publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, dispatcher: h.agent,
    retry: { backoffBaseMs: 1, backoffLimitMs: 5, jitter: 0, limit: 0 }, warn: (l) => warnings.push(l), ...extra,
  });

test("base path /api/atlas/v2 from a root, a v1.0 or a v2 baseUrl; Cloud/Ops Manager is refused with what to use instead", () => {
  expect(client().apiBase).toBe("https://cloud.mongodb.com/api/atlas/v2");
  expect(client({ baseUrl: "https://cloud.mongodbgov.com/api/atlas/v1.0" }).apiBase).toBe("https://cloud.mongodbgov.com/api/atlas/v2");
  expect(client({ baseUrl: "https://cloud.mongodb.com/api/atlas/v2/" }).apiBase).toBe("https://cloud.mongodb.com/api/atlas/v2");
  const e = (() => {
    try {
      client({ baseUrl: "https://om.example.com:8443/api/public/v1.0" });
    } catch (error) {
      return error;
    }
  })();
  expect(isAtlasConfigError(e)).toBe(true);
  expect((e as Error).message).toMatch(/exist only in Atlas.*RestoreJob resource/);
});

test("POST sends the versioned Accept and Content-Type; the body meets the OpenAPI requestBody schema; one job comes back", async () => {
  const sent: { accept?: string; contentType?: string; body?: unknown } = {};
  expectChallenge(h, "POST", `${V2}/restoreJobs`);
  h.pool.intercept({ method: "POST", path: `${V2}/restoreJobs` }).reply((opts) => {
    Object.assign(sent, { accept: header(opts, "accept"), contentType: header(opts, "content-type"), body: JSON.parse(String(opts.body)) });
    return { statusCode: 200, data: wireJob({ targetDeploymentItemName: "atlas-72ck1q" }), responseOptions: { headers: V2_HEADERS } };
  });
  const body = { deliveryType: "pointInTime" as const, targetGroupId: PROJECT, targetClusterName: "Dr0", pointInTimeUTCSeconds: 1754790000 };
  const job = await client().createRestoreJob(PROJECT, CLUSTER, body);
  expect(sent).toEqual({ accept: V2_MEDIA_TYPE, contentType: V2_MEDIA_TYPE, body });
  requestContract("restoreJobs", "POST", sent.body);
  // Lenient: the undocumented field and the all-null desiredTimestamp are kept, not refused.
  expect(job).toMatchObject({ id: JOB_ID, targetDeploymentItemName: "atlas-72ck1q", desiredTimestamp: { time: null } });
});

test("strict where it matters: a non-hex id, a string flag or a non-URL delivery URL is a bad response", async () => {
  const c = client();
  expectChallenge(h, "GET", `${V2}/restoreJobs/${JOB_ID}`);
  for (const bad of [wireJob({ id: "42" }), wireJob({ failed: "false" }), wireJob({ deliveryUrl: ["javascript:alert(1)"] })]) {
    h.pool.intercept({ method: "GET", path: `${V2}/restoreJobs/${JOB_ID}` }).reply(200, bad, { headers: V2_HEADERS });
    const e = await c.getRestoreJob(PROJECT, CLUSTER, JOB_ID).catch((x: unknown) => x);
    expect(isAtlasBadResponseError(e)).toBe(true);
    expect((e as Error).message).toMatch(/not a Cloud Backup restore job \((id|failed|deliveryUrl)/);
  }
});

test("Deprecation / Sunset headers: one warning per process, however many answers carry them", async () => {
  const headers = { ...V2_HEADERS, deprecation: "Mon, 5 Aug 2024 00:00:00 GMT", sunset: "Thu, 1 Jul 2027 00:00:00 GMT" };
  expectChallenge(h, "GET", `${V2}/restoreJobs/${JOB_ID}`);
  h.pool.intercept({ method: "GET", path: `${V2}/restoreJobs/${JOB_ID}` }).reply(200, wireJob(), { headers }).times(3);
  const c = client();
  for (let i = 0; i < 3; i++) await c.getRestoreJob(PROJECT, CLUSTER, JOB_ID);
  expect(warnings).toEqual([expect.stringMatching(/2023-01-01 .*deprecated since Mon, 5 Aug 2024.*stops working on Thu, 1 Jul 2027.*Upgrade pulumi-atlas-restore/)]);
});

test.each([
  [406, "INVALID_VERSION_DATE", /did not accept the API version \(this client sends application\/vnd\.atlas\.2023-01-01\+json\)/],
  [400, "INVALID_VERSION_DATE", /Check that no proxy rewrites the Accept header/],
  [410, "VERSION_GONE", /retired API version 2023-01-01.*Upgrade pulumi-atlas-restore/],
  [406, undefined, /did not accept the API version/],
])("%i %s says what to do", async (status, errorCode, message) => {
  expectChallenge(h, "GET", `${V2}/snapshots`);
  h.pool.intercept({ method: "GET", path: `${V2}/snapshots` }).reply(status, { error: status, ...(errorCode ? { errorCode } : {}), detail: "x", reason: "r" }, {
    headers: { "content-type": "application/json", ...(errorCode ? { "x-error-code": errorCode } : {}) },
  });
  const e = await client().listSnapshots(PROJECT, CLUSTER).catch((x: unknown) => x);
  expect(isAtlasApiError(e) && e.status).toBe(status);
  expect((e as Error).message).toMatch(message);
});

test("cancel: 204 resolves; an automated job's 400 names why; DELETE is retried like a GET (cancelling twice is harmless)", async () => {
  const c = client({ retry: { backoffBaseMs: 1, backoffLimitMs: 5, jitter: 0, limit: 2 } });
  expectChallenge(h, "DELETE", `${V2}/restoreJobs/${JOB_ID}`);
  h.pool.intercept({ method: "DELETE", path: `${V2}/restoreJobs/${JOB_ID}` }).reply(503, "<html>busy</html>", { headers: { "content-type": "text/html" } });
  h.pool.intercept({ method: "DELETE", path: `${V2}/restoreJobs/${JOB_ID}` }).reply(204, "");
  await expect(c.cancelRestoreJob(PROJECT, CLUSTER, JOB_ID)).resolves.toBeUndefined();
  expect(c.stats.retries).toBe(1);
  h.pool.intercept({ method: "DELETE", path: `${V2}/restoreJobs/${JOB_ID}` }).reply(400, { error: 400, errorCode: "CANNOT_CANCEL_AUTOMATED_RESTORE", detail: "Cannot cancel an automated restore.", reason: "Bad Request" }, { headers: { "content-type": "application/json" } });
  const e = await c.cancelRestoreJob(PROJECT, CLUSTER, JOB_ID).catch((x: unknown) => x);
  expect((e as Error).message).toMatch(/CANNOT_CANCEL_AUTOMATED_RESTORE.*Only download restore jobs can be cancelled/);
});

test("lists follow pages; RateLimit-Remaining lowers the local budget to the server's count", async () => {
  const c = client();
  expectChallenge(h, "GET", `${V2}/snapshots`);
  h.pool.intercept({ method: "GET", path: `${V2}/snapshots` }).reply(200, {
    results: [{ id: SNAP, status: "completed", frequencyType: "ondemand" }],
    links: [{ rel: "next", href: `https://cloud.mongodb.com${V2}/snapshots?pageNum=2&itemsPerPage=1` }], totalCount: 2,
  }, { headers: { ...V2_HEADERS, "ratelimit-limit": "1200", "ratelimit-remaining": "7" } });
  h.pool.intercept({ method: "GET", path: `${V2}/snapshots?pageNum=2&itemsPerPage=1` }).reply(200, {
    results: [{ id: "6b9a1c0287d9d61443b4c102", status: "completed" }], totalCount: 2,
  }, { headers: { ...V2_HEADERS, "ratelimit-remaining": "5" } });
  const snapshots = await c.listSnapshots(PROJECT, CLUSTER);
  expect(snapshots.map((s) => s.id)).toEqual([SNAP, "6b9a1c0287d9d61443b4c102"]);
  const { cloudBackupBudget } = await import("../../provider/atlas");
  expect(cloudBackupBudget("https://cloud.mongodb.com", PROJECT).available()).toBeLessThan(6);
});

test("token bucket: capacity first, then one token per refill interval; a pause holds everyone back", async () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const b = new TokenBucketBudget({ capacity: 2, refill: 1, intervalMs: 1_000 }, clock);
  expect((await b.acquireGrant()).waitedMs).toBe(0);
  expect((await b.acquireGrant()).waitedMs).toBe(0);
  expect((await b.acquireGrant()).waitedMs).toBe(1_000);
  b.pause(5_000);
  expect((await b.acquireGrant()).waitedMs).toBe(5_000);
  b.observeRemaining(0);
  expect((await b.acquireGrant()).waitedMs).toBe(1_000);
});

test("token bucket: a 429 empties it, so the pause does not end in a burst of saved-up tokens", async () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const b = new TokenBucketBudget({ capacity: 10, refill: 1, intervalMs: 1_000 }, clock);
  await b.acquireGrant();
  expect(b.available()).toBe(9);
  b.pause(2_000);
  expect(b.available()).toBe(0);
  expect((await b.acquireGrant()).waitedMs).toBe(2_000);
  expect(b.available()).toBe(1); // refilled during the pause only: 2 tokens, one taken
});

test("token bucket: a spare request only while the bucket keeps a tenth and the polls' pace has room; a background one gives way to a normal one", async () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const b = new TokenBucketBudget({ capacity: 20, refill: 1, intervalMs: 1_000 }, clock);
  const spare = () => withRequestPriority("spare", () => b.acquireGrant());
  for (let i = 0; i < 16; i++) await b.acquireGrant(); // 4 left
  await spare(); // 3 left
  await spare(); // 2 left: a tenth
  await expect(spare()).rejects.toBeInstanceOf(NoSpareBudgetError);
  expect(b.available()).toBe(2);
  await b.acquireGrant();
  await b.acquireGrant(); // empty
  const order: string[] = [];
  const background = withRequestPriority("background", () => b.acquireGrant()).then(() => order.push("background"));
  const normal = b.acquireGrant().then(() => order.push("normal"));
  await Promise.all([background, normal]);
  expect(order).toEqual(["normal", "background"]);
});

test("token bucket: after a 429, polls resume when the pause ends, at their share of the refill rate, not once a quarter of the bucket is back", async () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  // Atlas's bucket: 500 tokens a minute, one every 120 ms. Polls nothing waits for take three quarters: one every 160 ms.
  const b = new TokenBucketBudget({ capacity: 1200, refill: 500, intervalMs: 60_000 }, clock);
  b.pause(2_000);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) await withRequestPriority("background", () => b.acquireGrant()).then(() => times.push(now));
  expect(times[0]).toBeLessThanOrEqual(2_500); // was 36 s: a quarter of the capacity (300 tokens) to refill first
  for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(159);
  // A start's request meanwhile waits for one token at most, not behind the polls.
  const startAt = now;
  await b.acquireGrant();
  expect(now - startAt).toBeLessThanOrEqual(120);
});

test("the legacy client meeting a Cloud Backup cluster (INCORRECT_BACKUP_API_ENDPOINT) is told to use CloudBackupRestoreJob", async () => {
  const legacy = new AtlasClient({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, dispatcher: h.agent, retry: { limit: 0 } });
  expectChallenge(h, "GET", JOBS_PATH);
  h.pool.intercept({ method: "GET", path: JOBS_PATH }).reply(400, {
    error: 400, errorCode: "INCORRECT_BACKUP_API_ENDPOINT", reason: "Bad Request",
    detail: "Incorrect Public API endpoint for Cloud Backups. Please use the following end point: /api/atlas/v2/groups/x/clusters/Cluster0/backup/restoreJobs.",
    parameters: ["/api/atlas/v2/groups/x/clusters/Cluster0/backup/restoreJobs"],
  }, { headers: { "content-type": "application/json" } });
  const e = await legacy.listRestoreJobs(PROJECT, CLUSTER).catch((x: unknown) => x);
  expect((e as Error).message).toMatch(/uses Cloud Backup .*use the CloudBackupRestoreJob resource/);
});

test("a Flex cluster is named as such and as out of scope", async () => {
  expectChallenge(h, "GET", `${V2}/snapshots`);
  h.pool.intercept({ method: "GET", path: `${V2}/snapshots` }).reply(400, {
    detail: "Flex cluster Cluster0 cannot be used in the Cluster API.", error: 400, errorCode: "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", parameters: ["Cluster0"], reason: "Bad Request",
  }, { headers: { "content-type": "application/json" } });
  const e = await client().listSnapshots(PROJECT, CLUSTER).catch((x: unknown) => x);
  expect((e as Error).message).toMatch(/is a Flex cluster.*does not support yet/);
});

test("a bad answer's excerpt never shows Cloud Backup download URLs (their token is in the path)", async () => {
  expectChallenge(h, "GET", `${V2}/restoreJobs/${JOB_ID}`);
  const token = "s3cr3t-download-token";
  h.pool.intercept({ method: "GET", path: `${V2}/restoreJobs/${JOB_ID}` }).reply(200, {
    deliveryUrl: [`https://restore-x.mongodb.net:27017/${token}/restore.tar.gz`], id: "not-hex",
    components: [{ replicaSetName: "s0", downloadUrl: `https://r/${token}/s0.tar.gz`, privateDownloadDeliveryUrls: [{ deliveryUrl: `https://p/${token}` }] }],
  }, { headers: V2_HEADERS });
  const e = await client().getRestoreJob(PROJECT, CLUSTER, JOB_ID).catch((x: unknown) => x);
  expect(isAtlasBadResponseError(e)).toBe(true);
  expect((e as Error).message).toContain("[REDACTED]");
  expect((e as Error).message).not.toContain(token);
  expect(JSON.stringify(e)).not.toContain(token);
});

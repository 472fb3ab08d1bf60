/**
 * Issue 9 part B, client level: what AtlasClient does with hostile or broken answers (deeply
 * nested fields, unvalidated ids and enums, empty create answers, endless bodies), against the
 * real emulator over HTTP with digest auth. Each answer is crafted by an emulator fault after
 * the request was handled normally, so the restore exists on the server.
 */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { AtlasClient, isAtlasError, resetRateLimiters, type AtlasClientOptions, type AtlasError } from "../../provider/atlas";

const PROJECT = FIXTURE_IDS.projectId;
const RS = FIXTURE_IDS.replicaSet0;
const SHARDED = FIXTURE_IDS.cluster0;
const CREATE = { delivery: { methodName: "HTTP" as const }, snapshotId: RS.snapshotId };
const MiB = 1024 * 1024;

let emu: Emulator;
let client: AtlasClient;

async function start(clientOptions: Partial<AtlasClientOptions> = {}): Promise<void> {
  resetRateLimiters();
  emu = await startEmulator();
  client = new AtlasClient({
    baseUrl: emu.baseUrl,
    publicKey: emu.publicKey,
    privateKey: emu.privateKey,
    retry: { backoffBaseMs: 1, backoffLimitMs: 5, jitter: 0 },
    ...clientOptions,
  });
}

afterEach(async () => {
  await client?.close();
  await emu?.close();
});

const failure = (p: Promise<unknown>): Promise<AtlasError> =>
  p.then(() => Promise.reject(new Error("expected a failure")), (e: unknown) => (isAtlasError(e) ? e : Promise.reject(e)));
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"date":'.repeat(depth)}"x"${"}".repeat(depth)}`;
const listPath = (cluster: string) => new RegExp(`/clusters/${cluster}/restoreJobs$`);

describe("read-back validation (item 6)", () => {
  test.each([
    ["timestamp nested 5,000 objects deep", "timestamp", nestedObject(5_000)],
    ["hashes nested 50,000 arrays deep", "hashes", nested(50_000)],
    ["links nested 50,000 arrays deep", "links", nested(50_000)],
    ["masterKeyUUID as a 1 MiB string", "masterKeyUUID", JSON.stringify("x".repeat(MiB))],
  ])("%s: the field is dropped, the job is kept with bounded fields only", async (_name, field, raw) => {
    await start();
    const [created] = await client.createRestoreJobs(PROJECT, RS.name, CREATE);
    emu.faults.rewriteNext({ method: "GET", jobFields: { [field]: raw } });
    const job = await client.getRestoreJob(PROJECT, RS.name, created.id);
    expect(job.id).toBe(created.id);
    expect(job).not.toHaveProperty(field);
    expect(JSON.stringify(job).length).toBeLessThan(4_096);
    expect(emu.requestLog.filter((e) => e.fault === "rewriteNext")).toHaveLength(1);
  });

  test("unknown fields are dropped, a well-formed timestamp and hash are kept", async () => {
    await start();
    const [created] = await client.createRestoreJobs(PROJECT, RS.name, CREATE);
    const hashes = JSON.stringify([{ typeName: "SHA1", fileName: "a.tar.gz", hash: "ab12" }]);
    emu.faults.rewriteNext({ method: "GET", jobFields: { extra: nestedObject(1_000), hashes } });
    const job = await client.getRestoreJob(PROJECT, RS.name, created.id);
    expect(job).not.toHaveProperty("extra");
    expect(job.hashes).toEqual([{ typeName: "SHA1", fileName: "a.tar.gz", hash: "ab12" }]);
    expect(job.timestamp).toEqual(created.timestamp);
  });
});

describe("server ids and enums are validated before use (item 8)", () => {
  test.each([
    ["statusName \"constructor\" (an Object.prototype key)", { statusName: '"constructor"' }, /statusName is not a job status/],
    ["delivery.statusName \"toString\"", { delivery: '{"methodName":"HTTP","statusName":"toString"}' }, /delivery\.statusName is not a delivery status/],
    ["a job id that is not 24-hex", { id: '"../../other"' }, /id is not a 24-hex id/],
    ["a batchId that is not 24-hex", { batchId: '"x"' }, /batchId is not a 24-hex id/],
  ])("GET answering %s is a bad response naming the field", async (_name, jobFields, problem) => {
    await start({ retry: { limit: 0 } });
    const [created] = await client.createRestoreJobs(PROJECT, RS.name, CREATE);
    emu.faults.rewriteNext({ method: "GET", jobFields });
    const e = await failure(client.getRestoreJob(PROJECT, RS.name, created.id));
    expect(e.code).toBe("ATLAS_BAD_RESPONSE");
    expect(e.message).toMatch(problem);
  });

  test.each([
    ["empty results", { body: '{"links":[],"results":[],"totalCount":0}' }, /lists no restore job \(empty results\)/],
    ["a non-hex job id", { jobFields: { id: '"not-a-hex-id"' } }, /results\[0\]\.id is not a 24-hex id/],
    ["statusName \"constructor\"", { jobFields: { statusName: '"constructor"' } }, /results\[0\]\.statusName/],
  ])("a create answered with %s: outcome unknown (reconcile, never re-send), and the restore exists", async (_name, fault, problem) => {
    await start();
    emu.faults.rewriteNext({ method: "POST", ...fault });
    const e = await failure(client.createRestoreJobs(PROJECT, SHARDED.name, { delivery: { methodName: "HTTP" }, snapshotId: SHARDED.snapshotId }));
    expect(e).toMatchObject({ code: "ATLAS_BAD_RESPONSE", requestOutcome: "unknown", status: 200 });
    expect(e.message).toMatch(problem);
    expect(e.message).toMatch(/list restore jobs before re-sending/);
    expect(emu.requestLog.filter((x) => x.method === "POST" && x.status === 200)).toHaveLength(1);
    expect(emu.jobs({ clusterName: SHARDED.name }).length).toBeGreaterThan(0);
  });

  test("a list with one unusable job is unusable as a whole (a batch must not lose a part)", async () => {
    await start({ retry: { limit: 0 } });
    const created = await client.createRestoreJobs(PROJECT, SHARDED.name, { delivery: { methodName: "HTTP" }, snapshotId: SHARDED.snapshotId });
    emu.faults.rewriteNext({ method: "GET", body: JSON.stringify({ results: [created[0], { ...created[1], statusName: "hasOwnProperty" }], links: [] }) });
    const e = await failure(client.listRestoreJobs(PROJECT, SHARDED.name, { batchId: created[0].batchId }));
    expect(e.message).toMatch(/results\[1\]\.statusName/);
  });
});

describe("every answer is bounded in size and time (item 7)", () => {
  test("an endless body is cut off at maxResponseBytes; the server could only push a bounded amount", async () => {
    await start({ maxResponseBytes: 4 * MiB, retry: { limit: 0 } });
    emu.faults.trickleNext({ method: "GET", path: listPath(RS.name) });
    const e = await failure(client.listRestoreJobs(PROJECT, RS.name));
    expect(e).toMatchObject({ code: "ATLAS_BAD_RESPONSE", requestOutcome: "unknown", status: 200 });
    expect(e.message).toMatch(/^The answer to GET \/groups\/[0-9a-f]{4}…\/clusters\/ReplicaSet0\/restoreJobs exceeded 4 MiB; it was cut off after \d+ bytes/);
    const bytesRead = Number(/after (\d+) bytes/.exec(e.message)?.[1]);
    expect(bytesRead).toBeGreaterThan(4 * MiB);
    expect(bytesRead).toBeLessThanOrEqual(4 * MiB + 65_536);
    // The socket is closed: what the server got rid of stops growing at the limit plus the
    // kernel's socket buffers, instead of growing for ever.
    const entry = emu.requestLog.find((x) => x.fault === "trickleNext")!;
    await new Promise((r) => setTimeout(r, 200));
    const settled = entry.bytesSent!;
    await new Promise((r) => setTimeout(r, 200));
    expect(entry.bytesSent).toBe(settled);
    expect(settled).toBeLessThan(4 * MiB + 32 * MiB);
  });

  test("a Content-Length over the limit is refused before reading the body", async () => {
    await start({ maxResponseBytes: 1024, retry: { limit: 0 } });
    const [created] = await client.createRestoreJobs(PROJECT, RS.name, CREATE);
    emu.faults.rewriteNext({ method: "GET", jobFields: { clusterId: JSON.stringify("y".repeat(4_096)) } });
    const e = await failure(client.getRestoreJob(PROJECT, RS.name, created.id));
    expect(e.message).toMatch(/exceeded 1 KiB; it was cut off \(its Content-Length said so\)/);
  });

  test("a body trickling slower than bodyTimeout never ends: cut off at the overall deadline, not retried", async () => {
    await start({ timeouts: { responseMs: 500, bodyMs: 30_000 } });
    emu.faults.trickleNext({ method: "GET", path: listPath(RS.name), chunkBytes: 16, intervalMs: 20 });
    const e = await failure(client.listRestoreJobs(PROJECT, RS.name));
    expect(e).toMatchObject({ code: "ATLAS_TIMEOUT", phase: "body", osCode: "ATLAS_RESPONSE_DEADLINE", requestOutcome: "unknown" });
    expect(e.message).toMatch(/^The answer to GET \/groups\/[0-9a-f]{4}…\/clusters\/ReplicaSet0\/restoreJobs kept streaming for more than 0\.5 s; it was cut off/);
    const entry = emu.requestLog.find((x) => x.fault === "trickleNext")!;
    expect(entry.bytesSent).toBeLessThan(64 * 1024);
    expect(emu.requestLog.filter((x) => x.fault === "trickleNext")).toHaveLength(1);
  });

  test("a normal answer is not affected by the bounds", async () => {
    await start({ maxResponseBytes: 64 * 1024, timeouts: { responseMs: 10_000 } });
    const created = await client.createRestoreJobs(PROJECT, SHARDED.name, { delivery: { methodName: "HTTP" }, snapshotId: SHARDED.snapshotId });
    expect(await client.listRestoreJobs(PROJECT, SHARDED.name, { batchId: created[0].batchId })).toHaveLength(created.length);
  });
});

describe("a secret pasted into a path parameter is never quoted back (item 10)", () => {
  const leaks = (e: AtlasError, key: string) =>
    [e.message, e.stack ?? "", JSON.stringify(e), String((e.cause as Error | undefined)?.message ?? "")].filter((t) => t.includes(key) || t.includes(encodeURIComponent(key)));

  test("404 for a private key used as clusterName: redacted everywhere, and the hint is about clusterName", async () => {
    await start();
    const key = emu.privateKey;
    const e = await failure(client.createRestoreJobs(PROJECT, key, CREATE));
    expect(e).toMatchObject({ code: "ATLAS_API_ERROR", status: 404, errorCode: "CLUSTER_NAME_NOT_FOUND" });
    expect(leaks(e, key)).toEqual([]);
    expect(e.path).toMatch(/\/clusters\/\[REDACTED\]\/restoreJobs$/);
    expect(e.message).toMatch(/Check clusterName "\[REDACTED\]": project [0-9a-f]{24} has no such cluster/);
    expect(e.message).not.toMatch(/targetClusterName/);
  });

  test.each([
    ["a reset connection", () => emu.faults.resetNext({ method: "GET" }), "ATLAS_NETWORK_ERROR"],
    ["an endless body", () => emu.faults.trickleNext({ method: "GET" }), "ATLAS_BAD_RESPONSE"],
    ["an HTML page", () => emu.faults.failNext({ status: 200, method: "GET", body: "<html></html>" }), "ATLAS_BAD_RESPONSE"],
  ])("%s on a path holding the key: the error's message and path are redacted", async (_name, inject, code) => {
    await start({ retry: { limit: 0 }, maxResponseBytes: 64 * 1024 });
    inject();
    const e = await failure(client.listRestoreJobs(PROJECT, emu.privateKey));
    expect(e.code).toBe(code);
    expect(leaks(e, emu.privateKey)).toEqual([]);
  });
});

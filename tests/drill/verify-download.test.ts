/**
 * Download verification against the real emulator over real HTTP with digest auth: good archives
 * (legacy replica set and sharded batch, Cloud Backup replica set and sharded), archives broken
 * in transit (corrupted, truncated) and at the source (corrupt, truncated, no WiredTiger files),
 * an HTML answer, a used-up link, the size and time bounds — and never a URL or token in any
 * result or log line.
 */
import { FIXTURE_IDS as ID, startEmulator, type Emulator } from "../../emulator";
import { DOWNLOAD_PATH } from "../../emulator/faults";
import { AtlasClient, CloudBackupClient, resetCloudBackupBudgets, resetRateLimiters } from "../../provider/atlas";
import type { DrillVerification } from "../../drill/report/model";
import { verifyCloudBackupDownload, verifyLegacyDownload, type VerifyDownloadOptions } from "../../drill/verify-download";

let emu: Emulator;
let now: number;
let legacy: AtlasClient;
let cloud: CloudBackupClient;
const logs: string[] = [];
const results: DrillVerification[] = [];

beforeEach(async () => {
  now = Date.parse("2026-03-01T12:00:00Z");
  resetRateLimiters();
  resetCloudBackupBudgets();
  emu = await startEmulator({ clock: () => now, rateLimit: false });
  legacy = new AtlasClient({ publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.apiBase });
  cloud = new CloudBackupClient({ publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.baseUrl, warn: () => undefined });
});

afterEach(async () => {
  assertNoSecrets();
  await Promise.all([legacy.close(), cloud.close()]);
  await emu.close();
});

const options = (extra: VerifyDownloadOptions = {}): VerifyDownloadOptions => ({ log: (l) => logs.push(l), ...extra });

/** Every URL, token and auth value the emulator handed out: none may show in a result or a log line. */
function assertNoSecrets(): void {
  const secrets = new Set<string>();
  for (const j of emu.jobs()) {
    for (const v of [j.delivery.url, j.delivery.urlV2, j.delivery.authValue]) if (v) secrets.add(v);
    if (j.delivery.authValue) secrets.add(j.delivery.authValue.replace(/^Bearer /, ""));
  }
  for (const j of emu.cloudJobs()) {
    const urls = [...((j.deliveryUrl as string[] | undefined) ?? []), ...((j.components as { downloadUrl?: string }[] | undefined) ?? []).flatMap((c) => (c.downloadUrl ? [c.downloadUrl] : []))];
    for (const u of urls) {
      secrets.add(u);
      secrets.add(u.split("/").at(-2) ?? u); // the token segment
    }
  }
  const texts = [...logs, ...results.map((r) => JSON.stringify(r))];
  for (const text of texts) {
    expect(text).not.toMatch(/https?:\/\//);
    expect(text).not.toContain("/backup/restore/");
    for (const s of secrets) expect(text).not.toContain(s);
  }
  logs.length = 0;
  results.length = 0;
}

function record(r: DrillVerification[]): DrillVerification[] {
  results.push(...r);
  return r;
}

/** A legacy HTTP restore, ready: its job ids. */
async function legacyReady(clusterName: string, snapshotId: string, delivery: { maxDownloads?: number } = {}): Promise<string[]> {
  const jobs = await legacy.createRestoreJobs(ID.projectId, clusterName, { snapshotId, delivery: { methodName: "HTTP", ...delivery } });
  now += 20_000;
  return jobs.map((j) => j.id);
}

async function cloudReady(clusterName: string, snapshotId: string): Promise<string> {
  const job = await cloud.createRestoreJob(ID.projectId, clusterName, { deliveryType: "download", snapshotId });
  now += 20_000;
  return job.id;
}

const verifyLegacy = async (clusterName: string, jobIds: string[], extra?: VerifyDownloadOptions) =>
  record(await verifyLegacyDownload(legacy, { projectId: ID.projectId, clusterName, jobIds }, options(extra)));

describe("good archives", () => {
  test("legacy replica set: size, SHA-1 matching the hashes Atlas lists after the download, WiredTiger files", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    const [v] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(v).toEqual({ part: jobIds[0], ok: true, bytes: expect.any(Number), checksumAlgorithm: "sha1", checksum: "match", wiredTigerFiles: 5 });
    expect(v?.bytes).toBeGreaterThan(100);
    // It used the authenticated urlV2 (the token in a header), not the key-in-path url.
    expect(emu.requestLog.filter((e) => e.path.startsWith("/backup/restore/")).map((e) => e.path.split("/")[3])).toEqual(["v3"]);
    expect(logs).toEqual([`verify ${jobIds[0]}: ok, ${v?.bytes} bytes, sha1 match, 5 WiredTiger files`]);
  });

  test("legacy sharded batch: one verification per part (shards and config server), each checksummed", async () => {
    const jobIds = await legacyReady(ID.cluster0.name, ID.cluster0.snapshotId);
    expect(jobIds).toHaveLength(3);
    const vs = await verifyLegacy(ID.cluster0.name, jobIds);
    expect(vs.map((v) => [v.part, v.ok, v.checksum, v.wiredTigerFiles])).toEqual(jobIds.map((id) => [id, true, "match", 5]));
  });

  test("Cloud Backup replica set and sharded: one per component, checksum not given (v2 lists no hash)", async () => {
    const rsJob = await cloudReady(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId);
    const rs = record(await verifyCloudBackupDownload(cloud, { projectId: ID.projectId, clusterName: ID.cloudReplicaSet0.name, jobId: rsJob }, options()));
    expect(rs).toEqual([{ part: ID.cloudReplicaSet0.name, ok: true, bytes: expect.any(Number), checksum: "not given", wiredTigerFiles: 5 }]);

    const shardedJob = await cloudReady(ID.cloudCluster0.name, ID.cloudCluster0.latestSnapshotId);
    const sharded = record(await verifyCloudBackupDownload(cloud, { projectId: ID.projectId, clusterName: ID.cloudCluster0.name, jobId: shardedJob }, options()));
    expect(sharded.map((v) => [v.part, v.ok, v.checksum])).toEqual([
      ["CloudCluster0-shard-0", true, "not given"],
      ["CloudCluster0-shard-1", true, "not given"],
      ["CloudCluster0-config-0", true, "not given"],
    ]);
  });
});

describe("broken archives", () => {
  test("corrupted in transit: unreadable, and its SHA-1 differs from the one Atlas lists", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    emu.faults.corruptNextDownload();
    const [v] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(v).toMatchObject({ ok: false, checksumAlgorithm: "sha1", checksum: "mismatch", wiredTigerFiles: 0 });
    expect(v?.error).toMatch(/^the archive its SHA-1 [0-9a-f]{40} differs from the [0-9a-f]{40} Atlas lists; it is not a readable tar\.gz \(Z_DATA_ERROR/);
    expect(emu.requestLog.some((e) => e.fault === "corruptNextDownload")).toBe(true);
  });

  test("corrupt at the source (Cloud Backup): unreadable, checksum not given", async () => {
    emu.setRestoreBehaviour(ID.projectId, ID.cloudReplicaSet0.name, { archive: "corrupt" });
    const jobId = await cloudReady(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId);
    const [v] = record(await verifyCloudBackupDownload(cloud, { projectId: ID.projectId, clusterName: ID.cloudReplicaSet0.name, jobId }, options()));
    expect(v).toMatchObject({ ok: false, checksum: "not given" });
    expect(v?.error).toMatch(/^the archive is not a readable tar\.gz \(Z_/);
  });

  test("truncated in transit: the transfer ends short of its Content-Length", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    emu.faults.truncateNext({ path: DOWNLOAD_PATH });
    const [v] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(v).toMatchObject({ ok: false, checksum: "not given" });
    expect(v?.error).toMatch(/^the archive (download failed after \d+ of \d+ bytes|ended after \d+ of the \d+ bytes)/);
  });

  test("truncated at the source: the hash matches (Atlas hashed the same bytes) but the gzip stream ends early", async () => {
    emu.setRestoreBehaviour(ID.projectId, ID.replicaSet0.name, { archive: "truncated" });
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    const [v] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(v).toMatchObject({ ok: false, checksum: "match" });
    expect(v?.error).toMatch(/^the archive is not a readable tar\.gz \(Z_BUF_ERROR: unexpected end of file\)/);
  });

  test("a valid tar.gz without WiredTiger files is not a mongod data directory", async () => {
    emu.setRestoreBehaviour(ID.projectId, ID.replicaSet0.name, { archive: "noWiredTiger" });
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    const [v] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(v).toMatchObject({ ok: false, checksum: "match", wiredTigerFiles: 0 });
    expect(v?.error).toBe("the archive holds 2 entries but no WiredTiger file (WiredTiger, *.wt): not a mongod data directory");
  });
});

describe("hostile and bounded answers", () => {
  test("a URL that answers an HTML page (as text/html, or disguised as a download)", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId, { maxDownloads: 3 });
    const page = "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>";
    emu.faults.failNext({ status: 200, body: page, path: DOWNLOAD_PATH });
    const [html] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(html).toMatchObject({ ok: false, checksum: "not given" });
    expect(html?.error).toBe("the archive answered an HTML page (content-type text/html), not a .tar.gz: a login or error page, or a proxy in between");
    emu.faults.failNext({ status: 200, body: page, contentType: "application/octet-stream", path: DOWNLOAD_PATH });
    const [disguised] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(disguised?.ok).toBe(false);
    expect(disguised?.error).toContain("is not gzip data: it starts with '<', like an HTML page");
  });

  test("an archive over maxBytes is refused from its Content-Length; an endless body is cut off at maxBytes", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId, { maxDownloads: 3 });
    const [declared] = await verifyLegacy(ID.replicaSet0.name, jobIds, { maxBytes: 100 });
    expect(declared?.ok).toBe(false);
    expect(declared?.error).toMatch(/^the archive is \d+ bytes \(Content-Length\), over maxBytes 100 bytes: not read; raise maxBytes/);
    emu.faults.trickleNext({ path: DOWNLOAD_PATH });
    const [endless] = await verifyLegacy(ID.replicaSet0.name, jobIds, { maxBytes: 1024 * 1024 });
    expect(endless?.error).toMatch(/^the archive is larger than maxBytes 1 MiB: stopped after \d+ bytes/);
    const trickled = emu.requestLog.find((e) => e.fault === "trickleNext");
    expect(trickled?.bytesSent).toBeLessThan(16 * 1024 * 1024);
  });

  test("an answer that never completes is cut off at timeouts.totalMs", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    emu.faults.trickleNext({ path: DOWNLOAD_PATH, chunkBytes: 16, intervalMs: 20 });
    const [v] = await verifyLegacy(ID.replicaSet0.name, jobIds, { timeouts: { totalMs: 300 } });
    expect(v?.error).toMatch(/^the archive did not complete within 300 ms after \d+ bytes$/);
  });

  test("a used-up link (maxDownloads) and a part not ready yet say so", async () => {
    const jobIds = await legacyReady(ID.replicaSet0.name, ID.replicaSet0.snapshotId);
    expect((await verifyLegacy(ID.replicaSet0.name, jobIds))[0]?.ok).toBe(true);
    const [again] = await verifyLegacy(ID.replicaSet0.name, jobIds);
    expect(again).toEqual({ part: jobIds[0], ok: false, checksum: "not given", error: "the restore part is not ready to download (delivery MAX_DOWNLOADS_EXCEEDED)" });
    const pending = await legacy.createRestoreJobs(ID.projectId, ID.orders0.name, { snapshotId: ID.orders0.snapshotId, delivery: { methodName: "HTTP" } });
    const [notReady] = await verifyLegacy(ID.orders0.name, pending.map((j) => j.id));
    expect(notReady?.error).toBe("the restore part is not ready to download (delivery NOT_STARTED)");
    const cloudJob = await cloud.createRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, { deliveryType: "download", snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
    const [cloudPending] = record(await verifyCloudBackupDownload(cloud, { projectId: ID.projectId, clusterName: ID.cloudReplicaSet0.name, jobId: cloudJob.id }, options()));
    expect(cloudPending).toEqual({ part: ID.cloudReplicaSet0.name, ok: false, checksum: "not given", error: "the restore is not ready to download (status IN_PROGRESS)" });
  });

  test("a Cloud Backup link whose token is refused answers 401, named without the link", async () => {
    const jobId = await cloudReady(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId);
    emu.faults.failNext({ status: 401, path: DOWNLOAD_PATH });
    const [v] = record(await verifyCloudBackupDownload(cloud, { projectId: ID.projectId, clusterName: ID.cloudReplicaSet0.name, jobId }, options()));
    expect(v?.error).toMatch(/^the archive answered HTTP 401( [A-Z_]+)? \(the link's token was refused\)$/);
  });
});

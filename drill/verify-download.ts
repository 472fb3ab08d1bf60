/**
 * `verify: "download"` of a drill entry: stream each archive of a READY download restore and
 * check that it is whole and usable, one `DrillVerification` per archive (per shard and config
 * server of a sharded cluster).
 *
 *   size      every byte announced arrived, within `maxBytes`
 *   checksum  legacy API: the SHA-1 Atlas lists in `hashes` once a download completed
 *             (atlas-restore-api.md §3.3), read back after the download; Cloud Backup (v2) gives
 *             no hash (atlas-v2-and-auth.md §1.4): "not given"
 *   content   a readable .tar.gz (strict parser) with at least one WiredTiger file
 *             (`WiredTiger`, `*.wt`): a mongod data directory, not an error page
 *
 * Each verification uses up one of the link's downloads (legacy `maxDownloads`). Parts are
 * verified one after the other, so a drill never holds more than one archive stream per entry.
 * Delivery URLs and auth values are secrets: they never appear in a result, an error or a log line.
 */
import type { Dispatcher } from "undici";
import type { AtlasClient, CloudBackupClient, RestoreJob } from "../provider/atlas";
import { redact } from "../provider/atlas";
import { createAgent } from "../provider/atlas/transport";
import { cloudStatus, downloadUrlsOf } from "../provider/cloud-backup-job/status";
import type { DrillVerification } from "./report/model";
import { checkArchive, type ArchiveFacts, type ArchiveSource } from "./verify-download/archive-check";
import { DownloadCheckError } from "./verify-download/failures";

export interface VerifyDownloadOptions {
  /** Largest archive read, in bytes; a larger one fails its verification. @default 8 GiB */
  readonly maxBytes?: number;
  /**
   * In ms. `totalMs` bounds one archive from request to last byte; `bodyMs` the longest gap
   * between two chunks. Ignored but `totalMs` when `dispatcher` is given.
   * @default { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000, totalMs: 7_200_000 }
   */
  readonly timeouts?: { readonly connectMs?: number; readonly headersMs?: number; readonly bodyMs?: number; readonly totalMs?: number };
  /** undici dispatcher for the downloads (not closed here). @default an Agent from `timeouts`, closed at the end */
  readonly dispatcher?: Dispatcher;
  /** Receives one line per archive, e.g. `verify Cluster0-shard-0: ok, 461 bytes, sha1 not given, 5 WiredTiger files`. */
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** A legacy restore: the jobs of one batch (sharded) or the one job (replica set). */
export interface LegacyDownloadRef {
  readonly projectId: string;
  readonly clusterName: string;
  /** Parts are named by job id in the results (the legacy API gives no replica set name). */
  readonly jobIds: readonly string[];
}

/** A Cloud Backup restore: one job, one archive per `components[]` entry (sharded) or one. */
export interface CloudBackupDownloadRef {
  readonly projectId: string;
  readonly clusterName: string;
  readonly jobId: string;
}

export const DEFAULT_VERIFY_MAX_BYTES = 8 * 1024 ** 3;
const DEFAULT_TIMEOUTS = { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000, totalMs: 7_200_000 };

/** Verify every archive of a READY legacy HTTP restore; its hashes are read back with `client`. */
export async function verifyLegacyDownload(client: AtlasClient, ref: LegacyDownloadRef, options: VerifyDownloadOptions = {}): Promise<DrillVerification[]> {
  return withDispatcher(options, async (run) => {
    const out: DrillVerification[] = [];
    for (const jobId of ref.jobIds) {
      out.push(await run(jobId, async () => {
        const job = await client.getRestoreJob(ref.projectId, ref.clusterName, jobId, { signal: options.signal });
        const source = legacySource(jobId, job);
        if (typeof source === "string") return { failure: source };
        const facts = await run.check(source);
        const after = await client.getRestoreJob(ref.projectId, ref.clusterName, jobId, { signal: options.signal });
        return { facts, given: sha1Of(after, fileNameOf(source.url)), secrets: secretsOf(source) };
      }));
    }
    return out;
  });
}

/** Verify every archive of a READY Cloud Backup download restore (no hash: v2 gives none). */
export async function verifyCloudBackupDownload(client: CloudBackupClient, ref: CloudBackupDownloadRef, options: VerifyDownloadOptions = {}): Promise<DrillVerification[]> {
  return withDispatcher(options, async (run) => {
    let urls: Record<string, string>;
    try {
      const job = await client.getRestoreJob(ref.projectId, ref.clusterName, ref.jobId, { signal: options.signal });
      const status = cloudStatus(job);
      if (job.deliveryType !== "download") return [failed(ref.clusterName, `the restore is a ${job.deliveryType} restore, not a download: nothing to verify`)];
      if (status !== "READY") return [failed(ref.clusterName, `the restore is not ready to download (status ${status})`)];
      urls = downloadUrlsOf(job, ref.clusterName);
    } catch (e) {
      return [failed(ref.clusterName, `the restore job could not be read: ${redact(messageOf(e))}`)];
    }
    const out: DrillVerification[] = [];
    for (const [part, url] of Object.entries(urls)) {
      const source: ArchiveSource = { part, url };
      out.push(await run(part, async () => ({ facts: await run.check(source), given: undefined, secrets: secretsOf(source) })));
    }
    return out;
  });
}

/** What one part's check came to, before it becomes a DrillVerification. */
type PartOutcome = { failure: string } | { facts: ArchiveFacts; given: string | undefined; secrets: string[] };

interface PartRunner {
  (part: string, body: () => Promise<PartOutcome>): Promise<DrillVerification>;
  check(source: ArchiveSource): Promise<ArchiveFacts>;
}

async function withDispatcher<T>(options: VerifyDownloadOptions, body: (run: PartRunner) => Promise<T>): Promise<T> {
  const t = { ...DEFAULT_TIMEOUTS, ...definedOnly(options.timeouts ?? {}) };
  const maxBytes = options.maxBytes ?? DEFAULT_VERIFY_MAX_BYTES;
  if (!(maxBytes > 0 && Number.isFinite(maxBytes))) throw new Error("verify download: maxBytes must be a positive number of bytes.");
  for (const [k, v] of Object.entries(t)) {
    if (!(v > 0 && Number.isFinite(v))) throw new Error(`verify download: timeouts.${k} must be a positive number of milliseconds.`);
  }
  const dispatcher = options.dispatcher ?? createAgent({ connectMs: t.connectMs, headersMs: t.headersMs, bodyMs: t.bodyMs, responseMs: t.totalMs });
  const run: PartRunner = Object.assign(
    async (part: string, partBody: () => Promise<PartOutcome>): Promise<DrillVerification> => {
      let result: DrillVerification;
      try {
        result = toVerification(part, await partBody());
      } catch (e) {
        // Archive errors never quote a secret; those of the API clients are redacted already
        // (and once more here).
        result = failed(part, e instanceof DownloadCheckError ? `the archive ${e.message}` : `the restore job could not be read: ${redact(messageOf(e))}`);
      }
      options.log?.(logLine(result));
      return result;
    },
    { check: (source: ArchiveSource) => checkArchive(source, dispatcher, { maxBytes, totalMs: t.totalMs }, options.signal) },
  );
  try {
    return await body(run);
  } finally {
    if (!options.dispatcher) await dispatcher.close().catch(() => undefined);
  }
}

function toVerification(part: string, o: PartOutcome): DrillVerification {
  if ("failure" in o) return failed(part, o.failure);
  const { facts, given } = o;
  const checksum = given === undefined ? "not given" : given === facts.sha1 ? "match" : "mismatch";
  const problems = [
    checksum === "mismatch" ? `its SHA-1 ${facts.sha1} differs from the ${given} Atlas lists` : undefined,
    facts.unreadable,
    !facts.unreadable && facts.wiredTigerFiles === 0 ? `holds ${facts.entries} entries but no WiredTiger file (WiredTiger, *.wt): not a mongod data directory` : undefined,
  ].filter((p): p is string => p !== undefined);
  return {
    part,
    ok: problems.length === 0,
    bytes: facts.bytes,
    ...(given !== undefined ? { checksumAlgorithm: "sha1" } : {}),
    checksum,
    wiredTigerFiles: facts.wiredTigerFiles,
    ...(problems.length > 0 ? { error: redact(`the archive ${problems.join("; it ")}`, o.secrets) } : {}),
  };
}

function failed(part: string, error: string): DrillVerification {
  return { part, ok: false, checksum: "not given", error };
}

/** Prefer `urlV2` with its auth header (the token stays out of the URL); else `url`. */
function legacySource(part: string, job: RestoreJob): ArchiveSource | string {
  const d = job.delivery;
  if (!d || d.statusName !== "READY") return `the restore part is not ready to download (delivery ${d?.statusName ?? "missing"})`;
  if (d.urlV2 && d.authHeader && d.authValue) return { part, url: d.urlV2, headers: { [d.authHeader]: d.authValue } };
  if (d.url) return { part, url: d.url };
  return "the restore part has no download URL (an automated restore has nothing to download)";
}

/** The SHA-1 Atlas lists for this file (HTTP deliveries list one hash, §3.3). */
function sha1Of(job: RestoreJob, fileName: string | undefined): string | undefined {
  const sha1s = (job.hashes ?? []).filter((h) => typeof h?.hash === "string" && String(h.typeName).toUpperCase() === "SHA1");
  const hash = sha1s.find((h) => h.fileName === fileName) ?? (sha1s.length === 1 ? sha1s[0] : undefined);
  return hash?.hash.toLowerCase();
}

function fileNameOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    return undefined;
  }
}

/** Literal secrets of a source, for the second layer of redaction: the URL, its long path segments, header values. */
function secretsOf(source: ArchiveSource): string[] {
  const segments = (() => {
    try {
      return new URL(source.url).pathname.split("/").filter((s) => s.length >= 16);
    } catch {
      return [];
    }
  })();
  return [source.url, ...segments, ...Object.values(source.headers ?? {}), ...Object.values(source.headers ?? {}).map((v) => v.replace(/^Bearer\s+/i, ""))];
}

function logLine(v: DrillVerification): string {
  if (!v.ok) return `verify ${v.part}: FAILED: ${v.error ?? "unknown"}`;
  return `verify ${v.part}: ok, ${v.bytes ?? 0} bytes, sha1 ${v.checksum}, ${v.wiredTigerFiles ?? 0} WiredTiger files`;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

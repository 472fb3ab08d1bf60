/**
 * CloudBackupClient: Cloud Backup restore jobs and snapshots of the Atlas Admin API v2
 * (atlas-v2-and-auth.md §1), for clusters created since March 2020. It shares the legacy
 * client's transport, digest auth, retry policy, error family and redaction (RequestCore) and
 * brings its own paths, the versioned media type, the v2 token-bucket budget and answer shapes.
 *
 * As with the legacy client, `createRestoreJob` is re-sent only when the server provably did
 * nothing; on `requestOutcome: "unknown"` the caller must list jobs to reconcile. `DELETE`
 * (cancel) is retried like a GET: cancelling twice is harmless.
 */
import type { z } from "zod";
import type { Answer, Call } from "../attempt";
import { AtlasConfigError, AtlasInvalidArgumentError } from "../errors";
import { hasNextLink, sameResourceNext } from "../list-pages";
import type { Link } from "../models";
import { resolveOptions, type AtlasClientOptions, type ResolvedOptions } from "../options";
import { listQuery } from "../paths";
import { RequestCore } from "../request-core";
import { stampServerDate } from "../server-date";
import type { RetryPolicy } from "../retry-policy";
import type { AtlasClientStats } from "../send-with-retry";
import { deprecationWarning, warnOnce } from "./deprecation";
import { V2_API_SUFFIX, V2_MEDIA_TYPE } from "./media-type";
import {
  cloudRestoreJobSchema,
  cloudSnapshotSchema,
  pageSchema,
  shardedSnapshotSchema,
  type CloudRestoreJob,
  type CloudRestoreRequest,
  type CloudSnapshot,
  type ShardedSnapshot,
} from "./models";
import { cloudRestoreJobsPath, cloudSnapshotsPath } from "./paths";
import { cloudBackupBudget, DEFAULT_V2_BUCKET, type TokenBucketSetting } from "./token-bucket";

const MAX_PAGES = 1_000;
type Signal = { signal?: AbortSignal };

export interface CloudBackupClientOptions extends AtlasClientOptions {
  /**
   * The per-project v2 budget. Atlas's Cloud Backups limit is a token bucket of 1200 with a
   * refill of 500 per minute (per project, shared with every client); lower it to leave room
   * for others. `RateLimit-Remaining` answers always lower it further.
   * @default { capacity: 1200, refill: 500, intervalMs: 60_000 }
   */
  v2RateLimit?: Partial<TokenBucketSetting>;
  /** Receives the once-per-process deprecation warning. @default process.emitWarning */
  warn?: (line: string) => void;
}

/** `…/api/atlas/v1.0` (what a root or v1.0 baseUrl resolves to) → `…/api/atlas/v2`. */
function resolveV2(options: CloudBackupClientOptions): { resolved: ResolvedOptions; apiBase: string } {
  const raw = typeof options?.baseUrl === "string" ? options.baseUrl.trim().replace(/\/+$/, "") : options?.baseUrl;
  const baseUrl = typeof raw === "string" && raw.endsWith(V2_API_SUFFIX) ? raw.slice(0, -V2_API_SUFFIX.length) : raw;
  const resolved = resolveOptions({ ...options, baseUrl });
  if (resolved.flavour !== "atlas") {
    throw new AtlasConfigError(
      `baseUrl ${resolved.apiBase} is a Cloud Manager / Ops Manager API: Cloud Backup restore jobs exist only in Atlas ` +
        "(Admin API v2). Use the RestoreJob resource (legacy restore jobs) there.",
      "baseUrl",
    );
  }
  return { resolved, apiBase: resolved.apiBase.replace(/\/api\/atlas\/v1\.0$/, V2_API_SUFFIX) };
}

function bucketSetting(o: Partial<TokenBucketSetting> | undefined): TokenBucketSetting {
  const s = { ...DEFAULT_V2_BUCKET, ...o };
  for (const [k, v] of Object.entries(s)) {
    if (!(typeof v === "number" && v > 0 && Number.isFinite(v))) throw new AtlasConfigError(`v2RateLimit.${k} must be a positive number.`, `v2RateLimit.${k}`);
  }
  return s;
}

export class CloudBackupClient {
  /** Resolved API base, e.g. `https://cloud.mongodb.com/api/atlas/v2`. */
  readonly apiBase: string;
  readonly stats: AtlasClientStats;
  readonly #o: ResolvedOptions;
  readonly #core: RequestCore;
  readonly #bucket: TokenBucketSetting;
  readonly #policy: RetryPolicy;
  readonly #warn: (line: string) => void;

  /** Validates options synchronously (AtlasConfigError); opens no connection. */
  constructor(options: CloudBackupClientOptions) {
    const { resolved, apiBase } = resolveV2(options);
    this.#o = resolved;
    this.apiBase = apiBase;
    this.#bucket = bucketSetting(options.v2RateLimit);
    this.#core = new RequestCore(resolved, apiBase, { dispatcher: options.dispatcher, log: options.log });
    this.stats = this.#core.stats;
    const methods = resolved.policy.methods.includes("DELETE") ? resolved.policy.methods : [...resolved.policy.methods, "DELETE"];
    this.#policy = { ...resolved.policy, methods };
    this.#warn = options.warn ?? ((line) => process.emitWarning(line, "DeprecationWarning"));
  }

  /** POST one restore; Atlas answers the single job it created. */
  async createRestoreJob(projectId: string, clusterName: string, body: CloudRestoreRequest, opts: Signal = {}): Promise<CloudRestoreJob> {
    const path = cloudRestoreJobsPath(projectId, clusterName);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AtlasInvalidArgumentError("body must be a CloudRestoreRequest object.", "body");
    }
    const answer = await this.#request({ method: "POST", projectId, path, body: JSON.stringify(body), signal: opts.signal });
    return stampServerDate(this.#parse(answer, cloudRestoreJobSchema, "the answer is not a Cloud Backup restore job"), answer.res);
  }

  /** GET every restore job of the cluster, following pages to the end. */
  listRestoreJobs(projectId: string, clusterName: string, opts: Signal & { itemsPerPage?: number } = {}): Promise<CloudRestoreJob[]> {
    return this.#listAll(projectId, cloudRestoreJobsPath(projectId, clusterName), cloudRestoreJobSchema, "restore job", opts);
  }

  /** GET one restore job. */
  async getRestoreJob(projectId: string, clusterName: string, jobId: string, opts: Signal = {}): Promise<CloudRestoreJob> {
    const answer = await this.#request({ method: "GET", projectId, path: cloudRestoreJobsPath(projectId, clusterName, jobId), signal: opts.signal });
    return stampServerDate(this.#parse(answer, cloudRestoreJobSchema, "the answer is not a Cloud Backup restore job"), answer.res);
  }

  /**
   * DELETE (cancel) a restore job: 204. Only download jobs can be cancelled; Atlas answers 400
   * CANNOT_CANCEL_AUTOMATED_RESTORE or 405 for the others (thrown as AtlasApiError).
   */
  async cancelRestoreJob(projectId: string, clusterName: string, jobId: string, opts: Signal = {}): Promise<void> {
    const path = cloudRestoreJobsPath(projectId, clusterName, jobId);
    const answer = await this.#request({ method: "DELETE", projectId, path, signal: opts.signal, allowNoContent: true });
    if (answer.res.status !== 204 && answer.value !== undefined && typeof answer.value !== "object") {
      throw this.#core.bad(answer, "the cancel answer is neither empty nor JSON");
    }
  }

  /** Every snapshot of the cluster (`/backup/snapshots`), following pages; Atlas lists newest first. */
  listSnapshots(projectId: string, clusterName: string, opts: Signal & { itemsPerPage?: number } = {}): Promise<CloudSnapshot[]> {
    return this.#listAll(projectId, cloudSnapshotsPath(projectId, clusterName), cloudSnapshotSchema, "snapshot", opts);
  }

  /** One snapshot (`/backup/snapshots/{snapshotId}`). */
  async getSnapshot(projectId: string, clusterName: string, snapshotId: string, opts: Signal = {}): Promise<CloudSnapshot> {
    const path = cloudSnapshotsPath(projectId, clusterName, "replicaSet", snapshotId);
    const answer = await this.#request({ method: "GET", projectId, path, signal: opts.signal });
    return this.#parse(answer, cloudSnapshotSchema, "the answer is not a snapshot");
  }

  /** A sharded cluster's snapshots with their members (`/backup/snapshots/shardedClusters`, one page). */
  async listShardedSnapshots(projectId: string, clusterName: string, opts: Signal = {}): Promise<ShardedSnapshot[]> {
    const answer = await this.#request({ method: "GET", projectId, path: cloudSnapshotsPath(projectId, clusterName, "shardedClusters"), signal: opts.signal });
    return this.#parse(answer, pageSchema(shardedSnapshotSchema), "the answer is not a sharded snapshot list").results;
  }

  close(): Promise<void> {
    return this.#core.close();
  }

  async #listAll<T extends z.ZodType>(projectId: string, listPath: string, item: T, what: string, opts: Signal & { itemsPerPage?: number }): Promise<z.infer<T>[]> {
    const byId = new Map<string, z.infer<T>>();
    const query = { itemsPerPage: opts.itemsPerPage };
    let path = listPath + listQuery(query);
    for (let pageNum = 1; ; pageNum++) {
      const answer = await this.#request({ method: "GET", projectId, path, signal: opts.signal });
      const page = this.#parse(answer, pageSchema(item), `the answer is not a ${what} list`);
      const before = byId.size;
      for (const entry of page.results as { id: string }[]) if (!byId.has(entry.id)) byId.set(entry.id, entry as z.infer<T>);
      const links = (page.links ?? []) as Link[];
      const more = hasNextLink(links) || (page.totalCount !== undefined && byId.size < page.totalCount);
      if (!more || byId.size === before) return [...byId.values()];
      if (pageNum >= MAX_PAGES) throw this.#core.bad(answer, `pages did not end after ${MAX_PAGES}`);
      path = sameResourceNext(links, this.apiBase, listPath) ?? listPath + listQuery({ ...query, pageNum: pageNum + 1 });
    }
  }

  #parse<T extends z.ZodType>(answer: Answer, schema: T, problem: string): z.infer<T> {
    const parsed = schema.safeParse(answer.value);
    if (parsed.success) return parsed.data;
    const where = parsed.error.issues[0];
    throw this.#core.bad(answer, `${problem} (${where ? `${where.path.join(".") || "(root)"}: ${where.message}` : "wrong shape"})`);
  }

  async #request(call: Omit<Call, "mediaType">): Promise<Answer> {
    const budget = cloudBackupBudget(this.#o.origin, call.projectId, this.#bucket);
    const answer = await this.#core.request(
      { ...call, mediaType: V2_MEDIA_TYPE },
      { acquire: (s) => budget.acquireGrant(s), pause: (ms) => budget.pause(ms) },
      this.#policy,
    );
    const remaining = answer.res.headers.get("ratelimit-remaining");
    if (remaining !== null && /^\d+$/.test(remaining.trim())) budget.observeRemaining(Number(remaining));
    const warning = deprecationWarning(answer.res.headers);
    if (warning) warnOnce(warning, (line) => {
      this.#core.log(line);
      this.#warn(line);
    });
    return answer;
  }
}

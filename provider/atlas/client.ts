/**
 * AtlasClient: the legacy (v1.0) restore-jobs API. Each call builds a validated path, sends it
 * under the per-project budget and the retry policy, and parses the answer. An automated restore
 * WIPES its target cluster, so `createRestoreJobs` is re-sent only when the server provably did
 * nothing; on `requestOutcome: "unknown"` the caller must list jobs to reconcile.
 */
import type { Answer, Call } from "./attempt";
import { AtlasInvalidArgumentError } from "./errors";
import { asJobPage, asRestoreJob, asSnapshotPage, createdJobs, hasNextLink, sameResourceNext } from "./list-pages";
import type { CreateRestoreJobRequest, LegacySnapshot, RestoreJob } from "./models";
import { resolveOptions, type AtlasClientOptions, type ResolvedOptions } from "./options";
import { listQuery, restoreJobsPath, snapshotsPath } from "./paths";
import { projectLimiter } from "./rate-limiter";
import { RequestCore } from "./request-core";
import { stampServerDate } from "./server-date";
import type { AtlasClientStats } from "./send-with-retry";

/** Guard against a server whose pages never end. */
const MAX_PAGES = 1_000;

type Signal = { signal?: AbortSignal };

export class AtlasClient {
  /** Resolved API base, e.g. `https://cloud.mongodb.com/api/atlas/v1.0`. */
  readonly apiBase: string;
  /** Counters for the benchmark; see AtlasClientStats. */
  readonly stats: AtlasClientStats;
  readonly #o: ResolvedOptions;
  /** Transport, digest auth, retry loop, errors and logging, shared with the v2 client. */
  readonly #core: RequestCore;

  /** Validates options synchronously (AtlasConfigError); opens no connection. */
  constructor(options: AtlasClientOptions) {
    this.#o = resolveOptions(options);
    this.apiBase = this.#o.apiBase;
    this.#core = new RequestCore(this.#o, this.apiBase, { dispatcher: options.dispatcher, log: options.log });
    this.stats = this.#core.stats;
  }

  /** POST a restore; resolves to every job of the answer (one per shard + config server). */
  async createRestoreJobs(
    projectId: string,
    clusterName: string,
    body: CreateRestoreJobRequest,
    opts: Signal = {},
  ): Promise<RestoreJob[]> {
    const path = restoreJobsPath(projectId, clusterName);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AtlasInvalidArgumentError("body must be a CreateRestoreJobRequest object.", "body");
    }
    const json = JSON.stringify(body);
    const answer = await this.#request({ method: "POST", projectId, path, body: json, signal: opts.signal });
    // An unusable 2xx answer is "outcome unknown": the caller reconciles instead of re-sending.
    const jobs = createdJobs(answer.value);
    if (!jobs.ok) throw this.#bad(answer, jobs.problem);
    return stampServerDate(jobs.value, answer.res);
  }

  /** GET every restore job of the cluster (optionally of one batch), following pages to the end. */
  async listRestoreJobs(
    projectId: string,
    clusterName: string,
    opts: Signal & { batchId?: string; itemsPerPage?: number } = {},
  ): Promise<RestoreJob[]> {
    const listPath = restoreJobsPath(projectId, clusterName);
    const query = { batchId: opts.batchId, itemsPerPage: opts.itemsPerPage };
    const byId = new Map<string, RestoreJob>();
    let path = listPath + listQuery(query);
    for (let pageNum = 1; ; pageNum++) {
      const answer = await this.#request({ method: "GET", projectId, path, signal: opts.signal });
      const checked = asJobPage(answer.value);
      if (!checked.ok) throw this.#bad(answer, checked.problem);
      const page = checked.value;
      const before = byId.size;
      for (const job of page.results) if (!byId.has(job.id)) byId.set(job.id, job);
      const more =
        hasNextLink(page.links) || (page.totalCount !== undefined && byId.size < page.totalCount);
      // A page that adds nothing new ends the walk too (a server repeating itself).
      if (!more || byId.size === before) return stampServerDate([...byId.values()], answer.res);
      if (pageNum >= MAX_PAGES) throw this.#bad(answer, `pages did not end after ${MAX_PAGES}`);
      path =
        sameResourceNext(page.links, this.apiBase, listPath) ??
        listPath + listQuery({ ...query, pageNum: pageNum + 1 });
    }
  }

  /**
   * GET the cluster's complete legacy snapshots (newest first on Atlas), following pages by
   * `pageNum` until `totalCount` is reached. Used to resolve a `snapshot` selector once.
   */
  async listSnapshots(projectId: string, clusterName: string, opts: Signal = {}): Promise<LegacySnapshot[]> {
    const path = snapshotsPath(projectId, clusterName);
    const byId = new Map<string, LegacySnapshot>();
    for (let pageNum = 1; pageNum <= MAX_PAGES; pageNum++) {
      const answer = await this.#request({ method: "GET", projectId, path: path + listQuery({ itemsPerPage: 500, pageNum }), signal: opts.signal });
      const checked = asSnapshotPage(answer.value);
      if (!checked.ok) throw this.#bad(answer, checked.problem);
      const page = checked.value;
      const before = byId.size;
      for (const s of page.results) byId.set(s.id, s);
      if (!hasNextLink(page.links) && !(page.totalCount !== undefined && byId.size < page.totalCount)) break;
      if (byId.size === before) break;
    }
    return [...byId.values()];
  }

  /** GET one restore job. */
  async getRestoreJob(
    projectId: string,
    clusterName: string,
    jobId: string,
    opts: Signal = {},
  ): Promise<RestoreJob> {
    const path = restoreJobsPath(projectId, clusterName, jobId);
    const answer = await this.#request({ method: "GET", projectId, path, signal: opts.signal });
    const job = asRestoreJob(answer.value);
    if (!job.ok) throw this.#bad(answer, job.problem);
    return stampServerDate(job.value, answer.res);
  }

  /** Close the Agent this client created (an injected dispatcher is left open). */
  close(): Promise<void> {
    return this.#core.close();
  }

  #request(call: Call): Promise<Answer> {
    const limiter = projectLimiter(this.#o.origin, call.projectId, this.#o.rateLimitWindowMs);
    const rpm = this.#o.requestsPerMinute;
    return this.#core.request(call, { acquire: (s) => limiter.acquireGrant(rpm, s), pause: (ms) => limiter.pause(ms) });
  }

  #bad(answer: Answer, problem: string): Error {
    return this.#core.bad(answer, problem);
  }
}

/**
 * AtlasClient: the legacy (v1.0) restore-jobs API. Each call builds a validated path, sends it
 * under the per-project budget and the retry policy, and parses the answer. An automated restore
 * WIPES its target cluster, so `createRestoreJobs` is re-sent only when the server provably did
 * nothing; on `requestOutcome: "unknown"` the caller must list jobs to reconcile.
 */
import type { Dispatcher } from "undici";
import { createDigestFetcher, type BufferedResponse, type DigestFetcher } from "./digest-client";
import { AtlasAbortedError, AtlasInvalidArgumentError } from "./errors";
import { asJobPage, createdJobs, hasNextLink, isRestoreJob, sameResourceNext } from "./list-pages";
import type { CreateRestoreJobRequest, RestoreJob } from "./models";
import { resolveOptions, type AtlasClientOptions, type ResolvedOptions } from "./options";
import { displayPath, listQuery, restoreJobsPath } from "./paths";
import { projectLimiter } from "./rate-limiter";
import { redact } from "./redact";
import { badResponse, interpretResponse } from "./response";
import { sendWithRetry, type AtlasClientStats } from "./send-with-retry";
import { createAgent, createExchange, mapTransportFailure, TransportFailure } from "./transport";

/** Guard against a server whose pages never end. */
const MAX_PAGES = 1_000;

interface Answer {
  value: unknown;
  res: BufferedResponse;
  path: string;
}

export class AtlasClient {
  /** Resolved API base, e.g. `https://cloud.mongodb.com/api/atlas/v1.0`. */
  readonly apiBase: string;
  /** Counters for the benchmark; see AtlasClientStats. */
  readonly stats: AtlasClientStats = { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
  readonly #o: ResolvedOptions;
  readonly #log?: (line: string) => void;
  readonly #injected?: Dispatcher;
  #agent?: Dispatcher;
  #digest?: DigestFetcher;

  /** Validates options synchronously (AtlasConfigError); opens no connection. */
  constructor(options: AtlasClientOptions) {
    this.#o = resolveOptions(options);
    this.apiBase = this.#o.apiBase;
    this.#injected = options.dispatcher;
    this.#log = options.log;
  }

  /** POST a restore; resolves to every job of the answer (one per shard + config server). */
  async createRestoreJobs(projectId: string, clusterName: string, body: CreateRestoreJobRequest, opts: { signal?: AbortSignal } = {}): Promise<RestoreJob[]> {
    const path = restoreJobsPath(projectId, clusterName);
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new AtlasInvalidArgumentError("body must be a CreateRestoreJobRequest object.", "body");
    }
    const answer = await this.#request("POST", projectId, path, JSON.stringify(body), opts.signal);
    const jobs = createdJobs(answer.value);
    if (jobs === undefined) throw this.#bad(answer, "POST", "the answer is not a restore job list");
    return jobs;
  }

  /** GET every restore job of the cluster (optionally of one batch), following pages to the end. */
  async listRestoreJobs(projectId: string, clusterName: string, opts: { batchId?: string; itemsPerPage?: number; signal?: AbortSignal } = {}): Promise<RestoreJob[]> {
    const listPath = restoreJobsPath(projectId, clusterName);
    const query = { batchId: opts.batchId, itemsPerPage: opts.itemsPerPage };
    const byId = new Map<string, RestoreJob>();
    let path = listPath + listQuery(query);
    for (let pageNum = 1; ; pageNum++) {
      const answer = await this.#request("GET", projectId, path, undefined, opts.signal);
      const page = asJobPage(answer.value);
      if (page === undefined) throw this.#bad(answer, "GET", "the answer is not a restore job list");
      const before = byId.size;
      for (const job of page.results) if (!byId.has(job.id)) byId.set(job.id, job);
      const grew = byId.size > before;
      const more = hasNextLink(page.links) || (page.totalCount !== undefined && byId.size < page.totalCount);
      if (!more || !grew) return [...byId.values()];
      if (pageNum >= MAX_PAGES) throw this.#bad(answer, "GET", `pages did not end after ${MAX_PAGES}`);
      path = sameResourceNext(page.links, this.apiBase, listPath) ?? listPath + listQuery({ ...query, pageNum: pageNum + 1 });
    }
  }

  /** GET one restore job. */
  async getRestoreJob(projectId: string, clusterName: string, jobId: string, opts: { signal?: AbortSignal } = {}): Promise<RestoreJob> {
    const path = restoreJobsPath(projectId, clusterName, jobId);
    const answer = await this.#request("GET", projectId, path, undefined, opts.signal);
    if (!isRestoreJob(answer.value)) throw this.#bad(answer, "GET", "the answer is not a restore job");
    return answer.value;
  }

  /** Close the Agent this client created (an injected dispatcher is left open). */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    this.#digest = undefined;
    if (agent) await agent.close();
  }

  #request(method: string, projectId: string, path: string, body: string | undefined, signal?: AbortSignal): Promise<Answer> {
    const limiter = projectLimiter(this.#o.origin, projectId);
    const rpm = this.#o.requestsPerMinute;
    return sendWithRetry((n) => this.#attempt(method, path, body, signal, n), {
      method, path, label: `${method} ${displayPath(path)}`, policy: this.#o.policy, stats: this.stats, signal,
      budget: { acquire: (s) => limiter.acquire(rpm, s), pause: (ms) => limiter.pause(ms) },
      log: (line) => this.#logLine(line),
    });
  }

  async #attempt(method: string, path: string, body: string | undefined, signal: AbortSignal | undefined, n: number): Promise<Answer> {
    const label = `${method} ${displayPath(path)}`;
    if (signal?.aborted) throw new AtlasAbortedError(`${label} was aborted before it was sent.`, { method, path, requestOutcome: "not-sent" });
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": this.#o.userAgent };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const started = Date.now();
    let res: BufferedResponse;
    try {
      res = await this.#digestFetcher().fetch(this.apiBase + path, { method, headers, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) });
    } catch (failure) {
      if (!(failure instanceof TransportFailure)) throw failure;
      const error = mapTransportFailure(failure, { method, path, signal, secrets: this.#secrets() });
      this.#logLine(`${label} -> ${error.code} in ${Date.now() - started} ms (attempt ${n})`);
      throw error;
    }
    this.#logLine(`${label} -> ${res.status} in ${Date.now() - started} ms (attempt ${n})`);
    const ctx = { method, path, apiBase: this.apiBase, origin: this.#o.origin, flavour: this.#o.flavour, secrets: this.#secrets(), nowMs: Date.now() };
    return { value: interpretResponse(res, ctx), res, path };
  }

  #bad(answer: Answer, method: string, problem: string): Error {
    return badResponse(answer.res, { method, path: answer.path, apiBase: this.apiBase, origin: this.#o.origin, flavour: this.#o.flavour, secrets: this.#secrets(), nowMs: Date.now() }, problem);
  }

  #digestFetcher(): DigestFetcher {
    if (this.#digest === undefined) {
      const dispatcher = this.#injected ?? (this.#agent ??= createAgent(this.#o.timeouts, this.#o.caCert));
      const exchange = createExchange(dispatcher, () => void this.stats.requests++);
      this.#digest = createDigestFetcher(this.#o.publicKey, this.#o.privateKey, exchange);
    }
    return this.#digest;
  }

  #secrets(): string[] {
    return [this.#o.privateKey, this.#o.publicKey];
  }

  #logLine(line: string): void {
    try {
      this.#log?.(redact(line, this.#secrets()));
    } catch {
      // A throwing logger must not break a request.
    }
  }
}

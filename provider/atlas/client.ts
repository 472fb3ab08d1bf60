/**
 * AtlasClient: the legacy (v1.0) restore-jobs API. Each call builds a validated path, sends it
 * under the per-project budget and the retry policy, and parses the answer. An automated restore
 * WIPES its target cluster, so `createRestoreJobs` is re-sent only when the server provably did
 * nothing; on `requestOutcome: "unknown"` the caller must list jobs to reconcile.
 */
import type { Dispatcher } from "undici";
import { sendAttempt, type Answer, type AttemptDeps, type Call } from "./attempt";
import { createAuthenticator, type Authenticator } from "./authenticator";
import { credentialSecrets } from "./credentials";
import { AtlasInvalidArgumentError } from "./errors";
import { asJobPage, asRestoreJob, createdJobs, hasNextLink, sameResourceNext } from "./list-pages";
import type { CreateRestoreJobRequest, RestoreJob } from "./models";
import { resolveOptions, type AtlasClientOptions, type ResolvedOptions } from "./options";
import { displayPath, listQuery, restoreJobsPath } from "./paths";
import { projectLimiter } from "./rate-limiter";
import { redact } from "./redact";
import { badResponse, type ResponseContext } from "./response";
import { sendWithRetry, type AtlasClientStats } from "./send-with-retry";
import { createAgent, createExchange } from "./transport";

/** Guard against a server whose pages never end. */
const MAX_PAGES = 1_000;

type Signal = { signal?: AbortSignal };

export class AtlasClient {
  /** Resolved API base, e.g. `https://cloud.mongodb.com/api/atlas/v1.0`. */
  readonly apiBase: string;
  /** Counters for the benchmark; see AtlasClientStats. */
  readonly stats: AtlasClientStats = { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
  readonly #o: ResolvedOptions;
  readonly #log?: (line: string) => void;
  readonly #injected?: Dispatcher;
  #agent?: Dispatcher;
  #auth?: Authenticator;

  /** Validates options synchronously (AtlasConfigError); opens no connection. */
  constructor(options: AtlasClientOptions) {
    this.#o = resolveOptions(options);
    this.apiBase = this.#o.apiBase;
    this.#injected = options.dispatcher;
    this.#log = options.log;
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
    return jobs.value;
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
      if (!more || byId.size === before) return [...byId.values()];
      if (pageNum >= MAX_PAGES) throw this.#bad(answer, `pages did not end after ${MAX_PAGES}`);
      path =
        sameResourceNext(page.links, this.apiBase, listPath) ??
        listPath + listQuery({ ...query, pageNum: pageNum + 1 });
    }
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
    return job.value;
  }

  /** Close the Agent this client created (an injected dispatcher is left open). */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    this.#auth = undefined;
    if (agent) await agent.close();
  }

  #request(call: Call): Promise<Answer> {
    const limiter = projectLimiter(this.#o.origin, call.projectId, this.#o.rateLimitWindowMs);
    const rpm = this.#o.requestsPerMinute;
    const deps: AttemptDeps = {
      url: (path) => this.apiBase + path,
      userAgent: this.#o.userAgent,
      auth: () => this.#authenticator(),
      context: (c) => this.#context(c),
      log: (line) => this.#logLine(line),
    };
    const secrets = this.#secrets();
    return sendWithRetry((n) => sendAttempt(call, n, deps), {
      method: call.method,
      path: redact(call.path, secrets),
      label: redact(`${call.method} ${displayPath(call.path)}`, secrets),
      policy: this.#o.policy,
      stats: this.stats,
      signal: call.signal,
      budget: { acquire: (s) => limiter.acquireGrant(rpm, s), pause: (ms) => limiter.pause(ms) },
      log: (line) => this.#logLine(line),
    });
  }

  #context(call: Call): ResponseContext {
    const { origin, flavour } = this.#o;
    const secrets = this.#secrets();
    const { method, path } = call;
    const credential = this.#o.credential.kind;
    return { method, path, apiBase: this.apiBase, origin, flavour, credential, secrets, nowMs: Date.now() };
  }

  #bad(answer: Answer, problem: string): Error {
    return badResponse(answer.res, this.#context(answer.call), problem);
  }

  #authenticator(): Authenticator {
    if (this.#auth === undefined) {
      const dispatcher =
        this.#injected ?? (this.#agent ??= createAgent(this.#o.timeouts, this.#o.caCert));
      const bounds = { maxBytes: this.#o.maxResponseBytes, totalMs: this.#o.timeouts.responseMs };
      const exchange = createExchange(dispatcher, () => void this.stats.requests++, bounds);
      const { origin, userAgent, clock: now } = this.#o;
      this.#auth = createAuthenticator(this.#o.credential, { exchange, origin, userAgent, now, log: (l) => this.#logLine(l) });
    }
    return this.#auth;
  }

  #secrets(): string[] {
    return [...credentialSecrets(this.#o.credential), ...(this.#auth?.secrets() ?? [])];
  }

  #logLine(line: string): void {
    try {
      this.#log?.(redact(line, this.#secrets()));
    } catch {
      // A throwing logger must not break a request.
    }
  }
}

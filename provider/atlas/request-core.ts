/**
 * What every Atlas API client shares: the undici transport (one keep-alive Agent, or an injected
 * dispatcher), authentication (digest or Bearer, authenticator.ts), response bounds, the retry loop, the error family, redacted logging and the request
 * counters. A client (the legacy `AtlasClient`, the v2 `CloudBackupClient`) owns one core and
 * brings only its paths, its media type, its budget and its answer shapes.
 */
import type { Dispatcher } from "undici";
import { sendAttempt, type Answer, type AttemptDeps, type Call } from "./attempt";
import { createAuthenticator, type Authenticator } from "./authenticator";
import { credentialSecrets } from "./credentials";
import type { ResolvedOptions } from "./options";
import { displayPath } from "./paths";
import { redact } from "./redact";
import { badResponse, type ResponseContext } from "./response";
import type { RetryPolicy } from "./retry-policy";
import { sendWithRetry, type AtlasClientStats, type Budget } from "./send-with-retry";
import { createAgent, createExchange } from "./transport";

export interface RequestCoreOptions {
  /** undici dispatcher to send through; not closed by `close()`. */
  dispatcher?: Dispatcher;
  /** Receives redacted debug lines. */
  log?: (line: string) => void;
}

export class RequestCore {
  /** Counters for the benchmark; see AtlasClientStats. */
  readonly stats: AtlasClientStats = { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
  readonly #o: ResolvedOptions;
  readonly #log?: (line: string) => void;
  readonly #injected?: Dispatcher;
  #agent?: Dispatcher;
  #auth?: Authenticator;

  /** `apiBase` is what paths are relative to (`…/api/atlas/v1.0`, `…/api/atlas/v2`). */
  constructor(options: ResolvedOptions, readonly apiBase: string, extra: RequestCoreOptions = {}) {
    this.#o = options;
    this.#injected = extra.dispatcher;
    this.#log = extra.log;
  }

  /** Send `call` under `budget` and the retry policy (the options' one unless `policy` is given). */
  request(call: Call, budget: Budget, policy: RetryPolicy = this.#o.policy): Promise<Answer> {
    const deps: AttemptDeps = {
      url: (path) => this.apiBase + path,
      userAgent: this.#o.userAgent,
      auth: () => this.#authenticator(),
      context: (c) => this.context(c),
      log: (line) => this.log(line),
    };
    // A secret pasted into a path parameter (a key as clusterName) never reaches a message.
    const secrets = this.secrets();
    return sendWithRetry((n) => sendAttempt(call, n, deps), {
      method: call.method,
      path: redact(call.path, secrets),
      label: redact(`${call.method} ${displayPath(call.path)}`, secrets),
      policy,
      stats: this.stats,
      signal: call.signal,
      budget,
      log: (line) => this.log(line),
    });
  }

  context(call: Call): ResponseContext {
    const { origin, flavour } = this.#o;
    const { method, path } = call;
    const credential = this.#o.credential.kind;
    return { method, path, apiBase: this.apiBase, origin, flavour, credential, secrets: this.secrets(), nowMs: Date.now() };
  }

  /** AtlasBadResponseError for an answer of the wrong shape. */
  bad(answer: Answer, problem: string): Error {
    return badResponse(answer.res, this.context(answer.call), problem);
  }

  /** Close the Agent this core created (an injected dispatcher is left open). */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    this.#auth = undefined;
    if (agent) await agent.close();
  }

  /** Every value that must never appear in a message: the credential's parts and any token. */
  secrets(): string[] {
    return [...credentialSecrets(this.#o.credential), ...(this.#auth?.secrets() ?? [])];
  }

  log(line: string): void {
    try {
      this.#log?.(redact(line, this.secrets()));
    } catch {
      // A throwing logger must not break a request.
    }
  }

  #authenticator(): Authenticator {
    if (this.#auth === undefined) {
      const dispatcher = this.#injected ?? (this.#agent ??= createAgent(this.#o.timeouts, this.#o.caCert));
      const bounds = { maxBytes: this.#o.maxResponseBytes, totalMs: this.#o.timeouts.responseMs };
      const exchange = createExchange(dispatcher, () => void this.stats.requests++, bounds);
      const { origin, userAgent, clock: now } = this.#o;
      this.#auth = createAuthenticator(this.#o.credential, { exchange, origin, userAgent, now, log: (l) => this.log(l) });
    }
    return this.#auth;
  }
}

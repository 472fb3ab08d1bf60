/**
 * One error family for the Atlas client. Identity rests on the stable `code` plus a
 * `Symbol.for` brand, never on bare `instanceof`: this code runs inside jest realms and inside
 * the Pulumi dynamic-provider plugin, where a second copy of this module may exist.
 *
 * No field, message or `cause` of these errors contains a credential: builders pass every
 * foreign string (server `detail`, body snippets, OS error messages) through `redact` first.
 */

export const ATLAS_ERROR_BRAND = Symbol.for("pulumi-atlas-restore.error");

/**
 * What the server did with the request that failed.
 * - `not-sent`: the connection was never established, or the request was never dispatched.
 * - `rejected`: the server answered and did not act (4xx, including 429).
 * - `unknown`: it may have reached the server and acted (reset after send, timeout after send,
 *   5xx, truncated or unparsable body). Reconcile a POST (list restore jobs) before re-sending.
 */
export type RequestOutcome = "not-sent" | "rejected" | "unknown";

export type AtlasErrorCode =
  | "ATLAS_API_ERROR"
  | "ATLAS_NETWORK_ERROR"
  | "ATLAS_TIMEOUT"
  | "ATLAS_BAD_RESPONSE"
  | "ATLAS_CONFIG_ERROR"
  | "ATLAS_INVALID_ARGUMENT"
  | "ATLAS_ABORTED";

export interface AtlasErrorInit {
  requestOutcome: RequestOutcome;
  /** HTTP method of the failed request. */
  method?: string;
  /** API path relative to the API base (ids, no credentials), e.g. `/groups/…/restoreJobs`. */
  path?: string;
  /** Already-sanitized cause (see `sanitizeCause` in transport.ts). */
  cause?: unknown;
}

export class AtlasError extends Error {
  readonly code: AtlasErrorCode;
  readonly requestOutcome: RequestOutcome;
  readonly method?: string;
  readonly path?: string;
  /** How many attempts were made before giving up (set by the retry loop). */
  attempts?: number;

  constructor(code: AtlasErrorCode, message: string, init: AtlasErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = code;
    this.requestOutcome = init.requestOutcome;
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
  }

  get [ATLAS_ERROR_BRAND](): true {
    return true;
  }
}

export interface AtlasApiErrorInit extends AtlasErrorInit {
  status: number;
  errorCode?: string;
  detail?: string;
  reason?: string;
  parameters?: unknown[];
  retryAfterMs?: number;
}

/** The server answered with an Atlas error document (or at least an error status). */
export class AtlasApiError extends AtlasError {
  readonly status: number;
  /** Atlas named constant, e.g. `CLUSTER_NAME_NOT_FOUND`; absent when the body had none. */
  readonly errorCode?: string;
  readonly detail?: string;
  readonly reason?: string;
  readonly parameters: unknown[];
  /** Parsed `Retry-After`, in ms, when the server sent one. */
  readonly retryAfterMs?: number;

  constructor(message: string, init: AtlasApiErrorInit) {
    super("ATLAS_API_ERROR", message, init);
    this.status = init.status;
    if (init.errorCode !== undefined) this.errorCode = init.errorCode;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.reason !== undefined) this.reason = init.reason;
    this.parameters = init.parameters ?? [];
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** The connection failed (refused, reset, DNS, TLS). `osCode` is the OS or undici code. */
export class AtlasNetworkError extends AtlasError {
  readonly osCode?: string;
  constructor(message: string, init: AtlasErrorInit & { osCode?: string }) {
    super("ATLAS_NETWORK_ERROR", message, init);
    if (init.osCode !== undefined) this.osCode = init.osCode;
  }
}

export type TimeoutPhase = "connect" | "headers" | "body";

/** A per-request timeout fired (`timeouts.connectMs` / `headersMs` / `bodyMs`). */
export class AtlasTimeoutError extends AtlasError {
  readonly phase: TimeoutPhase;
  /** The undici code, e.g. `UND_ERR_HEADERS_TIMEOUT` (used by the retry policy). */
  readonly osCode: string;
  constructor(message: string, init: AtlasErrorInit & { phase: TimeoutPhase; osCode: string }) {
    super("ATLAS_TIMEOUT", message, init);
    this.phase = init.phase;
    this.osCode = init.osCode;
  }
}

/** The body was not the JSON we expected (HTML proxy page, truncated JSON, wrong shape). */
export class AtlasBadResponseError extends AtlasError {
  readonly status: number;
  readonly contentType?: string;
  /** Parsed `Retry-After` (a proxy's 429/503 page may carry one). */
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    init: AtlasErrorInit & { status: number; contentType?: string; retryAfterMs?: number },
  ) {
    super("ATLAS_BAD_RESPONSE", message, init);
    this.status = init.status;
    if (init.contentType !== undefined) this.contentType = init.contentType;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** Bad client options (base URL, keys). Thrown synchronously by the constructor. */
export class AtlasConfigError extends AtlasError {
  readonly option: string;
  constructor(message: string, option: string) {
    super("ATLAS_CONFIG_ERROR", message, { requestOutcome: "not-sent" });
    this.option = option;
  }
}

/** A path or query parameter failed validation; nothing was sent. */
export class AtlasInvalidArgumentError extends AtlasError {
  readonly argument: string;
  constructor(message: string, argument: string, init?: Partial<AtlasErrorInit>) {
    super("ATLAS_INVALID_ARGUMENT", message, { ...init, requestOutcome: "not-sent" });
    this.argument = argument;
  }
}

/** The caller's AbortSignal fired. `requestOutcome` tells whether a request was in flight. */
export class AtlasAbortedError extends AtlasError {
  constructor(message: string, init: AtlasErrorInit) {
    super("ATLAS_ABORTED", message, init);
  }
}

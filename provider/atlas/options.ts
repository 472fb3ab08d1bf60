/**
 * Public options of AtlasClient, and their validation into resolved settings (synchronous,
 * before any I/O; failures are AtlasConfigError naming the option, never echoing a key).
 */
import type { Dispatcher } from "undici";
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RESPONSE_DEADLINE_MS } from "./bounded-body";
import { resolveApiBase, type ResolvedApiBase } from "./base-url";
import { credentialSecrets, resolveCredential, type Credential } from "./credentials";
import { AtlasConfigError } from "./errors";
import { DEFAULT_RATE_WINDOW_MS, DEFAULT_REQUESTS_PER_MINUTE } from "./rate-limiter";
import { normalizeRetryPolicy, type RetryPolicy } from "./retry-policy";
import type { TransportTimeouts } from "./transport";
import { USER_AGENT } from "./version";

/**
 * Give ONE credential: `accessToken`, or `clientId` + `clientSecret`, or `publicKey` +
 * `privateKey`. If several are given, the first in that order is used (the official provider's
 * priority) and the others are ignored.
 */
export interface AtlasClientOptions {
  /** Programmatic API public key (the digest username). */
  publicKey?: string;
  /** Programmatic API private key (the digest password). Never logged nor put in errors. */
  privateKey?: string;
  /** Service-account client id (`mdb_sa_id_…`): tokens from `{origin}/api/oauth/token`. */
  clientId?: string;
  /** Service-account client secret (`mdb_sa_sk_…`). Never logged nor put in errors. */
  clientSecret?: string;
  /** A pre-minted service-account access token (valid one hour; never renewed). */
  accessToken?: string;
  /**
   * Clock service-account token expiry is measured on (epoch ms). Only a benchmark or a test on
   * emulated time changes it.
   * @default Date.now
   */
  clock?: () => number;
  /**
   * Root URL, or the full API base ending in `/api/atlas/v1.0` (Atlas, Atlas for Government) or
   * `/api/public/v1.0` (Cloud Manager, Ops Manager). A root URL means `/api/atlas/v1.0`.
   * @default "https://cloud.mongodb.com"
   */
  baseUrl?: string;
  /**
   * Allow plain `http://` to a non-loopback host. Loopback (127.0.0.0/8, ::1, localhost) is
   * always allowed, for the emulator.
   * @default false
   */
  allowInsecureHttp?: boolean;
  /**
   * PEM text of a custom CA (Ops Manager behind a private CA), trusted in addition to Node's
   * bundled roots. Ignored when `dispatcher` is given.
   * @default undefined (Node's bundled roots only)
   */
  caCert?: string;
  /**
   * Per-request timeouts, in ms. `connectMs`, `headersMs` and `bodyMs` (the longest gap between
   * two chunks) are ignored when `dispatcher` is given; `responseMs`, the longest time from
   * sending a request to the last byte of its answer, always applies.
   * @default { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, responseMs: 120_000 }
   */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number; responseMs?: number };
  /**
   * Largest answer body accepted, in bytes; a longer one is cut off and reported.
   * @default 4 MiB
   */
  maxResponseBytes?: number;
  /**
   * Overrides of `defaultRetryPolicy`, field by field. **Note:** a POST is never re-sent unless
   * the server provably did nothing (not sent, or 429), whatever `methods` says.
   * @default defaultRetryPolicy
   */
  retry?: Partial<RetryPolicy>;
  /**
   * Per-project request budget: at most this many requests in any sliding 60 s window (plus a
   * 1 s margin), shared by every client in the process for the same origin and project.
   * @default 100
   */
  requestsPerMinute?: number;
  /**
   * Length of the window `requestsPerMinute` is counted over, for servers whose limit uses
   * another window (an Ops Manager with a custom limit, a scaled-down test server). Atlas counts
   * per minute: leave it at the default there.
   * @default 60_000
   */
  rateLimitWindowMs?: number;
  /**
   * undici dispatcher to send through (tests inject a MockAgent). It is not closed by `close()`.
   * @default a keep-alive undici Agent built from `timeouts` and `caCert`, created on first use
   */
  dispatcher?: Dispatcher;
  /**
   * Receives redacted debug lines, e.g. `GET /groups/6b99…/clusters/Cluster0/restoreJobs -> 200
   * in 12 ms (attempt 1)`.
   * @default undefined (no logging)
   */
  log?: (line: string) => void;
  /**
   * Product token prepended to our own User-Agent.
   * @default undefined (User-Agent is `pulumi-atlas-restore/<version>`)
   */
  userAgent?: string;
}

export interface ResolvedOptions extends ResolvedApiBase {
  credential: Credential;
  clock: () => number;
  caCert?: string;
  timeouts: TransportTimeouts;
  maxResponseBytes: number;
  policy: RetryPolicy;
  requestsPerMinute: number;
  rateLimitWindowMs: number;
  userAgent: string;
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    const unit = name.endsWith("Ms") ? "milliseconds" : name.endsWith("Bytes") ? "bytes" : "requests";
    throw new AtlasConfigError(`${name} must be a positive number of ${unit}.`, name);
  }
  return value;
}

export function resolveOptions(options: AtlasClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new AtlasConfigError(
      "AtlasClient needs an options object with publicKey and privateKey (or clientId and clientSecret).",
      "options",
    );
  }
  const credential = resolveCredential(options);
  const base = resolveApiBase(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp, secrets: credentialSecrets(credential) });
  const t = options.timeouts ?? {};
  const ua = options.userAgent?.replace(/[\r\n]/g, " ").trim();
  return {
    ...base,
    credential,
    clock: options.clock ?? Date.now,
    ...(options.caCert ? { caCert: options.caCert } : {}),
    timeouts: {
      connectMs: positive("timeouts.connectMs", t.connectMs, 10_000),
      headersMs: positive("timeouts.headersMs", t.headersMs, 30_000),
      bodyMs: positive("timeouts.bodyMs", t.bodyMs, 30_000),
      responseMs: positive("timeouts.responseMs", t.responseMs, DEFAULT_RESPONSE_DEADLINE_MS),
    },
    maxResponseBytes: positive("maxResponseBytes", options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
    policy: normalizeRetryPolicy(options.retry),
    requestsPerMinute: positive(
      "requestsPerMinute",
      options.requestsPerMinute,
      DEFAULT_REQUESTS_PER_MINUTE,
    ),
    rateLimitWindowMs: positive("rateLimitWindowMs", options.rateLimitWindowMs, DEFAULT_RATE_WINDOW_MS),
    userAgent: ua ? `${ua} ${USER_AGENT}` : USER_AGENT,
  };
}

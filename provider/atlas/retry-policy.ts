/**
 * Resilience policy as data, plus the one pure function that decides whether and when to retry.
 * The loop that sleeps and re-sends is `send-with-retry.ts`.
 *
 * An automated restore WIPES its target cluster, so a POST is re-sent only when the server
 * provably did nothing: the request was never sent (`requestOutcome === "not-sent"`, e.g.
 * ECONNREFUSED) or it was rejected with 429. Anything ambiguous (reset after send, timeout,
 * 5xx) surfaces to the caller with `requestOutcome: "unknown"`, who lists restore jobs to
 * reconcile instead.
 */
import { AtlasConfigError, type AtlasError } from "./errors";
import { isAtlasError, osCodeOf, statusOf } from "./guards";

export interface RetryPolicy {
  /**
   * Maximum number of retries after the first attempt. A 429 that says when to come back
   * (Retry-After) is not counted: those retries are bounded by `totalTimeoutMs`, so a budget
   * that over-asks (two processes on one project) cannot fail a restore on 429s alone. 0 turns
   * retries off, 429s included. @default 6
   */
  limit: number;
  /** Methods retried on any listed status or error code (idempotent ones). @default ["GET"] */
  methods: string[];
  /** HTTP statuses worth retrying. @default [429, 500, 502, 503, 504] */
  statusCodes: number[];
  /** OS / undici error codes worth retrying. DNS `ENOTFOUND` is left out: it is a config error. */
  errorCodes: string[];
  /** First backoff delay. @default 500 */
  backoffBaseMs: number;
  /** Backoff multiplier per attempt. @default 2 */
  backoffFactor: number;
  /** Cap on one computed backoff delay. @default 30_000 */
  backoffLimitMs: number;
  /** Cap on a server `Retry-After` delay. @default 120_000 */
  maxRetryAfterMs: number;
  /** Random spread of a backoff delay, as a fraction (0.2 = ±20 %); not for Retry-After. @default 0.2 */
  jitter: number;
  /** No retry is started once this much time has passed since the first attempt. @default 300_000 */
  totalTimeoutMs: number;
}

export const defaultRetryPolicy = {
  limit: 6,
  methods: ["GET"],
  statusCodes: [429, 500, 502, 503, 504],
  errorCodes: [
    "ECONNRESET",
    "ECONNREFUSED",
    "ETIMEDOUT",
    "EPIPE",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
  ],
  backoffBaseMs: 500,
  backoffFactor: 2,
  backoffLimitMs: 30_000,
  maxRetryAfterMs: 120_000,
  jitter: 0.2,
  totalTimeoutMs: 300_000,
} satisfies RetryPolicy;

/** Overlay `overrides` on the defaults field by field; `undefined` fields are ignored. */
export function normalizeRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = { ...defaultRetryPolicy };
  for (const [key, value] of Object.entries(overrides) as [keyof RetryPolicy, unknown][]) {
    if (value === undefined || !(key in defaultRetryPolicy)) continue;
    const isList = Array.isArray(defaultRetryPolicy[key]);
    const ok = isList
      ? Array.isArray(value)
      : typeof value === "number" && Number.isFinite(value) && value >= 0;
    if (!ok || (key === "jitter" && (value as number) > 1)) {
      const expected = isList ? "an array" : key === "jitter" ? "a number from 0 to 1" : "a number >= 0";
      throw new AtlasConfigError(`retry.${key} must be ${expected}.`, `retry.${key}`);
    }
    (policy as unknown as Record<string, unknown>)[key] = isList ? [...(value as unknown[])] : value;
  }
  policy.methods = policy.methods.map((m) => m.toUpperCase());
  return policy;
}

export interface RetryInput {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  method: string;
  error: AtlasError;
  /** Time since the first attempt started. */
  elapsedMs: number;
  /** Earlier attempts answered 429 with a Retry-After (not counted against `limit`). @default 0 */
  pacedAttempts?: number;
  policy: RetryPolicy;
  /** Source of randomness for jitter, in [0, 1). @default Math.random */
  random?: () => number;
}

/** A 429 answered with a Retry-After: the server said when to come back. */
export function isPaced(error: AtlasError): boolean {
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return isAtlasError(error) && statusOf(error) === 429 && typeof retryAfterMs === "number" && retryAfterMs >= 0;
}

/**
 * Delay in ms before the next attempt, or `undefined` to stop. Order: limit → total time →
 * method / POST rule → status or error code → Retry-After (capped, no jitter) → backoff.
 */
export function decideRetry(input: RetryInput): number | undefined {
  const { attempt, error, elapsedMs, policy } = input;
  const counted = attempt - (input.pacedAttempts ?? 0) - (isPaced(error) ? 1 : 0);
  if (policy.limit === 0 || counted > policy.limit) return undefined;
  if (elapsedMs >= policy.totalTimeoutMs) return undefined;
  if (!isAtlasError(error)) return undefined; // unknown error kinds (bugs) never retry

  const status = statusOf(error);
  const method = input.method.toUpperCase();
  const provablyNotActed = error.requestOutcome === "not-sent" || status === 429;
  if (method === "POST" || !policy.methods.includes(method)) {
    if (!provablyNotActed) return undefined;
  }

  let retryable: boolean;
  if (error.code === "ATLAS_API_ERROR" || error.code === "ATLAS_BAD_RESPONSE") {
    retryable = status !== undefined && policy.statusCodes.includes(status);
  } else if (error.code === "ATLAS_NETWORK_ERROR" || error.code === "ATLAS_TIMEOUT") {
    const osCode = osCodeOf(error);
    retryable = osCode !== undefined && policy.errorCodes.includes(osCode);
  } else {
    retryable = false; // config, invalid argument, aborted
  }
  if (!retryable) return undefined;

  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  let delay: number;
  if (typeof retryAfterMs === "number" && retryAfterMs >= 0) {
    delay = Math.min(retryAfterMs, policy.maxRetryAfterMs);
  } else {
    const base = policy.backoffBaseMs * policy.backoffFactor ** (counted - 1);
    const spread = 1 + policy.jitter * (2 * (input.random ?? Math.random)() - 1);
    delay = Math.round(Math.min(base * spread, policy.backoffLimitMs));
  }
  if (elapsedMs + delay >= policy.totalTimeoutMs) return undefined;
  return delay;
}

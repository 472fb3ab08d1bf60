/**
 * The loop that takes a budget token, sends, and on failure asks the pure `decideRetry` whether
 * and when to try again, then sleeps (abortably) and re-sends.
 *
 * We deliberately do NOT use undici's RetryHandler / retry interceptor: it retries below the
 * digest layer, so a re-sent request would replay an already used nonce count (Atlas rejects it
 * as a replay), and it would bypass the per-project request budget.
 */
import { AtlasAbortedError, type AtlasError } from "./errors";
import { isAtlasError, osCodeOf, statusOf } from "./guards";
import { isNoSpareBudget } from "./request-priority";
import { decideRetry, isPaced, type RetryPolicy } from "./retry-policy";
import { sleep as defaultSleep } from "./sleep";

export interface AtlasClientStats {
  /** HTTP exchanges on the wire, including digest challenge round trips. */
  requests: number;
  /** Re-sends decided by the retry policy. */
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Time spent waiting on the per-project budget or on a 429's Retry-After / backoff. */
  throttledMs: number;
}

export interface Budget {
  /** Resolve when one request may be sent: ms waited, and `settle()` once the answer is in. */
  acquire(signal?: AbortSignal): Promise<{ waitedMs: number; settle(): void }>;
  /** Hold back every caller of the same project budget. */
  pause(ms: number): void;
}

export interface RetryLoopOptions {
  method: string;
  /** API path with query (ids, no secrets), copied into AtlasAbortedError. */
  path: string;
  /** For messages and log lines: method and display path. */
  label: string;
  policy: RetryPolicy;
  budget: Budget;
  stats: AtlasClientStats;
  signal?: AbortSignal;
  log?: (line: string) => void;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function aborted(o: RetryLoopOptions, cause: unknown): AtlasAbortedError {
  return new AtlasAbortedError(`${o.label} was aborted before it was sent.`, {
    requestOutcome: "not-sent",
    method: o.method,
    path: o.path,
    cause: cause instanceof Error ? new Error(cause.message) : undefined,
  });
}

/** Run `attempt` (1-based) under the budget and the retry policy; rethrows the final error. */
export async function sendWithRetry<T>(
  attempt: (n: number) => Promise<T>,
  o: RetryLoopOptions,
): Promise<T> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  const started = now();
  let pacedAttempts = 0;
  for (let n = 1; ; n++) {
    let grant: { waitedMs: number; settle(): void };
    try {
      grant = await o.budget.acquire(o.signal);
    } catch (error) {
      if (isNoSpareBudget(error)) throw error; // a spare request the budget had no room for: nothing sent
      throw aborted(o, error);
    }
    // Not `stats.throttledMs += (await …).waitedMs`: that reads the counter before waiting, so
    // concurrent waits overwrite each other and the total comes out far too small.
    o.stats.throttledMs += grant.waitedMs;
    let failure: unknown;
    try {
      return await attempt(n);
    } catch (error) {
      failure = error;
    } finally {
      grant.settle();
    }
    if (!isAtlasError(failure)) throw failure; // bugs are not retried
    const error: AtlasError = failure;
    const status = statusOf(error);
    if (status === 429) o.stats.rateLimited++;
    const delay = decideRetry({
      attempt: n,
      method: o.method,
      error,
      elapsedMs: now() - started,
      pacedAttempts,
      policy: o.policy,
      ...(o.random ? { random: o.random } : {}),
    });
    if (status === 429) {
      // Hold back every caller of this project for as long as this one waits (Retry-After,
      // capped like the retry itself, or the backoff).
      const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
      o.budget.pause(delay ?? Math.min(retryAfterMs, o.policy.maxRetryAfterMs));
    }
    if (delay === undefined) {
      error.attempts = n;
      throw error;
    }
    o.stats.retries++;
    if (isPaced(error)) pacedAttempts++;
    if (status === 429) o.stats.throttledMs += delay;
    o.log?.(`${o.label} retry ${n} in ${delay} ms after ${status ?? osCodeOf(error) ?? error.code}`);
    try {
      await sleep(delay, o.signal);
    } catch (abortError) {
      throw aborted(o, abortError);
    }
  }
}

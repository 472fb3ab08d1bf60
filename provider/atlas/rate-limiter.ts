/**
 * Per-project request budget. Atlas allows "up to 100 requests per minute per project" with a
 * counter that "resets each minute" (`atlas-restore-api.md` §5.3). We keep a SLIDING window: at
 * most N grants in any `windowMs + marginMs` span. Any fixed minute is such a span, so this
 * process can never exceed a fixed-window server limit of N/min; the margin absorbs latency
 * jitter between our clock and the server's minute boundary.
 *
 * A grant is stamped when it is given and re-stamped when its answer arrives (`settle`): the
 * server counts a request somewhere in between (after the digest round trip and any queueing),
 * so the answer time is the safe bound, and a request still in flight keeps its slot.
 *
 * The registry is module-level, keyed by origin + projectId, so every AtlasClient in the
 * process shares one budget per project. A 429 pauses the whole project's budget.
 *
 * Requests compete by priority (request-priority.ts): an awaited poll uses at most nine tenths
 * of the budget, a background one three quarters, each giving way to higher ones waiting for it
 * (for one window at most); a spare one is granted only at once, within the awaited share and
 * the polls' pace. Polls are also spaced at the rate the window sustains (poll-pacer.ts), so they
 * never spend a window in a burst and then wait for the next.
 */
import { pollCost, windowPacer, type PollPacer } from "./poll-pacer";
import { NoSpareBudgetError, PRIORITY_SHARE, requestPriority, Waiters } from "./request-priority";
import { sleep } from "./sleep";

/** Injectable time source (tests drive a virtual clock). */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

export interface RateLimiterOptions {
  /** Length of the window. @default 60_000 */
  windowMs?: number;
  /** Safety margin added to the window. @default 1_000 */
  marginMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

/** How often a background request that gives way looks again (ms). */
const YIELD_RECHECK_MS = 50;

/** Default requests per minute per project (§5.3). */
export const DEFAULT_REQUESTS_PER_MINUTE = 100;

/** One granted request: how long it waited, and `settle()` to call when its answer arrived. */
export interface Grant {
  waitedMs: number;
  settle(): void;
}

export class SlidingWindowLimiter {
  /** Grant times (re-stamped at settle), ascending; only those still inside the window are kept. */
  private readonly grants: { at: number }[] = [];
  private pausedUntil = 0;
  private readonly spanMs: number;
  private readonly clock: Clock;
  /** Callers waiting for a grant. */
  private readonly waiters = new Waiters();
  /** Spaces the polls; made again if a caller passes another limit. */
  private pacer?: { max: number; pacer: PollPacer };

  constructor(options: RateLimiterOptions = {}) {
    this.spanMs = (options.windowMs ?? 60_000) + (options.marginMs ?? 1_000);
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Wait until one more request fits under `limit` per window (and any pause is over), record
   * it, and return how long we waited. The check-and-record is synchronous, so concurrent
   * callers can never overshoot. Rejects with the signal's reason if `signal` aborts.
   */
  async acquire(limit: number, signal?: AbortSignal): Promise<number> {
    return (await this.acquireGrant(limit, signal)).waitedMs;
  }

  /** As `acquire`, returning the grant so its answer time can be recorded with `settle()`. */
  async acquireGrant(limit: number, signal?: AbortSignal): Promise<Grant> {
    const max = Math.max(1, Math.floor(limit));
    const priority = requestPriority();
    const start = this.clock.now();
    if (priority === "spare") {
      this.prune(start);
      const pacer = this.pacerFor(max, start);
      if (this.waiters.all > 0 || this.pausedUntil > start || this.grants.length + 1 > Math.floor(max * PRIORITY_SHARE.awaited) || pacer.waitMs(priority, start) > 0) throw new NoSpareBudgetError();
      pacer.take(priority, start);
      return this.grant(start, start);
    }
    let givingWaySince: number | undefined;
    return this.waiters.during(priority, async () => {
      for (;;) {
        const now = this.clock.now();
        // A poll leaves room for the higher-priority requests waiting and its priority's reserve
        // of the budget for those to come, for one window at most from the moment it could have gone.
        if (priority !== "normal" && this.waitMs(max, now) <= 0) givingWaySince ??= now;
        const givesWay = priority !== "normal" && (givingWaySince === undefined || now - givingWaySince < this.spanMs);
        const limit = givesWay ? Math.min(max - this.waiters.ahead(priority), Math.floor(max * PRIORITY_SHARE[priority])) : max;
        const inWindow = limit < 1 ? Math.max(this.waitMs(max, now), YIELD_RECHECK_MS) : this.waitMs(limit, now);
        const paced = priority === "normal" ? 0 : this.pacerFor(max, now).waitMs(priority, now, givesWay ? this.waiters.ahead(priority) * pollCost("awaited") : 0);
        const wait = Math.max(inWindow, paced);
        if (wait <= 0) {
          if (priority !== "normal") this.pacerFor(max, now).take(priority, now);
          return this.grant(start, now);
        }
        await this.clock.sleep(wait, signal);
      }
    });
  }

  private pacerFor(max: number, now: number): PollPacer {
    if (this.pacer?.max !== max) this.pacer = { max, pacer: windowPacer(max, this.spanMs, now) };
    return this.pacer.pacer;
  }

  private grant(start: number, now: number): Grant {
    const grant = { at: now };
    this.grants.push(grant);
    return { waitedMs: now - start, settle: () => this.settle(grant) };
  }

  /**
   * Hold every caller of this budget back for `ms` (a 429's Retry-After). The polls' pace keeps
   * saving meanwhile: Atlas's window has started again when the pause ends, so the polls held back
   * go together (a bucket, which refills slowly, is paced from empty instead: token-bucket.ts).
   */
  pause(ms: number): void {
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Grants still inside the window (for tests and stats). */
  inWindow(): number {
    this.prune(this.clock.now());
    return this.grants.length;
  }

  /** Re-stamp a grant at its answer time. A stamp only moves later, so shift it right into place (cheap: recent grants sit near the end). */
  private settle(grant: { at: number }): void {
    const i = this.grants.lastIndexOf(grant);
    if (i < 0) return; // already out of the window
    grant.at = Math.max(grant.at, this.clock.now());
    let j = i;
    while (j + 1 < this.grants.length && this.grants[j + 1].at < grant.at) {
      this.grants[j] = this.grants[j + 1];
      j++;
    }
    this.grants[j] = grant;
  }

  private waitMs(limit: number, now: number): number {
    this.prune(now);
    let wait = this.pausedUntil - now;
    if (this.grants.length >= limit) {
      wait = Math.max(wait, this.grants[this.grants.length - limit].at + this.spanMs - now);
    }
    return wait;
  }

  private prune(now: number): void {
    while (this.grants.length > 0 && this.grants[0].at <= now - this.spanMs) this.grants.shift();
  }
}

const registry = new Map<string, SlidingWindowLimiter>();

/** Default length of a budget window: Atlas counts requests per minute (§5.3). */
export const DEFAULT_RATE_WINDOW_MS = 60_000;

/**
 * The process-wide budget of one project at one origin. `windowMs` is the server's window
 * (Atlas: one minute); clients configured with another window keep a budget of their own.
 */
export function projectLimiter(origin: string, projectId: string, windowMs: number = DEFAULT_RATE_WINDOW_MS): SlidingWindowLimiter {
  const key = `${origin} ${projectId} ${windowMs}`;
  let limiter = registry.get(key);
  if (limiter === undefined) {
    limiter = new SlidingWindowLimiter({ windowMs });
    registry.set(key, limiter);
  }
  return limiter;
}

/** Forget every budget (tests). */
export function resetRateLimiters(): void {
  registry.clear();
}

/**
 * The per-project budget of v2 Cloud Backup calls: a token bucket shaped like Atlas's own
 * (atlas-v2-and-auth.md §6: "Cloud Backups" set, scope GROUP, capacity 1200, refill 500 per
 * 60 s), not the legacy 100-per-minute window. Atlas's bucket is shared with every other client
 * of the project (a Terraform run, the Atlas CLI), so when an answer says `RateLimit-Remaining:
 * n` the local bucket never holds more than n: the server's count wins. A 429 pauses the
 * project's budget like the legacy one, and empties it.
 *
 * Process-wide per origin + project, like `projectLimiter`. Requests compete by priority as
 * there (request-priority.ts): polls give way to higher ones waiting, for one refill interval at
 * most, and are spaced at their share of the refill rate once they have spent their share of the
 * capacity (poll-pacer.ts), so what they leave refills for the requests that start restores; a
 * spare one is granted only at once, within the awaited share and the polls' pace.
 */
import { bucketPacer, pollCost, type PollPacer } from "../poll-pacer";
import { systemClock, type Clock, type Grant } from "../rate-limiter";
import { NoSpareBudgetError, PRIORITY_SHARE, requestPriority, Waiters } from "../request-priority";

export interface TokenBucketSetting {
  /** @default 1200 */
  capacity: number;
  /** Tokens added per `intervalMs`. @default 500 */
  refill: number;
  /** @default 60_000 */
  intervalMs: number;
}

export const DEFAULT_V2_BUCKET: TokenBucketSetting = { capacity: 1200, refill: 500, intervalMs: 60_000 };

export class TokenBucketBudget {
  private tokens: number;
  private at: number;
  private pausedUntil = 0;
  /** Callers waiting for a token. */
  private readonly waiters = new Waiters();
  /** Spaces the polls once they have spent their share of the capacity. */
  private readonly pacer: PollPacer;

  constructor(readonly setting: TokenBucketSetting = DEFAULT_V2_BUCKET, private readonly clock: Clock = systemClock) {
    this.tokens = setting.capacity;
    this.at = clock.now();
    this.pacer = bucketPacer(setting.capacity, setting.refill, setting.intervalMs, this.at);
  }

  /** Wait for one token (and any pause), take it. Check-and-take is synchronous: no overshoot. */
  async acquireGrant(signal?: AbortSignal): Promise<Grant> {
    const priority = requestPriority();
    const start = this.clock.now();
    if (priority === "spare") {
      this.refillTo(start);
      if (this.waiters.all > 0 || this.pausedUntil > start || this.tokens - 1 < this.setting.capacity * (1 - PRIORITY_SHARE.awaited) || this.pacer.waitMs(priority, start) > 0) throw new NoSpareBudgetError();
      this.pacer.take(priority, start);
      this.tokens -= 1;
      return { waitedMs: 0, settle: () => undefined };
    }
    let givingWaySince: number | undefined;
    return this.waiters.during(priority, async () => {
      for (;;) {
        const now = this.refillTo(this.clock.now());
        const paused = this.pausedUntil - now;
        // A poll leaves tokens to the higher-priority requests waiting, for one interval at most
        // from the moment it could have gone, and waits for its pace.
        if (priority !== "normal" && paused <= 0 && this.tokens >= 1) givingWaySince ??= now;
        const givesWay = priority !== "normal" && (givingWaySince === undefined || now - givingWaySince < this.setting.intervalMs);
        const ahead = givesWay ? this.waiters.ahead(priority) : 0;
        const paced = priority === "normal" ? 0 : this.pacer.waitMs(priority, now, ahead * pollCost("awaited"));
        if (paused <= 0 && paced <= 0 && this.tokens >= 1 + ahead) {
          if (priority !== "normal") this.pacer.take(priority, now);
          this.tokens -= 1;
          return { waitedMs: now - start, settle: () => undefined };
        }
        const forToken = ((1 + ahead - this.tokens) * this.setting.intervalMs) / this.setting.refill;
        await this.clock.sleep(Math.max(paused, paced, Math.ceil(forToken), 1), signal);
      }
    });
  }

  /**
   * A 429: hold every caller back `ms`, and empty the bucket, because the server's is empty. It
   * refills from now, during the pause too, as the server's does; without this, each pause ended
   * in a burst of the tokens saved up before the 429, which met the next 429 (bench group 9).
   */
  pause(ms: number): void {
    this.refillTo(this.clock.now());
    this.tokens = Math.min(this.tokens, 0);
    if (ms > 0) this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    this.pacer.drain(this.clock.now(), this.pausedUntil);
  }

  /** The server's `RateLimit-Remaining`: never believe we have more than it says. */
  observeRemaining(remaining: number): void {
    if (!Number.isFinite(remaining) || remaining < 0) return;
    this.refillTo(this.clock.now());
    this.tokens = Math.min(this.tokens, remaining);
  }

  /** Tokens available now (tests and stats). */
  available(): number {
    this.refillTo(this.clock.now());
    return this.tokens;
  }

  private refillTo(now: number): number {
    const s = this.setting;
    this.tokens = Math.min(s.capacity, this.tokens + (Math.max(0, now - this.at) * s.refill) / s.intervalMs);
    this.at = now;
    return now;
  }
}

const registry = new Map<string, TokenBucketBudget>();

/** The process-wide v2 budget of one project at one origin (one per distinct setting). */
export function cloudBackupBudget(origin: string, projectId: string, setting: TokenBucketSetting = DEFAULT_V2_BUCKET): TokenBucketBudget {
  const key = `${origin} ${projectId} ${setting.capacity}/${setting.refill}/${setting.intervalMs}`;
  let budget = registry.get(key);
  if (!budget) {
    budget = new TokenBucketBudget(setting);
    registry.set(key, budget);
  }
  return budget;
}

/** Forget every v2 budget (tests). */
export function resetCloudBackupBudgets(): void {
  registry.clear();
}

import { PRIORITY_SHARE, type RequestPriority } from "./request-priority";

/** How soon a poll left waiting for polls ahead of it looks again (ms). */
const RECHECK_MS = 50;

/**
 * Spaces one budget's polls at the rate the budget sustains, instead of letting them spend it in
 * a burst and then wait. Without it, restores polled on their schedules spent a short budget
 * (40 legacy requests per window) within the first half of the window, and a restore that became
 * ready then was seen only when the window slid, seconds later (bench group 10, scaled limit).
 *
 * A token bucket of its own beside the budget: it starts with `initial` tokens, gains the
 * budget's sustainable rate (`perMs`: a window's requests over its span, a bucket's refill) and
 * saves up to `cap`, so polls held back a while (by the window, full of starts) go together when
 * it frees, while the fast phases of restores just started are spread from the first. A poll
 * costs one token over its priority's share (request-priority.ts), so the polls of a budget never
 * take more than nine tenths of its sustainable rate, those nothing waits for three quarters; the
 * rest stays for the requests that start, adopt or cancel restores, which the pacer never holds.
 * After a 429 a bucket's is emptied until the pause ends (`drain`): its polls resume at the paced
 * rate, not in a burst that would meet the next 429.
 */
export class PollPacer {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perMs: number,
    initial: number,
    private readonly cap: number,
    now: number,
  ) {
    this.tokens = Math.min(initial, cap);
    this.at = now;
  }

  /**
   * How long a poll at `priority` waits before it may go (0: now), leaving `reserve` tokens to
   * polls ahead of it. A background poll also leaves one awaited poll's tokens, so a restore
   * something waits for is polled when its schedule says, not after the polls nothing waits for.
   */
  waitMs(priority: PacedPriority, now: number, reserve = 0): number {
    const kept = priority === "background" ? pollCost("awaited") : 0;
    const missing = pollCost(priority) + kept - this.refillTo(now);
    if (missing + reserve <= 0) return 0;
    // Those ahead may not take what they are left: look again soon rather than wait for theirs too.
    return Math.max(Math.ceil(Math.max(0, missing) / this.perMs), reserve > 0 ? RECHECK_MS : 0);
  }

  /** Takes a poll's tokens; call only once `waitMs` is 0 (in the same tick). */
  take(priority: PacedPriority, now: number): void {
    this.refillTo(now);
    this.tokens -= pollCost(priority);
  }

  /** A 429 pausing the budget until `until`: the polls start again from empty when it ends. */
  drain(now: number, until: number): void {
    this.refillTo(now);
    this.tokens = Math.min(this.tokens, 0);
    this.at = Math.max(this.at, until);
  }

  private refillTo(now: number): number {
    this.tokens = Math.min(this.cap, this.tokens + Math.max(0, now - this.at) * this.perMs);
    this.at = Math.max(this.at, now);
    return this.tokens;
  }
}

/** The priorities the pacer spaces: every poll; a spare one is paced as an awaited one. */
export type PacedPriority = Exclude<RequestPriority, "normal">;

/** Tokens one poll costs: one over the part of the budget its priority may fill. */
export const pollCost = (priority: PacedPriority): number => 1 / PRIORITY_SHARE[priority === "spare" ? "awaited" : priority];

/**
 * A window's pacer starts with this part of the window's requests (Atlas's 100 a minute: 10) and
 * saves up to the awaited share of them; a bucket's starts full at the awaited share of its
 * capacity (its bursts are what it is for).
 */
const WINDOW_INITIAL_SHARE = 0.1;

/** The fewest tokens a pacer holds: one background poll beside the awaited one it leaves room for. */
const MIN_BURST = pollCost("background") + pollCost("awaited");

/** The pacer of a sliding window of `max` requests per `spanMs`. */
export const windowPacer = (max: number, spanMs: number, now: number): PollPacer =>
  new PollPacer(max / spanMs, Math.max(MIN_BURST, max * WINDOW_INITIAL_SHARE), Math.max(MIN_BURST, max * PRIORITY_SHARE.awaited), now);

/** The pacer of a token bucket. */
export const bucketPacer = (capacity: number, refill: number, intervalMs: number, now: number): PollPacer => {
  const cap = Math.max(MIN_BURST, capacity * PRIORITY_SHARE.awaited);
  return new PollPacer(refill / intervalMs, cap, cap, now);
};

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * How a request competes for its project's budget (rate-limiter.ts, the v2 token bucket), set by
 * the caller around the call (`withRequestPriority`), so the API methods keep their signatures:
 * - "normal": every request that starts, adopts, cancels or checks a restore;
 * - "awaited": a scheduled poll of a restore something waits for. It uses at most nine tenths of
 *   the budget and gives way to normal requests waiting for it, so a restore's start (its list
 *   and POST) never waits behind polls, for at most one budget window; then it competes like them;
 * - "background": a poll of a restore nothing waits for. It uses at most three quarters of the
 *   budget and gives way to normal and awaited requests waiting for it, in the same way;
 * - "spare": an extra poll, sent sooner than the schedule asks only because something waits for
 *   the restore. It is sent only at once: if nothing waits for the budget, the polls' pace has
 *   room for it (poll-pacer.ts) and it stays within the awaited share; otherwise it is refused
 *   with `NoSpareBudgetError` and nothing is sent.
 */
export type RequestPriority = "normal" | "awaited" | "background" | "spare";

/** The part of a budget a request that gives way may fill: the rest is kept for the higher priorities. */
export const PRIORITY_SHARE: Record<"awaited" | "background", number> = { awaited: 0.9, background: 0.75 };

const current = new AsyncLocalStorage<RequestPriority>();

/** Runs `work` with its requests at `priority`. */
export function withRequestPriority<T>(priority: RequestPriority, work: () => Promise<T>): Promise<T> {
  return current.run(priority, work);
}

/** The priority of the request being made now. */
export const requestPriority = (): RequestPriority => current.getStore() ?? "normal";

/** A "spare" request the budget had no room for: nothing was sent. */
export class NoSpareBudgetError extends Error {
  constructor() {
    super("the project's request budget has no room to spare now: the extra poll was not sent");
    this.name = "NoSpareBudgetError";
  }
}

export const isNoSpareBudget = (e: unknown): e is NoSpareBudgetError => e instanceof NoSpareBudgetError;

/**
 * The callers waiting for one budget, by priority: what a spare request must not overtake and
 * what a lower-priority one gives way to.
 */
export class Waiters {
  private readonly counts = { normal: 0, awaited: 0, background: 0 };

  /** Every caller waiting. */
  get all(): number {
    return this.counts.normal + this.counts.awaited + this.counts.background;
  }

  /** Callers waiting with a higher priority than `priority`. */
  ahead(priority: "awaited" | "background"): number {
    return this.counts.normal + (priority === "background" ? this.counts.awaited : 0);
  }

  /** Counts the caller as waiting, at `priority`, until `wait` settles. */
  async during<T>(priority: Exclude<RequestPriority, "spare">, wait: () => Promise<T>): Promise<T> {
    this.counts[priority] += 1;
    try {
      return await wait();
    } finally {
      this.counts[priority] -= 1;
    }
  }
}

import { AsyncLocalStorage } from "node:async_hooks";

/**
 * How a request competes for its project's budget (rate-limiter.ts, the v2 token bucket), set by
 * the caller around the call (`withRequestPriority`), so the API methods keep their signatures:
 * - "normal": every request that starts, adopts, cancels or checks a restore, and the polls of a
 *   restore something waits for;
 * - "background": a poll of a restore nothing waits for. It uses at most three quarters of the
 *   budget and gives way to normal requests waiting for it, for at most one budget window from
 *   when it could have gone; then it competes like the others;
 * - "spare": an extra poll, sent sooner than the schedule asks only because something waits for
 *   the restore. It is sent only if the budget is less than half used and nothing waits for it;
 *   otherwise it is refused at once with `NoSpareBudgetError` and nothing is sent.
 */
export type RequestPriority = "normal" | "background" | "spare";

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
    super("the project's request budget is more than half used: the extra poll was not sent");
    this.name = "NoSpareBudgetError";
  }
}

export const isNoSpareBudget = (e: unknown): e is NoSpareBudgetError => e instanceof NoSpareBudgetError;

/**
 * The callers waiting for one budget, all of them and those of normal priority: what a spare
 * request must not overtake and what a background one gives way to.
 */
export class Waiters {
  all = 0;
  normal = 0;

  /** Counts the caller as waiting, at `priority`, until `wait` settles. */
  async during<T>(priority: RequestPriority, wait: () => Promise<T>): Promise<T> {
    const normal = priority === "normal";
    this.all += 1;
    if (normal) this.normal += 1;
    try {
      return await wait();
    } finally {
      this.all -= 1;
      if (normal) this.normal -= 1;
    }
  }
}

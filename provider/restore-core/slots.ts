/**
 * Concurrency slots: at most `max` restores of one group at once, within this plugin process
 * (one `pulumi up`). A restore takes a slot before its create and gives it back once its wait
 * ends, however it ends. Unlike `dependsOn` chains, a failed restore frees its slot and blocks
 * nothing: the engine skips the dependents of a failed resource, so lanes would turn one
 * failure into skipped independent restores. A free slot goes to the waiter of the highest
 * `rank`, first come first served among equals, once the restores asked for with it have arrived.
 */
export interface ConcurrencyLimit {
  /** Restores of one group share the limit (a DR plan uses its name). */
  group: string;
  /** At most this many restores of the group run at once. */
  max: number;
  /**
   * How many restores wait on this one's, itself included, along the longest chain of them (a DR
   * plan sets it from `after`): a freed slot goes to the highest rank first. @default 1
   */
  rank?: number;
}

/**
 * How long a free slot is held before it is handed out, so that the restores the engine asks for
 * at one moment compete by rank rather than by the order their calls arrived in: the engine sends
 * the creates of independent entries within a few milliseconds of each other, in an order of its
 * own, and the entries after a finished one right after its create returns (2-10 ms on the local
 * engine, bench group 10). Small beside any restore.
 */
export const SLOT_SETTLE_MS = 50;

interface Waiter {
  rank: number;
  resolve: () => void;
}

interface Group {
  max: number;
  running: number;
  queue: Waiter[];
  /** A hand-out is due (the settle time runs). */
  timer?: NodeJS.Timeout;
}

const groups = new Map<string, Group>();

/** Waits for a slot of the group; returns the function that gives it back (idempotent). */
export async function acquireSlot(limit: ConcurrencyLimit | undefined, onQueued?: (ahead: number) => void): Promise<() => void> {
  if (!limit) return () => undefined;
  const g = groups.get(limit.group) ?? { max: limit.max, running: 0, queue: [] };
  groups.set(limit.group, g);
  g.max = limit.max;
  const rank = limit.rank ?? 1;
  if (g.running >= g.max) onQueued?.(g.queue.filter((w) => w.rank >= rank).length);
  await new Promise<void>((resolve) => {
    g.queue.push({ rank, resolve });
    handOutSoon(g);
  });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    g.running -= 1;
    handOutSoon(g);
  };
}

/** After the settle time, gives the free slots to the waiters of the highest rank. */
function handOutSoon(g: Group): void {
  if (g.timer || g.running >= g.max || g.queue.length === 0) return;
  g.timer = setTimeout(() => {
    g.timer = undefined;
    while (g.running < g.max && g.queue.length > 0) {
      g.running += 1;
      nextWaiter(g.queue).resolve();
    }
  }, SLOT_SETTLE_MS);
}

/** Takes the first waiter of the highest rank out of a non-empty queue. */
function nextWaiter(queue: Waiter[]): Waiter {
  const i = queue.reduce((best, w, j) => (w.rank > queue[best].rank ? j : best), 0);
  return queue.splice(i, 1)[0];
}

/** How many restores are queued for a slot of the group (0 for an unknown one). */
export function queuedFor(limit: Pick<ConcurrencyLimit, "group">): number {
  return groups.get(limit.group)?.queue.length ?? 0;
}

/** Runs `work` holding a slot of the group (none when `limit` is undefined). */
export async function withSlot<T>(limit: ConcurrencyLimit | undefined, work: () => Promise<T>, onQueued?: (ahead: number) => void): Promise<T> {
  const release = await acquireSlot(limit, onQueued);
  try {
    return await work();
  } finally {
    release();
  }
}

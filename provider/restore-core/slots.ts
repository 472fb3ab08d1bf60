/**
 * Concurrency slots: at most `max` restores of one group at once, within this plugin process
 * (one `pulumi up`). A restore takes a slot before its create and gives it back once its wait
 * ends, however it ends. Unlike `dependsOn` chains, a failed restore frees its slot and blocks
 * nothing: the engine skips the dependents of a failed resource, so lanes would turn one
 * failure into skipped independent restores. Waiters are served first come, first served.
 */
export interface ConcurrencyLimit {
  /** Restores of one group share the limit (a DR plan uses its name). */
  group: string;
  /** At most this many restores of the group run at once. */
  max: number;
}

interface Group {
  running: number;
  queue: (() => void)[];
}

const groups = new Map<string, Group>();

/** Waits for a slot of the group; returns the function that gives it back (idempotent). */
export async function acquireSlot(limit: ConcurrencyLimit | undefined, onQueued?: (ahead: number) => void): Promise<() => void> {
  if (!limit) return () => undefined;
  const g = groups.get(limit.group) ?? { running: 0, queue: [] };
  groups.set(limit.group, g);
  if (g.running >= limit.max) {
    onQueued?.(g.queue.length);
    await new Promise<void>((resolve) => g.queue.push(resolve));
  } else g.running += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = g.queue.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else g.running -= 1;
  };
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

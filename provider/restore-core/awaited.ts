import { queuedFor, type ConcurrencyLimit } from "./slots";

/**
 * Whether something is waiting for a restore to be ready, and the allowance that bounds what
 * polling it sooner may cost. A restore is awaited while another declaration waits for it
 * (`awaitedBy`: a DR plan sets it on entries that others run `after`) or while restores are
 * queued for a slot of its concurrency group (one of them starts the moment it is seen done).
 * Its wait then polls at most `awaitedMaxIntervalMs` apart (poll-schedule.ts); every poll that
 * comes sooner than the default schedule's is an extra one, taken from an allowance of
 * `AWAITED_EXTRA_POLLS_PER_MINUTE` per project and API in this process, a fifth of Atlas's
 * 100 requests per minute: however many restores are awaited, they never take more of the
 * project's request budget than that. A spent allowance falls back to the default schedule.
 */
export interface AwaitedPolls {
  /** Why the restore is awaited now (for the progress line), or undefined when nothing waits. */
  reason(): string | undefined;
  /** Takes one extra poll from the project's allowance; false when it is spent for this minute. */
  take(): boolean;
}

/** Extra polls per minute (server clock) per project and API, over every awaited restore of this process. */
export const AWAITED_EXTRA_POLLS_PER_MINUTE = 20;

const MINUTE_MS = 60_000;

/** Extra polls taken, per `<API>:<projectId>`: their times on the waits' clock. */
const taken = new Map<string, number[]>();

export interface AwaitedInputs {
  awaitedBy?: readonly string[];
  concurrencyLimit?: ConcurrencyLimit;
}

/** The awaited-ness of one restore's wait; `key` names its API and project (the allowance's scope). */
export function awaitedPolls(key: string, inputs: AwaitedInputs, now: () => number, perMinute = AWAITED_EXTRA_POLLS_PER_MINUTE): AwaitedPolls {
  return {
    reason() {
      const by = inputs.awaitedBy ?? [];
      if (by.length > 0) return `${by.join(", ")} ${by.length === 1 ? "waits" : "wait"} for it`;
      const queued = inputs.concurrencyLimit ? queuedFor(inputs.concurrencyLimit) : 0;
      if (queued > 0) return `${queued} restore${queued === 1 ? " is" : "s are"} queued for a slot of "${inputs.concurrencyLimit!.group}"`;
      return undefined;
    },
    take() {
      const t = now();
      // Times from another clock (ahead of this one) are dropped as well as old ones.
      const recent = (taken.get(key) ?? []).filter((at) => at > t - MINUTE_MS && at <= t);
      const ok = recent.length < perMinute;
      if (ok) recent.push(t);
      taken.set(key, recent);
      return ok;
    },
  };
}

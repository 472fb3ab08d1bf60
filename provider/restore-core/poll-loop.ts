import type { AwaitedPolls } from "./awaited";
import { defaultPollSchedule, nextPollDelay, type PollSchedule } from "./poll-schedule";

/** What one look at the thing being waited for says. */
export type PollVerdict = { done: true; line?: string } | { done: false; line: string } | { fail: Error; line?: string };

export interface PollOptions<T> {
  /** As last seen (the create answer): no poll is spent if it is already settled. */
  initial: T;
  /** One request for the current state: a poll of the schedule, or an extra one (see `awaited`). */
  fetch: (kind: "scheduled" | "extra") => Promise<T>;
  /** An extra poll the request budget had no room for (nothing was sent): the schedule's poll comes instead. */
  isRefused?: (e: unknown) => boolean;
  /** Settled, failed, or still waiting (with a progress line). */
  judge: (value: T) => PollVerdict;
  timeoutMs: number;
  /** The error for a wait that ran out, given the last value, the time waited and the last poll error. */
  timedOut: (last: T, waitedMs: number, lastError: unknown) => Error;
  /** When the thing was created (ms); the schedule is relative to it. @default now */
  startedAt?: number;
  schedule?: Partial<PollSchedule>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (line: string) => void;
  /** Poll errors worth riding out until the deadline (network, 5xx, 429); others end the wait. */
  isTransient?: (e: unknown) => boolean;
  /** Names the wait in "poll failed" lines. */
  label: string;
  /** Sees the initial value and every value fetched, in order (timing outputs record first-seen times). */
  observe?: (value: T) => void;
  /** While something waits for the result, polls come at most `awaitedMaxIntervalMs` apart, within its allowance. */
  awaited?: AwaitedPolls;
}

/**
 * Polls on the shared economical schedule (poll-schedule.ts) until `judge` says done or fail, or
 * the deadline passes (after one last poll at it). Progress lines are reported only when they
 * change. While `awaited` says something waits for the result, an extra poll comes
 * `awaitedMaxIntervalMs` after the last one whenever the schedule's next poll is further away and
 * the allowance has one left (and the request budget has room: `isRefused`); the schedule's own
 * polls come as they would have. Used by the core's wait (wait.ts) for every API.
 */
export async function pollUntilSettled<T>(o: PollOptions<T>): Promise<T> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const schedule: PollSchedule = { ...defaultPollSchedule, ...o.schedule };
  const waitStart = now();
  const startedAt = o.startedAt ?? waitStart;
  const deadline = waitStart + o.timeoutMs;
  let value = o.initial;
  let delay: number | undefined;
  /** When the schedule's next poll is due; undefined once it is made (the next one is decided then, from the time it was made). */
  let dueAt: number | undefined;
  let lastLine = "";
  let lastAwaited: string | undefined;
  let lastError: unknown;
  let deadlinePolled = false;
  const sleepUntil = (at: number) => sleep(Math.max(0, at - now()));
  o.observe?.(value);
  for (;;) {
    const verdict = o.judge(value);
    if (verdict.line !== undefined && verdict.line !== lastLine) o.onProgress?.(verdict.line);
    lastLine = verdict.line ?? lastLine;
    if ("fail" in verdict) throw verdict.fail;
    if (verdict.done) return value;
    // A timeout is reported only after a poll at the deadline has seen it unsettled (issue 9
    // item 5): the last sleep ends at the deadline, so even a deadline shorter than one
    // interval polls once.
    if (deadlinePolled) throw o.timedOut(value, now() - waitStart, lastError);
    const t = now();
    if (dueAt === undefined) {
      delay = nextPollDelay(t - startedAt, delay, schedule);
      dueAt = t + delay;
    }
    const due = dueAt;
    const scheduled = async () => {
      deadlinePolled = deadline <= due;
      dueAt = undefined;
      await sleepUntil(Math.min(due, deadline));
    };
    const early = t + schedule.awaitedMaxIntervalMs;
    let kind: "scheduled" | "extra" = "scheduled";
    if (o.awaited && early < due && early < deadline && o.awaited.reason() !== undefined) {
      await sleepUntil(early);
      // Decided at the poll: whether anything still waits, and whether the allowance has one.
      const reason = o.awaited.reason();
      if (reason !== undefined && o.awaited.take()) {
        if (reason !== lastAwaited) o.onProgress?.(`${o.label}: polling every ${schedule.awaitedMaxIntervalMs / 1000} s while ${reason}`);
        lastAwaited = reason;
        kind = "extra";
      } else await scheduled();
    } else await scheduled();
    try {
      value = await o.fetch(kind).catch(async (e: unknown) => {
        if (kind !== "extra" || !o.isRefused?.(e)) throw e;
        await scheduled(); // nothing was sent: the schedule's poll comes instead
        return o.fetch("scheduled");
      });
      lastError = undefined;
      o.observe?.(value);
    } catch (e) {
      if (!o.isTransient?.(e)) throw e;
      lastError = e;
      o.onProgress?.(`${o.label}: poll failed (${(e as Error).message}); retrying until the wait deadline`);
    }
  }
}

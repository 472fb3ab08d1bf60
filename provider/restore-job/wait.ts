import type { DeliveryMethod, RestoreJob } from "../atlas/models";
import { RestoreError } from "./errors";
import { defaultPollSchedule, nextPollDelay, type PollSchedule } from "./poll-schedule";
import { batchStatus, progressLine } from "./status";

export interface WaitOptions {
  /** Names the restore in progress lines, e.g. `Cluster0 batch 5a69…`. */
  label: string;
  method: DeliveryMethod;
  /** Jobs as last seen (the create answer): no poll is spent if they are already ready. */
  initialJobs: RestoreJob[];
  /** One request for the whole batch (list by batchId) or the single job. */
  fetchJobs: () => Promise<RestoreJob[]>;
  timeoutMs: number;
  /** When the jobs were created (ms); the schedule is relative to it. @default now */
  startedAt?: number;
  schedule?: PollSchedule;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (line: string) => void;
  /** Poll errors worth riding out until the deadline (network, 5xx, 429); others end the wait. */
  isTransient?: (e: unknown) => boolean;
}

/**
 * Polls until every part is ready (HTTP: every delivery READY with a URL; automated: every job
 * FINISHED). Throws a RestoreError carrying the last jobs seen on failure, expiry or timeout. The
 * last poll comes at the deadline, so even a deadline shorter than one poll interval polls once.
 */
export async function waitForBatch(o: WaitOptions): Promise<RestoreJob[]> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const schedule = o.schedule ?? defaultPollSchedule;
  const waitStart = now();
  const startedAt = o.startedAt ?? waitStart;
  const deadline = waitStart + o.timeoutMs;
  let jobs = o.initialJobs;
  let delay: number | undefined;
  let lastLine = "";
  let lastError: unknown;
  let deadlinePolled = false;

  for (;;) {
    const s = batchStatus(jobs, o.method);
    const line = progressLine(o.label, s);
    if (line !== lastLine) o.onProgress?.(line);
    lastLine = line;
    if (s.status === "READY") return jobs;
    if (s.status === "FAILED") throw new RestoreError("RESTORE_FAILED", `${o.label} failed: ${s.parts.join("; ")}.`, jobs);
    if (s.status === "EXPIRED")
      throw new RestoreError("RESTORE_EXPIRED", `${o.label}: the download links expired or were used up before they were seen ready: ${s.parts.join("; ")}.`, jobs);

    // A timeout is reported only after a poll at the deadline has seen the restore unfinished.
    if (deadlinePolled) throw timeout(o, jobs, now() - waitStart, s.parts, lastError);
    delay = nextPollDelay(now() - startedAt, delay, schedule);
    const remaining = deadline - now();
    deadlinePolled = remaining <= delay;
    await sleep(Math.max(0, Math.min(delay, remaining)));
    try {
      jobs = await o.fetchJobs();
      lastError = undefined;
    } catch (e) {
      if (!o.isTransient?.(e)) throw e;
      lastError = e;
      o.onProgress?.(`${o.label}: poll failed (${(e as Error).message}); retrying until the wait deadline`);
    }
  }
}

function timeout(o: WaitOptions, jobs: RestoreJob[], waitedMs: number, parts: string[], lastError: unknown): RestoreError {
  const minutes = (waitedMs / 60_000).toFixed(1);
  const cause = lastError ? ` Last poll error: ${(lastError as Error).message}.` : "";
  return new RestoreError(
    "RESTORE_WAIT_TIMEOUT",
    `${o.label} was not ready after ${minutes} minutes (waitTimeoutMinutes). Last seen: ${parts.join("; ")}.${cause} ` +
      `The restore keeps running in Atlas and stays in the stack's state; run \`pulumi up\` again to resume waiting, or raise waitTimeoutMinutes.`,
    jobs,
  );
}

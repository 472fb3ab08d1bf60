import type { DeliveryMethod, RestoreJob } from "../atlas/models";
import { RestoreError } from "./errors";
import { pollUntilSettled, type PollOptions, type PollVerdict } from "./poll-loop";
import { batchStatus, progressLine } from "./status";

/** The schedule, clock and deadline settings are the shared poll loop's (poll-loop.ts). */
export interface WaitOptions
  extends Pick<PollOptions<RestoreJob[]>, "timeoutMs" | "startedAt" | "schedule" | "now" | "sleep" | "onProgress" | "isTransient" | "observe"> {
  /** Names the restore in progress lines, e.g. `Cluster0 batch 5a69…`. */
  label: string;
  method: DeliveryMethod;
  /** Jobs as last seen (the create answer): no poll is spent if they are already ready. */
  initialJobs: RestoreJob[];
  /** One request for the whole batch (list by batchId) or the single job. */
  fetchJobs: () => Promise<RestoreJob[]>;
}

/**
 * Polls until every part is ready (HTTP: every delivery READY with a URL; automated: every job
 * FINISHED). Throws a RestoreError carrying the last jobs seen on failure, expiry or timeout. The
 * last poll comes at the deadline, so even a deadline shorter than one poll interval polls once.
 */
export async function waitForBatch(o: WaitOptions): Promise<RestoreJob[]> {
  return pollUntilSettled({
    ...o,
    initial: o.initialJobs,
    fetch: o.fetchJobs,
    judge: (jobs) => judge(o.label, o.method, jobs),
    timedOut: (jobs, waitedMs, lastError) => timeout(o, jobs, waitedMs, batchStatus(jobs, o.method).parts, lastError),
  });
}

function judge(label: string, method: DeliveryMethod, jobs: RestoreJob[]): PollVerdict {
  const s = batchStatus(jobs, method);
  const line = progressLine(label, s);
  if (s.status === "READY") return { done: true, line };
  if (s.status === "FAILED") return { fail: new RestoreError("RESTORE_FAILED", `${label} failed: ${s.parts.join("; ")}.`, jobs), line };
  if (s.status === "EXPIRED")
    return { fail: new RestoreError("RESTORE_EXPIRED", `${label}: the download links expired or were used up before they were seen ready: ${s.parts.join("; ")}.`, jobs), line };
  return { done: false, line };
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

import type { CloudRestoreJob } from "../atlas/cloud-backup";
import type { PollSchedule } from "../restore-job/poll-schedule";
import { pollUntilSettled } from "../restore-job/poll-loop";
import { CloudRestoreError, type CloudRestoreErrorCode } from "./errors";
import { cloudStatus, SETTLED_BAD, SETTLED_OK, type CloudRestoreStatus } from "./status";

export interface CloudWaitOptions {
  /** Names the restore in progress lines, e.g. `restore 6b9a… of CloudCluster0`. */
  label: string;
  initialJob: CloudRestoreJob;
  /** One GET of the job. */
  fetchJob: () => Promise<CloudRestoreJob>;
  timeoutMs: number;
  schedule?: PollSchedule;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (line: string) => void;
  isTransient?: (e: unknown) => boolean;
  /** Sees every job seen, the first one included (timing outputs). */
  observe?: (job: CloudRestoreJob) => void;
}

const BAD: Record<string, [CloudRestoreErrorCode, string]> = {
  FAILED: ["RESTORE_FAILED", "failed in Atlas"],
  CANCELLED: ["RESTORE_CANCELLED", "was cancelled"],
  EXPIRED: ["RESTORE_EXPIRED", "expired before it was seen ready (download links live about an hour)"],
};

/**
 * Polls one job on the same economical schedule as the legacy RestoreJob until it is READY
 * (download) or COMPLETED (automated / PIT); one GET per poll, whatever the shard count.
 */
export function waitForCloudJob(o: CloudWaitOptions): Promise<CloudRestoreJob> {
  return pollUntilSettled({
    label: o.label,
    initial: o.initialJob,
    fetch: o.fetchJob,
    judge: (job) => {
      const status: CloudRestoreStatus = cloudStatus(job);
      if (SETTLED_OK.has(status)) return { done: true };
      if (SETTLED_BAD.has(status)) {
        const [code, what] = BAD[status];
        return { fail: new CloudRestoreError(code, `${o.label} ${what} [${status}].`, job) };
      }
      return { done: false, line: `${o.label}: ${status}` };
    },
    timeoutMs: o.timeoutMs,
    timedOut: (job, waitedMs, lastError) =>
      new CloudRestoreError(
        "RESTORE_WAIT_TIMEOUT",
        `${o.label} was not ready after ${(waitedMs / 60_000).toFixed(1)} minutes (waitTimeoutMinutes); last seen ${cloudStatus(job)}.` +
          `${lastError ? ` Last poll error: ${(lastError as Error).message}.` : ""} The restore keeps running in Atlas and stays in the stack's state; ` +
          "run `pulumi up` again to resume waiting, or raise waitTimeoutMinutes.",
        job,
      ),
    schedule: o.schedule,
    now: o.now,
    sleep: o.sleep,
    onProgress: o.onProgress,
    isTransient: o.isTransient,
    observe: o.observe,
  });
}

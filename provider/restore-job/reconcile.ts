import type { CreateRestoreJobRequest, RestoreJob } from "../atlas/models";
import { batchStatus } from "./status";

/**
 * After a POST whose outcome is unknown (connection lost after sending, response lost, 5xx,
 * timeout), find the restore that POST started among the cluster's restore jobs, so it can be
 * adopted instead of POSTing again: a second POST could start a second restore, and an
 * automated restore wipes its target.
 */
export interface CreatedBatchQuery {
  request: CreateRestoreJobRequest;
  /** Local time the POST was sent (ms). */
  postStartedAt: number;
  /** Every restore job of the cluster. */
  jobs: RestoreJob[];
  /** Tolerated difference between our clock and Atlas's. @default 120000 */
  clockSkewMs?: number;
}

/** Returns the jobs (one batch, or one replica-set job) the POST created, or undefined. */
export function findCreatedBatch(q: CreatedBatchQuery): RestoreJob[] | undefined {
  const since = q.postStartedAt - (q.clockSkewMs ?? 120_000);
  const candidates = q.jobs.filter((job) => Date.parse(job.created) >= since && matchesRequest(job, q.request));
  // Several candidates means someone else restored the same way at the same time; the newest
  // is the one most likely ours (ours was sent last, just now).
  return newestFirst(groupByRestore(candidates))[0];
}

function matchesRequest(job: RestoreJob, req: CreateRestoreJobRequest): boolean {
  const d = job.delivery ?? {};
  const r = req.delivery;
  if (r.methodName === "AUTOMATED_RESTORE") {
    if (!sameTarget(job, req)) return false;
  } else {
    if (d.targetGroupId) return false;
    if (r.expirationHours !== undefined && d.expirationHours !== undefined && d.expirationHours !== r.expirationHours) return false;
    if (r.maxDownloads !== undefined && d.maxDownloads !== undefined && d.maxDownloads !== r.maxDownloads) return false;
  }
  // A replica-set job carries the requested snapshot id; sharded parts carry per-shard ids.
  if (req.snapshotId && !job.batchId && job.snapshotId && job.snapshotId !== req.snapshotId) return false;
  return true;
}

/**
 * Before an AUTOMATED_RESTORE is POSTed: a restore from this cluster into the same target that
 * is still running (newest first), or undefined. A second one would wipe the target again while
 * the first is writing to it. This is what protects a `pulumi up` that was killed after its POST
 * (the engine then holds no id for the restore) from starting the restore a second time.
 */
export function findRunningRestoreIntoTarget(request: CreateRestoreJobRequest, jobs: RestoreJob[]): RestoreJob[] | undefined {
  if (request.delivery.methodName !== "AUTOMATED_RESTORE") return undefined;
  const intoTarget = groupByRestore(jobs.filter((job) => sameTarget(job, request)));
  return newestFirst(intoTarget.filter((g) => batchStatus(g, "AUTOMATED_RESTORE").status === "IN_PROGRESS"))[0];
}

/** The job restores into the request's target: same project, and no known name or id differs. */
function sameTarget(job: RestoreJob, req: CreateRestoreJobRequest): boolean {
  const d = job.delivery ?? {};
  const r = req.delivery;
  if (d.targetGroupId !== r.targetGroupId) return false;
  if (r.targetClusterName && d.targetClusterName && d.targetClusterName !== r.targetClusterName) return false;
  if (r.targetClusterId && d.targetClusterId && d.targetClusterId !== r.targetClusterId) return false;
  return true;
}

/** Jobs grouped per restore: the parts of one batch together, a replica-set job alone. */
function groupByRestore(jobs: RestoreJob[]): RestoreJob[][] {
  const groups = new Map<string, RestoreJob[]>();
  for (const job of jobs) groups.set(job.batchId ?? job.id, [...(groups.get(job.batchId ?? job.id) ?? []), job]);
  return [...groups.values()];
}

function newestFirst(groups: RestoreJob[][]): RestoreJob[][] {
  return groups.sort((a, b) => Date.parse(b[0].created) - Date.parse(a[0].created));
}

import type { CloudRestoreJob, CloudRestoreRequest } from "../atlas/cloud-backup";

/**
 * After a POST whose outcome is unknown, find the job it created among the cluster's restore
 * jobs, to adopt it instead of POSTing again (an automated restore wipes its target). v2 jobs
 * have no `createdAt` (§1.4), so "created since the POST" is read from the job id: an ObjectId's
 * first 4 bytes are its creation time in seconds.
 */
export function objectIdTime(id: string): number {
  return Number.parseInt(id.slice(0, 8), 16) * 1000;
}

/** Every restore-defining field of the request must match what the job shows. */
const FIELDS: readonly (keyof CloudRestoreRequest)[] = [
  "deliveryType", "targetGroupId", "targetClusterName", "pointInTimeUTCSeconds", "oplogTs", "oplogInc",
];

export function matchesRequest(job: CloudRestoreJob, req: CloudRestoreRequest): boolean {
  if (!FIELDS.every((k) => (job as Record<string, unknown>)[k] === req[k])) return false;
  // A PIT request without snapshotId gets the one Atlas picked: only compare one we sent.
  return req.snapshotId === undefined || job.snapshotId === req.snapshotId;
}

export interface CreatedJobQuery {
  request: CloudRestoreRequest;
  /** Local time the POST was sent (ms). */
  postStartedAt: number;
  jobs: CloudRestoreJob[];
  /** Tolerated difference between our clock and Atlas's. @default 120000 */
  clockSkewMs?: number;
}

/** The job the POST created (the newest match since it was sent), or undefined. */
export function findCreatedJob(q: CreatedJobQuery): CloudRestoreJob | undefined {
  const since = q.postStartedAt - (q.clockSkewMs ?? 120_000);
  return q.jobs
    .filter((j) => objectIdTime(j.id) >= since && matchesRequest(j, q.request))
    .sort((a, b) => objectIdTime(b.id) - objectIdTime(a.id) || (a.id < b.id ? 1 : -1))[0];
}

/** A restore from this cluster into the request's target that is still running, if any. */
export function findRunningIntoTarget(req: CloudRestoreRequest, jobs: CloudRestoreJob[]): CloudRestoreJob | undefined {
  return jobs.find(
    (j) => j.deliveryType !== "download" && j.targetGroupId === req.targetGroupId && j.targetClusterName === req.targetClusterName &&
      !j.finishedAt && !j.failed && !j.cancelled,
  );
}

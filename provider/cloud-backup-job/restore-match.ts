import type { CloudRestoreJob, CloudRestoreRequest } from "../atlas/cloud-backup";
import { compareWithTable, equalField, type FieldCheck, type FieldVerdict, type RestoreComparison } from "../restore-core/field-match";

/**
 * v2 jobs have no `createdAt` (atlas-v2-and-auth.md §1.4), so when a job was created is read from
 * its id: an ObjectId's first 4 bytes are its creation time in seconds, on Atlas's clock.
 */
export function objectIdTime(id: string): number {
  return Number.parseInt(id.slice(0, 8), 16) * 1000;
}

const targeted = (r: CloudRestoreRequest) => r.deliveryType !== "download";

/**
 * A point-in-time field: the job's value of it, a difference when the job shows the other kind of
 * point in time (seconds vs an oplog position), else "not returned".
 */
function pointField(declared: string, own: unknown, other: unknown, otherWords: string, compare: () => FieldVerdict): FieldVerdict {
  if (own !== undefined && own !== null) return compare();
  if (other !== undefined && other !== null) return { declared, found: otherWords };
  return "not-returned";
}

/**
 * The restore-defining fields of a Cloud Backup job, compared with the create body (the names
 * are the user's: `targetProjectId` is Atlas's `targetGroupId`). A request without a snapshotId (a
 * point-in-time restore) leaves the snapshot to Atlas: it is not compared.
 */
export const CLOUD_FIELD_CHECKS: FieldCheck<CloudRestoreRequest, CloudRestoreJob>[] = [
  { field: "deliveryType", applies: () => true, compare: (r, job) => equalField(r.deliveryType, job.deliveryType) },
  { field: "targetProjectId", applies: targeted, compare: (r, job) => equalField(r.targetGroupId, job.targetGroupId) },
  { field: "targetClusterName", applies: targeted, compare: (r, job) => equalField(r.targetClusterName, job.targetClusterName) },
  { field: "snapshotId", applies: (r) => r.snapshotId !== undefined, compare: (r, job) => equalField(r.snapshotId, job.snapshotId) },
  {
    field: "pointInTimeUTCSeconds",
    applies: (r) => r.pointInTimeUTCSeconds !== undefined,
    compare: (r, job) =>
      pointField(`point in time ${r.pointInTimeUTCSeconds}`, job.pointInTimeUTCSeconds, job.oplogTs, `oplog position ${job.oplogTs}.${job.oplogInc}`, () =>
        equalField(r.pointInTimeUTCSeconds, job.pointInTimeUTCSeconds),
      ),
  },
  {
    field: "oplogTs + oplogInc",
    applies: (r) => r.oplogTs !== undefined,
    compare: (r, job) =>
      pointField(`oplog position ${r.oplogTs}.${r.oplogInc}`, job.oplogTs, job.pointInTimeUTCSeconds, `point in time ${job.pointInTimeUTCSeconds}`, () =>
        equalField(`${r.oplogTs}.${r.oplogInc}`, `${job.oplogTs}.${job.oplogInc}`),
      ),
  },
];

export function compareCloudRestore(request: CloudRestoreRequest, parts: CloudRestoreJob[]): RestoreComparison {
  return compareWithTable(CLOUD_FIELD_CHECKS, request, parts);
}

import type { CreateRestoreJobRequest, RestoreJob } from "../atlas/models";
import { compareWithTable, equalField as equal, type FieldCheck, type FieldVerdict, type RestoreComparison } from "../restore-core/field-match";

export { describeDifferences, type FieldDifference, type RestoreComparison } from "../restore-core/field-match";

/**
 * A point-in-time restore's `timestamp` is "the latest oplog entry in the restored snapshot"
 * (reference §3.3): at or before the requested instant. MongoDB writes a no-op oplog entry at
 * least every 10 s on an idle replica set, so a minute before it is a generous floor.
 */
const PIT_TIMESTAMP_TOLERANCE_MS = 60_000;

const automated = (r: CreateRestoreJobRequest) => r.delivery.methodName === "AUTOMATED_RESTORE";
const http = (r: CreateRestoreJobRequest) => r.delivery.methodName === "HTTP";
const str = (v: unknown) => (v === undefined ? "(not returned)" : String(v));
const kindOf = (job: RestoreJob) => `${job.pointInTime ? "a point-in-time" : "a snapshot"} restore (timestamp ${job.timestamp?.date ?? "?"})`;

/**
 * The restore-defining fields Atlas returns on a job (reference §3.3; OAS1 marks `checkpointId`,
 * `oplogTs`, `oplogInc` and `pointInTimeUTCMillis` write-only, so those show only through
 * `pointInTime` and `timestamp`). Automated restores answer `delivery.methodName: HTTP` too
 * (§2.1): the target fields are what tell them apart.
 */
export const LEGACY_FIELD_CHECKS: FieldCheck<CreateRestoreJobRequest, RestoreJob>[] = [
  {
    field: "delivery.methodName",
    applies: () => true,
    compare: (r, job) => {
      const found = job.delivery?.targetGroupId ? "AUTOMATED_RESTORE" : job.delivery?.methodName === "HTTP" ? "HTTP" : str(job.delivery?.methodName);
      return found === r.delivery.methodName ? "same" : { declared: r.delivery.methodName, found };
    },
  },
  { field: "delivery.targetProjectId", applies: automated, compare: (r, job) => equal(r.delivery.targetGroupId, job.delivery?.targetGroupId) },
  {
    field: "delivery.targetClusterName",
    applies: (r) => automated(r) && r.delivery.targetClusterName !== undefined,
    compare: (r, job) => equal(r.delivery.targetClusterName, job.delivery?.targetClusterName),
  },
  {
    field: "delivery.targetClusterId",
    applies: (r) => automated(r) && r.delivery.targetClusterId !== undefined,
    compare: (r, job) => equal(r.delivery.targetClusterId, job.delivery?.targetClusterId),
  },
  // Omitted, Atlas applies its own default (undocumented, §3.4): any value is the declared one.
  { field: "delivery.expirationHours", applies: (r) => http(r) && r.delivery.expirationHours !== undefined, compare: (r, job) => equal(r.delivery.expirationHours, job.delivery?.expirationHours) },
  { field: "delivery.maxDownloads", applies: (r) => http(r) && r.delivery.maxDownloads !== undefined, compare: (r, job) => equal(r.delivery.maxDownloads, job.delivery?.maxDownloads) },
  {
    field: "snapshotId",
    applies: (r) => r.snapshotId !== undefined,
    compare: (r, job) => {
      if (job.pointInTime === true) return { declared: `snapshot ${r.snapshotId}`, found: kindOf(job) };
      // The parts of a sharded restore carry per-shard snapshot ids, never the cluster's (§3.1).
      if (job.batchId) return "not-returned";
      return equal(r.snapshotId, job.snapshotId);
    },
  },
  {
    field: "checkpointId",
    applies: (r) => r.checkpointId !== undefined,
    compare: (r, job) => (job.pointInTime === true ? { declared: `checkpoint ${r.checkpointId}`, found: kindOf(job) } : "not-returned"),
  },
  {
    field: "oplogTs + oplogInc",
    applies: (r) => r.oplogTs !== undefined,
    compare: (r, job) => {
      const declared = `oplog position ${r.oplogTs}.${r.oplogInc}`;
      if (job.pointInTime === false) return { declared, found: kindOf(job) };
      if (!job.timestamp) return "not-returned";
      const found = `${Math.floor(Date.parse(job.timestamp.date) / 1000)}.${job.timestamp.increment}`;
      return found === `${r.oplogTs}.${r.oplogInc}` ? "same" : { declared, found: `oplog position ${found}` };
    },
  },
  {
    field: "pointInTimeUTCMillis",
    applies: (r) => r.pointInTimeUTCMillis !== undefined,
    compare: (r, job) => {
      const at = Math.floor(Number(r.pointInTimeUTCMillis) / 1000) * 1000;
      const declared = `point in time ${new Date(at).toISOString()}`;
      if (job.pointInTime === false) return { declared, found: kindOf(job) };
      if (!job.timestamp) return "not-returned";
      const t = Date.parse(job.timestamp.date);
      return t <= at && t >= at - PIT_TIMESTAMP_TOLERANCE_MS ? "same" : { declared, found: `a restore to ${job.timestamp.date}` };
    },
  },
];

/**
 * Compares a restore (every part of a batch) with what a declaration would POST: the same
 * table decides which job a lost POST created and whether `adopt` names the declared restore.
 */
export function compareRestore(request: CreateRestoreJobRequest, jobs: RestoreJob[]): RestoreComparison {
  return compareWithTable(LEGACY_FIELD_CHECKS, request, jobs);
}

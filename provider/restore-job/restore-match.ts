import type { CreateRestoreJobRequest, RestoreJob } from "../atlas/models";

/** One restore-defining field on which a job contradicts the declaration. */
export interface FieldDifference {
  /** The input's name, e.g. `delivery.targetClusterName`. */
  field: string;
  declared: string;
  found: string;
  /** The job (part of a batch) that differs. */
  jobId: string;
}

/** How a restore (one job, or every part of a batch) compares with a declaration. */
export interface RestoreComparison {
  /** Fields a job returns with another value: this is not the declared restore. */
  differences: FieldDifference[];
  /** Declared fields no job returns, so nothing proves or disproves them (e.g. a batch's snapshot). */
  unverified: string[];
}

/** What one field check says about one job. */
type Verdict = "same" | "not-returned" | { declared: string; found: string };

interface FieldCheck {
  field: string;
  applies(req: CreateRestoreJobRequest): boolean;
  compare(req: CreateRestoreJobRequest, job: RestoreJob): Verdict;
}

/**
 * A point-in-time restore's `timestamp` is "the latest oplog entry in the restored snapshot"
 * (reference §3.3): at or before the requested instant. MongoDB writes a no-op oplog entry at
 * least every 10 s on an idle replica set, so a minute before it is a generous floor.
 */
const PIT_TIMESTAMP_TOLERANCE_MS = 60_000;

const automated = (r: CreateRestoreJobRequest) => r.delivery.methodName === "AUTOMATED_RESTORE";
const http = (r: CreateRestoreJobRequest) => r.delivery.methodName === "HTTP";
const str = (v: unknown) => (v === undefined ? "(not returned)" : String(v));
const equal = (declared: unknown, found: unknown): Verdict =>
  found === undefined || found === null ? "not-returned" : String(declared) === String(found) ? "same" : { declared: String(declared), found: String(found) };
const kindOf = (job: RestoreJob) => `${job.pointInTime ? "a point-in-time" : "a snapshot"} restore (timestamp ${job.timestamp?.date ?? "?"})`;

/**
 * The restore-defining fields Atlas returns on a job (reference §3.3; OAS1 marks `checkpointId`,
 * `oplogTs`, `oplogInc` and `pointInTimeUTCMillis` write-only, so those show only through
 * `pointInTime` and `timestamp`). Automated restores answer `delivery.methodName: HTTP` too
 * (§2.1): the target fields are what tell them apart.
 */
const FIELD_CHECKS: FieldCheck[] = [
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
 * matcher decides which job a lost POST created and whether `adopt` names the declared restore.
 */
export function compareRestore(request: CreateRestoreJobRequest, jobs: RestoreJob[]): RestoreComparison {
  const differences: FieldDifference[] = [];
  const unverified = new Set<string>();
  for (const check of FIELD_CHECKS.filter((c) => c.applies(request))) {
    for (const job of jobs) {
      const v = check.compare(request, job);
      if (v === "not-returned") unverified.add(check.field);
      else if (v !== "same") differences.push({ field: check.field, ...v, jobId: job.id });
    }
  }
  return { differences, unverified: [...unverified] };
}

/** `field: declared X, found Y (job …)`, one line a difference. */
export function describeDifferences(differences: FieldDifference[]): string {
  return differences.map((d) => `${d.field}: declared ${d.declared}, found ${d.found} (job ${d.jobId})`).join("; ");
}

import type { CreateRestoreJobRequest, RestoreJob } from "../atlas/models";
import { compareRestore } from "./restore-match";
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
  /** Restores (batchId or job id) listed just before the POST: they are not its outcome. */
  existedBefore?: ReadonlySet<string>;
  /** Restores other declarations of this process started or adopted. */
  claimed?: ReadonlySet<string>;
}

/** What reconciliation found: the POST's restore, nothing, or several candidates (never a guess). */
export type CreatedBatch =
  | { kind: "found"; jobs: RestoreJob[]; unverified: string[] }
  | { kind: "none" }
  | { kind: "ambiguous"; candidates: RestoreJob[][] };

/**
 * The restore the POST created: created since it was sent (less the clock skew), not known
 * before, not another declaration's, and matching every restore-defining field Atlas returns
 * (restore-match.ts), on every part of a batch.
 */
export function findCreatedBatch(q: CreatedBatchQuery): CreatedBatch {
  const since = q.postStartedAt - (q.clockSkewMs ?? 120_000);
  const isNew = (id: string) => !q.existedBefore?.has(id) && !q.claimed?.has(id);
  const candidates = groupByRestore(q.jobs)
    .filter((g) => isNew(g[0].batchId ?? g[0].id) && g.every((job) => Date.parse(job.created) >= since))
    .map((g) => ({ jobs: g, comparison: compareRestore(q.request, g) }))
    .filter((c) => c.comparison.differences.length === 0);
  if (candidates.length === 0) return { kind: "none" };
  // Two restores that both match: someone else restored the same way at the same time.
  if (candidates.length > 1) return { kind: "ambiguous", candidates: newestFirst(candidates.map((c) => c.jobs)) };
  return { kind: "found", jobs: candidates[0].jobs, unverified: candidates[0].comparison.unverified };
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

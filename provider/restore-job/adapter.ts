import { isAtlasApiError } from "../atlas/guards";
import type { CreateRestoreJobRequest, DeliveryMethod, RestoreJob } from "../atlas/models";
import type { ClusterRef, RestoreApiAdapter } from "../restore-core/adapter";
import { isRestoreError, RestoreError } from "../restore-core/errors";
import type { RestoreJobRef } from "../restore-core/resource-id";
import { describeSelector } from "../restore-core/snapshot-selector";
import { RESTORE_JOB_CHECK } from "./check";
import { toCreateRequest } from "./create-request";
import { RESTORE_DEFINING_KEYS, SETTING_KEYS, type RestoreJobInputs } from "./inputs";
import { markSecrets, toOutputs } from "./outputs";
import { resolveSnapshotSelector, type LegacySnapshotsApi } from "./resolve-snapshot";
import { compareRestore } from "./restore-match";
import { batchStatus } from "./status";
import { legacyTimingOutputs, observeReadyParts, readyTimesOf } from "./timing";

/** The legacy restore-jobs calls the adapter needs (AtlasClient implements them). */
export interface RestoreJobsApi extends LegacySnapshotsApi {
  createRestoreJobs(projectId: string, clusterName: string, body: CreateRestoreJobRequest): Promise<RestoreJob[]>;
  listRestoreJobs(projectId: string, clusterName: string, opts?: { batchId?: string }): Promise<RestoreJob[]>;
  getRestoreJob(projectId: string, clusterName: string, jobId: string): Promise<RestoreJob>;
}

/** Not-found codes that mean "this restore job does not exist" (reference §5.2). */
const JOB_NOT_FOUND_CODES = new Set(["RESTORE_JOB_NOT_FOUND", "RESTORE_JOB_NOT_FOUND_IN_GROUP", "INVALID_JOB_ID"]);
export const isJobNotFound = (e: unknown) => isAtlasApiError(e) && e.status === 404 && JOB_NOT_FOUND_CODES.has(e.errorCode ?? "");

/** The declared delivery method; for a job read without inputs, inferred from its target. */
export function methodOf(inputs: Partial<RestoreJobInputs>, jobs: RestoreJob[]): DeliveryMethod {
  if (inputs.delivery?.methodName) return inputs.delivery.methodName;
  return jobs.some((j) => j.delivery?.targetGroupId) ? "AUTOMATED_RESTORE" : "HTTP";
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

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
const earliest = (times: (string | undefined)[]) => times.filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b))[0];

/** A restore's parts: a batch by its batchId (one request whatever the shard count), else the job. */
async function restoreOfJob(api: RestoreJobsApi, c: ClusterRef, job: RestoreJob): Promise<RestoreJob[]> {
  return job.batchId ? api.listRestoreJobs(c.projectId, c.clusterName, { batchId: job.batchId }) : [job];
}

/**
 * Legacy restore jobs (Atlas legacy backup, Cloud Manager, Ops Manager) in the safety core. A
 * sharded restore is a batch of jobs (one per shard and config server) sharing a `batchId`; the
 * API has no cancel. What a job returns and what it withholds (write-only restore points, the
 * per-shard snapshot ids of a batch) is in the field-match table, restore-match.ts.
 */
export const legacyRestoreAdapter: RestoreApiAdapter<RestoreJobInputs, RestoreJob, CreateRestoreJobRequest, RestoreJobsApi> = {
  resource: "RestoreJob",
  check: RESTORE_JOB_CHECK,
  restoreDefiningKeys: RESTORE_DEFINING_KEYS,
  settingKeys: SETTING_KEYS,
  adoptIdWords: "its batchId or job id",
  describeRestorePoint(i) {
    if (i.snapshotId) return `snapshot ${i.snapshotId}`;
    if (i.snapshot) return describeSelector(i.snapshot);
    if (i.checkpointId) return `checkpoint ${i.checkpointId}`;
    if (i.oplogTs !== undefined) return `oplog ${i.oplogTs}.${i.oplogInc}`;
    return `point in time ${i.pointInTimeUTCMillis}`;
  },

  async decide(ctx, inputs) {
    // A `snapshot` selector is resolved here, once; state keeps the selector for diff.
    const { inputs: resolved, resolvedSnapshotId } = await resolveSnapshotSelector(ctx.api, inputs, ctx.log);
    return { request: toCreateRequest(resolved), ...(resolvedSnapshotId ? { resolvedSnapshotId } : {}) };
  },
  declaredRequest: (inputs) => toCreateRequest(inputs),

  create: (api, c, request) => api.createRestoreJobs(c.projectId, c.clusterName, request),
  list: (api, c) => api.listRestoreJobs(c.projectId, c.clusterName),
  async fetch(api, ref, stored) {
    const batchId = text(stored.batchId);
    const probe = (Array.isArray(stored.jobIds) ? text(stored.jobIds[0]) : undefined) ?? ref.ref;
    if (batchId) {
      const jobs = await api.listRestoreJobs(ref.projectId, ref.clusterName, { batchId });
      if (jobs.length > 0) return jobs;
      // An empty page is not Atlas saying "gone" (a proxy may serve one): the job's own 404 is.
      const job = await api.getRestoreJob(ref.projectId, ref.clusterName, probe);
      throw new Error(`Listing restore batch ${batchId} of ${ref.clusterName} returned no jobs although its job ${job.id} exists; state is kept. Run the command again.`);
    }
    if (Array.isArray(stored.jobIds)) return restoreOfJob(api, ref, await api.getRestoreJob(ref.projectId, ref.clusterName, probe));
    // `RestoreJob.get`: the id may name a batch or a job.
    const found = await legacyRestoreAdapter.lookup(api, ref, ref.ref);
    if (!found) throw new RestoreError("RESTORE_NOT_FOUND", `No restore batch or job ${ref.ref} exists for cluster ${ref.clusterName}.`);
    return found;
  },
  async lookup(api, c, id) {
    const batch = await api.listRestoreJobs(c.projectId, c.clusterName, { batchId: id });
    if (batch.length > 0) return batch;
    try {
      return await restoreOfJob(api, c, await api.getRestoreJob(c.projectId, c.clusterName, id));
    } catch (e) {
      if (isJobNotFound(e)) return undefined;
      throw e;
    }
  },
  isNotFound: (e) => isJobNotFound(e) || (isRestoreError(e) && e.code === "RESTORE_NOT_FOUND"),
  isTargetBusy: () => false,

  restoreIdOf: (job) => job.batchId ?? job.id,
  createdAt: (job) => (Number.isNaN(Date.parse(job.created)) ? undefined : Date.parse(job.created)),
  compare: compareRestore,
  targetOf(request) {
    const d = request.delivery;
    return d.methodName === "AUTOMATED_RESTORE" ? `${d.targetGroupId}/${d.targetClusterName ?? d.targetClusterId}` : undefined;
  },
  runningInto(request, parts) {
    const into = parts.filter((job) => sameTarget(job, request));
    return into.length > 0 && batchStatus(into, "AUTOMATED_RESTORE").status === "IN_PROGRESS";
  },
  statusOf(parts, inputs) {
    const s = batchStatus(parts, methodOf(inputs, parts));
    const detail = `${s.ready}/${s.total} part${s.total === 1 ? "" : "s"} ready [${s.status}]`;
    if (s.status === "READY") return { status: s.status, settled: "ok", detail };
    if (s.status === "FAILED") return { status: s.status, settled: "bad", failure: "RESTORE_FAILED", detail: `${detail}: ${s.parts.join("; ")}` };
    if (s.status === "EXPIRED") return { status: s.status, settled: "bad", failure: "RESTORE_EXPIRED", detail: `${detail}: ${s.parts.join("; ")}` };
    return { status: s.status, detail };
  },
  cancelWorthy: () => "not-cancellable",
  deleteBeforeReplace: () => false,

  state(raw, inputs, parts, memo) {
    const resolved = memo.resolvedSnapshotId ? { resolvedSnapshotId: memo.resolvedSnapshotId } : {};
    return { ...raw, ...markSecrets(toOutputs(parts, methodOf(inputs, parts))), ...legacyTimingOutputs(inputs, parts, memo.ready), ...resolved };
  },
  observeReady: (seen, parts, inputs) => observeReadyParts(seen, parts, methodOf(inputs, parts)),
  storedReadyTimes: (stored) => readyTimesOf(stored.parts),
  requestedAtOf: (parts) => earliest(parts.map((j) => j.created)),
  snapshotIdOf: (inputs, parts) => inputs.snapshotId ?? (parts.length === 1 && !parts[0].batchId ? parts[0].snapshotId : undefined),
  inputsOf(ref: RestoreJobRef, jobs) {
    const d = jobs[0]?.delivery;
    const automated = methodOf({}, jobs) === "AUTOMATED_RESTORE";
    return {
      projectId: ref.projectId,
      clusterName: ref.clusterName,
      adopt: ref.ref,
      delivery: automated
        ? { methodName: "AUTOMATED_RESTORE", targetProjectId: d?.targetGroupId, ...(d?.targetClusterName ? { targetClusterName: d.targetClusterName } : { targetClusterId: d?.targetClusterId }) }
        : { methodName: "HTTP", expirationHours: d?.expirationHours, maxDownloads: d?.maxDownloads },
      waitFor: "none",
    };
  },
  storedIds: (ref, stored) => [ref.ref, text(stored.batchId), ...(Array.isArray(stored.jobIds) ? stored.jobIds.map(text) : [])].filter((x): x is string => !!x),
};

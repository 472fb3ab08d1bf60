import { findLostPostRestore } from "../restore-job/lost-post";
import type { CloudRestoreJob, CloudRestoreRequest, CloudSnapshot } from "../atlas/cloud-backup";
import { isAtlasApiError, isAtlasError } from "../atlas/guards";
import { serverDateOf } from "../atlas/server-date";
import { isTransientPollError, sleepFor, type OperationContext } from "../restore-job/operations";
import type { RestoreJobRef } from "../restore-job/resource-id";
import { INPUT_DEFAULTS } from "../restore-job/inputs";
import { toCloudCreateRequest } from "./create-request";
import { CloudRestoreError } from "./errors";
import type { CloudBackupRestoreJobInputs } from "./inputs";
import { findCreatedJob, findRunningIntoTarget } from "./reconcile";
import { describeSelector, pickSnapshot } from "../restore-job/snapshot-selector";
import type { CloudRestoreStatus } from "./status";
import { waitForCloudJob } from "./wait";

/** The v2 calls the lifecycle needs (CloudBackupClient implements them). */
export interface CloudBackupApi {
  createRestoreJob(projectId: string, clusterName: string, body: CloudRestoreRequest): Promise<CloudRestoreJob>;
  listRestoreJobs(projectId: string, clusterName: string): Promise<CloudRestoreJob[]>;
  getRestoreJob(projectId: string, clusterName: string, jobId: string): Promise<CloudRestoreJob>;
  cancelRestoreJob(projectId: string, clusterName: string, jobId: string): Promise<void>;
  listSnapshots(projectId: string, clusterName: string): Promise<CloudSnapshot[]>;
  getSnapshot(projectId: string, clusterName: string, snapshotId: string): Promise<CloudSnapshot>;
}

/** The legacy lifecycle's context (log, clock, schedule, reconcile pause) with the v2 API. */
export type CloudOperationContext = Omit<OperationContext, "api"> & { api: CloudBackupApi };

export interface StartedCloudRestore {
  job: CloudRestoreJob;
  /**
   * When Atlas took the request: the `Date` of the create answer (v2 jobs carry no creation
   * time). Unknown for an adopted job or one found after a lost answer.
   */
  requestedAt?: string;
  /** The snapshot restored, as resolved at create (selector pick, or the explicit id). */
  resolvedSnapshotId?: string;
}

const isApiCode = (e: unknown, status: number, code: string) => isAtlasApiError(e) && e.status === status && e.errorCode === code;
export const isCloudJobNotFound = (e: unknown) => isAtlasApiError(e) && e.status === 404 && (e.errorCode === "RESTORE_JOB_NOT_FOUND" || e.errorCode === "INVALID_JOB_ID");

/**
 * The snapshot the inputs mean, decided now and never again: the selector's pick from the
 * snapshot list, or the explicit snapshotId after checking it is complete and (unless allowed)
 * not a fallback snapshot. Undefined for a point-in-time restore without snapshotId.
 */
export async function resolveSnapshot(ctx: CloudOperationContext, inputs: CloudBackupRestoreJobInputs): Promise<string | undefined> {
  const { projectId, clusterName, snapshot, snapshotId, allowFallbackSnapshot } = inputs;
  if (snapshot) {
    const candidates = (await ctx.api.listSnapshots(projectId, clusterName)).map((s) => ({
      id: s.id, createdAt: s.createdAt, completed: s.status === "completed", fallback: s.snapshotType === "fallback",
    }));
    const picked = pickSnapshot(candidates, snapshot, allowFallbackSnapshot);
    if (!picked) {
      throw new CloudRestoreError(
        "NO_MATCHING_SNAPSHOT",
        `Cluster ${clusterName} has no ${describeSelector(snapshot)}${allowFallbackSnapshot ? "" : " that is not a fallback snapshot"}. ` +
          "Check the cluster's backup snapshots in Atlas, widen snapshot.latestBefore, or set snapshotId.",
      );
    }
    ctx.log(`${clusterName}: snapshot selector picked ${picked.id} (created ${picked.createdAt}); it stays pinned as resolvedSnapshotId`);
    return picked.id;
  }
  if (!snapshotId) return undefined;
  const s = await ctx.api.getSnapshot(projectId, clusterName, snapshotId);
  if (s.snapshotType === "fallback" && !allowFallbackSnapshot) {
    throw new CloudRestoreError(
      "NO_MATCHING_SNAPSHOT",
      `Snapshot ${snapshotId} of cluster ${clusterName} is a fallback snapshot, which "may contain inconsistent data" and is a last resort. ` +
        "Set allowFallbackSnapshot: true to restore it anyway, or choose another snapshot.",
    );
  }
  return snapshotId;
}

/**
 * Starts the declared restore: exactly one POST, or none when adopting. A POST whose outcome is
 * unknown is reconciled by listing the cluster's jobs, never by POSTing again; a busy target
 * (409 ATLAS_CLUSTER_RESTORE_IN_PROGRESS) is the same clear error as the legacy guard.
 */
export async function startCloudRestore(ctx: CloudOperationContext, inputs: CloudBackupRestoreJobInputs): Promise<StartedCloudRestore> {
  const { projectId, clusterName } = inputs;
  if (inputs.adopt) return adoptCloudRestore(ctx, inputs);
  const resolvedSnapshotId = await resolveSnapshot(ctx, inputs);
  const request = toCloudCreateRequest(inputs, resolvedSnapshotId);
  const postStartedAt = (ctx.now ?? Date.now)();
  try {
    const job = await ctx.api.createRestoreJob(projectId, clusterName, request);
    const requestedAt = serverDateOf(job);
    return { job, resolvedSnapshotId, ...(requestedAt ? { requestedAt } : {}) };
  } catch (e) {
    if (isApiCode(e, 409, "ATLAS_CLUSTER_RESTORE_IN_PROGRESS")) throw await targetBusy(ctx, inputs, request, e as Error);
    if (!isAtlasError(e) || e.requestOutcome !== "unknown") throw e;
    ctx.log(`${clusterName}: the restore request's outcome is unknown (${(e as Error).message}); looking for the job it may have created instead of sending it again`);
    const job = await findLostPostRestore({
      clusterName,
      postError: e as Error,
      postStartedAt,
      adoptWhat: "its job id",
      list: () => ctx.api.listRestoreJobs(projectId, clusterName),
      recheckMs: ctx.reconcileRecheckMs ?? 3_000,
      sleep: sleepFor(ctx),
      find: (jobs) => findCreatedJob({ request, postStartedAt, jobs }),
    });
    ctx.log(`${clusterName}: found the restore job the lost request started (${job.id}); adopting it`);
    return { job, resolvedSnapshotId };
  }
}

async function targetBusy(ctx: CloudOperationContext, inputs: CloudBackupRestoreJobInputs, request: CloudRestoreRequest, cause: Error): Promise<CloudRestoreError> {
  const target = `${inputs.targetClusterName} (project ${inputs.targetProjectId})`;
  const running = await ctx.api.listRestoreJobs(inputs.projectId, inputs.clusterName).then((jobs) => findRunningIntoTarget(request, jobs), () => undefined);
  const adoptHint = running
    ? ` If it is not in this stack's state (most likely an earlier \`pulumi up\` was interrupted after starting it), set \`adopt: "${running.id}"\` on this CloudBackupRestoreJob to manage it instead.`
    : " It was started from another cluster or outside this stack; wait for it to finish.";
  return new CloudRestoreError(
    "RESTORE_ALREADY_RUNNING",
    `A restore into ${target}${running ? ` (restore job ${running.id} from cluster ${inputs.clusterName})` : ""} is still running (Atlas: ${cause.message}). ` +
      `No second restore was started: it would wipe ${inputs.targetClusterName} again while the first one is writing to it. If this stack is ` +
      "replacing its own earlier restore, wait until that one has finished and run `pulumi up` again." + adoptHint,
  );
}

/** The declared fields an adopted job must show (what makes it "the declared restore"). */
function adoptMismatches(inputs: CloudBackupRestoreJobInputs, job: CloudRestoreJob): string[] {
  const expected = toCloudCreateRequest(inputs, inputs.snapshotId);
  const shown: Record<string, unknown> = { ...job };
  return (Object.keys(expected) as (keyof CloudRestoreRequest)[])
    .filter((k) => expected[k] !== undefined && shown[k] !== expected[k])
    .map((k) => `${k === "targetGroupId" ? "targetProjectId" : k}: declared ${JSON.stringify(expected[k])}, the job has ${JSON.stringify(shown[k])}`);
}

/** Takes over a restore job started elsewhere, after checking it is the one declared. */
export async function adoptCloudRestore(ctx: CloudOperationContext, inputs: CloudBackupRestoreJobInputs): Promise<StartedCloudRestore> {
  const id = inputs.adopt as string;
  let job: CloudRestoreJob;
  try {
    job = await ctx.api.getRestoreJob(inputs.projectId, inputs.clusterName, id);
  } catch (e) {
    if (!isCloudJobNotFound(e)) throw e;
    throw new CloudRestoreError("RESTORE_NOT_FOUND", `No Cloud Backup restore job ${id} exists for cluster ${inputs.clusterName} in project ${inputs.projectId}. Check the id given to adopt.`);
  }
  const wrong = adoptMismatches(inputs, job);
  if (wrong.length > 0) {
    throw new CloudRestoreError("RESTORE_NOT_AS_DECLARED", `Restore job ${id} is not the restore this resource declares (${wrong.join("; ")}). Nothing was adopted: fix the declaration or the id.`, job);
  }
  return { job, resolvedSnapshotId: job.snapshotId };
}

/**
 * Refresh: the current job, or "gone" only when Atlas says twice, a moment apart, that it does
 * not exist. Anything else (5xx, a proxy's page) is an error that keeps state.
 */
export async function readCloudRestore(ctx: CloudOperationContext, ref: RestoreJobRef): Promise<CloudRestoreJob | "gone"> {
  for (const pause of [0, 1_000]) {
    if (pause) await sleepFor(ctx)(pause);
    try {
      return await ctx.api.getRestoreJob(ref.projectId, ref.clusterName, ref.ref);
    } catch (e) {
      if (!isCloudJobNotFound(e)) throw e;
    }
  }
  return "gone";
}

/** Waits per the inputs' wait settings; returns the last job seen, each also given to `observe`. */
export function waitPerCloudInputs(
  ctx: CloudOperationContext,
  inputs: CloudBackupRestoreJobInputs,
  ref: RestoreJobRef,
  job: CloudRestoreJob,
  observe?: (job: CloudRestoreJob) => void,
): Promise<CloudRestoreJob> {
  if ((inputs.waitFor ?? INPUT_DEFAULTS.waitFor) === "none") {
    observe?.(job);
    return Promise.resolve(job);
  }
  return waitForCloudJob({
    label: `restore ${ref.ref} of ${ref.clusterName}`,
    initialJob: job,
    fetchJob: () => ctx.api.getRestoreJob(ref.projectId, ref.clusterName, ref.ref),
    timeoutMs: (inputs.waitTimeoutMinutes ?? INPUT_DEFAULTS.waitTimeoutMinutes) * 60_000,
    schedule: ctx.schedule,
    now: ctx.now,
    sleep: ctx.sleep,
    onProgress: ctx.log,
    isTransient: isTransientPollError,
    observe,
  });
}

/** What delete did, for the log line. */
export type CancelOutcome = "cancelled" | "not-cancellable" | "already-settled" | "gone";

/**
 * Delete: a download that may still be used (IN_PROGRESS or READY) is cancelled (DELETE → 204),
 * which also revokes its links. An automated / PIT restore cannot be cancelled (Atlas: 400
 * CANNOT_CANCEL_AUTOMATED_RESTORE, 405 for shards): no request, and destroy does not fail.
 */
export async function cancelOnDelete(ctx: CloudOperationContext, ref: RestoreJobRef, last: { deliveryType?: string; status?: CloudRestoreStatus }): Promise<CancelOutcome> {
  if (last.deliveryType !== "download") return "not-cancellable";
  if (last.status !== "IN_PROGRESS" && last.status !== "READY") return "already-settled";
  try {
    await ctx.api.cancelRestoreJob(ref.projectId, ref.clusterName, ref.ref);
    return "cancelled";
  } catch (e) {
    if (isCloudJobNotFound(e)) return "gone";
    if (isAtlasApiError(e) && (e.status === 400 || e.status === 405)) return "not-cancellable";
    throw e;
  }
}

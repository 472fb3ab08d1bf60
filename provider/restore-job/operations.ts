import { findLostPostRestore } from "./lost-post";
import { isAtlasApiError, isAtlasBadResponseError, isAtlasError, isAtlasNetworkError, isAtlasTimeoutError } from "../atlas";
import type { CreateRestoreJobRequest, DeliveryMethod, RestoreJob } from "../atlas/models";
import { toCreateRequest } from "./create-request";
import { RestoreError } from "./errors";
import type { RestoreJobInputs } from "./inputs";
import { INPUT_DEFAULTS, isSet } from "./inputs";
import type { PollSchedule } from "./poll-schedule";
import { claimedRestores, claimRestore, othersSettled, restoreIdOf, trackPost } from "./process-claims";
import { findCreatedBatch, findRunningRestoreIntoTarget } from "./reconcile";
import { compareRestore, describeDifferences } from "./restore-match";
import type { RestoreJobRef } from "./resource-id";
import { targetKey, withTargetLock } from "./target-lock";
import { waitForBatch } from "./wait";

/** The three API calls the lifecycle needs (AtlasClient implements them). */
export interface RestoreJobsApi {
  createRestoreJobs(projectId: string, clusterName: string, body: CreateRestoreJobRequest): Promise<RestoreJob[]>;
  listRestoreJobs(projectId: string, clusterName: string, opts?: { batchId?: string }): Promise<RestoreJob[]>;
  getRestoreJob(projectId: string, clusterName: string, jobId: string): Promise<RestoreJob>;
}

export interface OperationContext {
  api: RestoreJobsApi;
  log: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  schedule?: PollSchedule;
  /** Pause before re-listing when a lost POST's job is not visible yet. @default 3000 */
  reconcileRecheckMs?: number;
}

/** Not-found codes that mean "this restore job does not exist" (reference §5.2). */
const JOB_NOT_FOUND_CODES = new Set(["RESTORE_JOB_NOT_FOUND", "RESTORE_JOB_NOT_FOUND_IN_GROUP", "INVALID_JOB_ID"]);
export const isJobNotFound = (e: unknown) => isAtlasApiError(e) && e.status === 404 && JOB_NOT_FOUND_CODES.has(e.errorCode ?? "");

/** Poll errors worth riding out until the wait deadline: the network, 5xx, 429, a proxy's page. */
export const isTransientPollError = (e: unknown) =>
  isAtlasNetworkError(e) || isAtlasTimeoutError(e) || isAtlasBadResponseError(e) || (isAtlasApiError(e) && (e.status === 429 || e.status >= 500));

/** The context's sleep (tests give a fake clock's), or a real timer. */
export const sleepFor = (ctx: Pick<OperationContext, "sleep">) => ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

/**
 * Starts the restore the inputs declare: exactly one POST, or none when adopting. A POST whose
 * outcome is unknown is reconciled by listing the cluster's jobs, never by POSTing again. An
 * automated restore is refused (no POST) while another one into the same target is running or
 * being started by this process: the check and the POST are one critical section per target.
 */
export async function startRestore(ctx: OperationContext, inputs: RestoreJobInputs): Promise<RestoreJob[]> {
  if (inputs.adopt) return adoptDeclared(ctx, inputs);
  const request = toCreateRequest(inputs);
  const target = targetKey(request);
  if (!target) return postOnce(ctx, inputs, request, undefined);
  return withTargetLock(target, describeDeclaration(inputs), async () => {
    const before = await ctx.api.listRestoreJobs(inputs.projectId, inputs.clusterName);
    const running = findRunningRestoreIntoTarget(request, before);
    if (running) throw alreadyRunning(inputs, running);
    return postOnce(ctx, inputs, request, new Set(before.map((j) => j.batchId ?? j.id)));
  });
}

/** `restore of Cluster0 (snapshot 5a68…) into <target>`: names a declaration in messages. */
function describeDeclaration(inputs: RestoreJobInputs): string {
  const point = restorePointOf(inputs);
  const target = inputs.delivery.targetClusterName ?? inputs.delivery.targetClusterId;
  return `the restore of ${inputs.clusterName} (${point}) into ${target}`;
}

function restorePointOf(i: RestoreJobInputs): string {
  if (isSet(i.snapshotId)) return `snapshot ${i.snapshotId}`;
  if (isSet(i.checkpointId)) return `checkpoint ${i.checkpointId}`;
  if (isSet(i.oplogTs)) return `oplog ${i.oplogTs}.${i.oplogInc}`;
  return `point in time ${i.pointInTimeUTCMillis}`;
}

async function postOnce(ctx: OperationContext, inputs: RestoreJobInputs, request: CreateRestoreJobRequest, existedBefore: ReadonlySet<string> | undefined): Promise<RestoreJob[]> {
  const { projectId, clusterName } = inputs;
  const cluster = `${projectId}/${clusterName}`;
  const postStartedAt = (ctx.now ?? Date.now)();
  try {
    return await trackPost(cluster, () => ctx.api.createRestoreJobs(projectId, clusterName, request));
  } catch (e) {
    if (!isAtlasError(e) || e.requestOutcome !== "unknown") throw e;
    ctx.log(`${clusterName}: the restore request's outcome is unknown (${(e as Error).message}); looking for the job it may have created instead of sending it again`);
    // Another declaration's POST into this cluster may still be answering: its restore is not ours.
    await othersSettled(cluster);
    return findLostPostRestore({
      clusterName,
      postError: e as Error,
      postStartedAt,
      adoptWhat: "its batchId or job id",
      list: () => ctx.api.listRestoreJobs(projectId, clusterName),
      recheckMs: ctx.reconcileRecheckMs ?? 3_000,
      sleep: sleepFor(ctx),
      find: (jobs) => {
        const found = findCreatedBatch({ request, postStartedAt, jobs, existedBefore, claimed: claimedRestores(cluster) });
        if (found.kind === "ambiguous") throw ambiguousReconcile(clusterName, e as Error, found.candidates);
        if (found.kind !== "found") return undefined;
        const unverified = found.unverified.length ? ` (${found.unverified.join(", ")}: not returned by Atlas, so not compared)` : "";
        ctx.log(`${clusterName}: found the restore the lost request started (${restoreIdOf(found.jobs)}), matching the declaration${unverified}; adopting it`);
        claimRestore(cluster, found.jobs);
        return found.jobs;
      },
    });
  }
}

function ambiguousReconcile(clusterName: string, cause: Error, candidates: RestoreJob[][]): Error {
  const list = candidates.map((g) => `${restoreIdOf(g)} (created ${g[0].created})`).join(", ");
  return new Error(
    `The restore request for cluster ${clusterName} got no usable answer (${cause.message}), and ${candidates.length} restores ` +
      `matching it appeared on the cluster since it was sent: ${list}. One of them may be this request's; which one cannot be told ` +
      `from what Atlas returns, so none was adopted and the request was not sent again. Nothing was recorded in state: check in Atlas ` +
      `which one is this declaration's and set \`adopt\` to it (e.g. \`adopt: "${restoreIdOf(candidates[0])}"\`), then run \`pulumi up\` again.`,
  );
}

function alreadyRunning(inputs: RestoreJobInputs, jobs: RestoreJob[]): RestoreError {
  const id = jobs[0].batchId ?? jobs[0].id;
  const target = inputs.delivery.targetClusterName ?? inputs.delivery.targetClusterId;
  return new RestoreError(
    "RESTORE_ALREADY_RUNNING",
    `An automated restore from cluster ${inputs.clusterName} into ${target} (${jobs[0].batchId ? "batch" : "restore job"} ${id}, ` +
      `created ${jobs[0].created}) is still running. No second restore was started: it would wipe ${target} again while the ` +
      `first one is writing to it. If this stack is replacing its own earlier restore, wait until that one has finished and ` +
      `run \`pulumi up\` again. If it is not in this stack's state (most likely an earlier \`pulumi up\` was interrupted after ` +
      `starting it), set \`adopt: "${id}"\` on this RestoreJob to manage it instead.`,
    jobs,
  );
}

/**
 * `adopt`: takes over the named restore only if it is the declared one: every restore-defining
 * field Atlas returns must match what the declaration would POST (restore-match.ts).
 */
async function adoptDeclared(ctx: OperationContext, inputs: RestoreJobInputs): Promise<RestoreJob[]> {
  const { projectId, clusterName } = inputs;
  const jobs = await adoptRestore(ctx, { projectId, clusterName, ref: inputs.adopt! });
  const { differences, unverified } = compareRestore(toCreateRequest(inputs), jobs);
  if (differences.length > 0) {
    throw new RestoreError(
      "RESTORE_ADOPT_MISMATCH",
      `adopt: restore ${inputs.adopt} of cluster ${clusterName} is not the restore this RestoreJob declares: ${describeDifferences(differences)}. ` +
        `Nothing was adopted. Set adopt to the id of the declared restore, or change the declaration to describe restore ${inputs.adopt}.`,
    );
  }
  if (unverified.length > 0) ctx.log(`${clusterName}: adopting ${inputs.adopt}; ${unverified.join(", ")}: not returned by Atlas, so not compared`);
  claimRestore(`${projectId}/${clusterName}`, jobs);
  return jobs;
}

/** Takes over a restore started elsewhere, by batchId or by job id. */
export async function adoptRestore(ctx: OperationContext, ref: RestoreJobRef): Promise<RestoreJob[]> {
  const batch = await ctx.api.listRestoreJobs(ref.projectId, ref.clusterName, { batchId: ref.ref });
  if (batch.length > 0) return batch;
  try {
    const job = await ctx.api.getRestoreJob(ref.projectId, ref.clusterName, ref.ref);
    return job.batchId ? await ctx.api.listRestoreJobs(ref.projectId, ref.clusterName, { batchId: job.batchId }) : [job];
  } catch (e) {
    if (!isJobNotFound(e)) throw e;
    throw new RestoreError(
      "RESTORE_NOT_FOUND",
      `No restore batch or restore job with id ${ref.ref} exists for cluster ${ref.clusterName} in project ${ref.projectId}. Check the id given to adopt (a batchId or a restore job id from the cluster's restore history).`,
    );
  }
}

/** Fetches the current jobs of a restore: one request for a whole batch. */
export async function fetchRestore(ctx: OperationContext, ref: RestoreJobRef, batchId: string | undefined): Promise<RestoreJob[]> {
  if (!batchId) return [await ctx.api.getRestoreJob(ref.projectId, ref.clusterName, ref.ref)];
  const jobs = await ctx.api.listRestoreJobs(ref.projectId, ref.clusterName, { batchId });
  if (jobs.length === 0) throw new RestoreError("RESTORE_NOT_FOUND", `Restore batch ${batchId} of cluster ${ref.clusterName} has no jobs.`);
  return jobs;
}

/**
 * Refresh: the current jobs, or "gone" only when Atlas says twice, a moment apart, that the job
 * does not exist. Anything else (5xx, a proxy's 404, an empty page) is an error that keeps state.
 */
export async function readRestore(
  ctx: OperationContext,
  ref: RestoreJobRef,
  known: { batchId?: string; jobIds?: string[] },
): Promise<RestoreJob[] | "gone"> {
  const probeId = known.jobIds?.[0] ?? ref.ref;
  try {
    if (known.batchId) {
      const jobs = await ctx.api.listRestoreJobs(ref.projectId, ref.clusterName, { batchId: known.batchId });
      if (jobs.length > 0) return jobs;
    } else if (!known.jobIds) {
      return await adoptRestore(ctx, ref); // RestoreJob.get: the id may name a batch or a job.
    }
    return [await ctx.api.getRestoreJob(ref.projectId, ref.clusterName, probeId)];
  } catch (e) {
    if (!isJobNotFound(e) && !(e instanceof RestoreError && e.code === "RESTORE_NOT_FOUND")) throw e;
  }
  await sleepFor(ctx)(1_000);
  try {
    const job = await ctx.api.getRestoreJob(ref.projectId, ref.clusterName, probeId);
    return job.batchId ? await ctx.api.listRestoreJobs(ref.projectId, ref.clusterName, { batchId: job.batchId }) : [job];
  } catch (e) {
    if (isJobNotFound(e)) return "gone";
    throw e;
  }
}

/** Waits per the inputs' wait settings; the jobs returned are the last seen, each also given to `observe`. */
export async function waitPerInputs(
  ctx: OperationContext,
  inputs: RestoreJobInputs,
  ref: RestoreJobRef,
  jobs: RestoreJob[],
  observe?: (jobs: RestoreJob[]) => void,
): Promise<RestoreJob[]> {
  if ((inputs.waitFor ?? INPUT_DEFAULTS.waitFor) === "none") {
    observe?.(jobs);
    return jobs;
  }
  const batchId = jobs.find((j) => j.batchId)?.batchId;
  return waitForBatch({
    label: `restore ${ref.ref} of ${ref.clusterName}`,
    method: methodOf(inputs, jobs),
    initialJobs: jobs,
    fetchJobs: () => fetchRestore(ctx, ref, batchId),
    timeoutMs: (inputs.waitTimeoutMinutes ?? INPUT_DEFAULTS.waitTimeoutMinutes) * 60_000,
    schedule: ctx.schedule,
    now: ctx.now,
    sleep: ctx.sleep,
    onProgress: ctx.log,
    isTransient: isTransientPollError,
    observe,
  });
}

/** The declared delivery method; for a job read without inputs, inferred from its target. */
export function methodOf(inputs: Partial<RestoreJobInputs>, jobs: RestoreJob[]): DeliveryMethod {
  if (inputs.delivery?.methodName) return inputs.delivery.methodName;
  return jobs.some((j) => j.delivery?.targetGroupId) ? "AUTOMATED_RESTORE" : "HTTP";
}

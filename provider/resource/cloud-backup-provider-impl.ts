import type * as pulumi from "@pulumi/pulumi";
import { CloudBackupClient, isAtlasConfigError } from "../atlas";
import {
  CLOUD_INPUT_KEYS,
  CLOUD_SECRET_OUTPUTS,
  cancelOnDelete,
  checkCloudInputs,
  diffCloudInputs,
  isCloudRestoreError,
  readCloudRestore,
  startCloudRestore,
  toCloudOutputs,
  waitPerCloudInputs,
  type CloudBackupRestoreJobInputs,
  type CloudOperationContext,
} from "../cloud-backup-job";
import type { CloudRestoreJob } from "../atlas/cloud-backup";
import type { CloudRestoreStatus } from "../cloud-backup-job/status";
import { cloudTimingOutputs, componentReadyTimesOf, observeReadyComponents } from "../cloud-backup-job/timing";
import type { ReadyTimes } from "../restore-job/timing";
import { formatResourceId, parseResourceId, type RestoreJobRef } from "../restore-job/resource-id";
import { unwrapSecrets, wrapSecret } from "./secret-outputs";
import { clientOptionsFrom, configurationError, readSettings, type ProviderSettings } from "./settings";

/**
 * The CloudBackupRestoreJob provider, as the dynamic-provider plugin runs it (loaded at run time
 * by the serialized shim, like the RestoreJob's). A thin adapter: the lifecycle lives in
 * ../cloud-backup-job, the HTTP in ../atlas/cloud-backup; settings, secrets and the shim pattern
 * are the RestoreJob's.
 */
type Props = Record<string, unknown>;

let settings: ProviderSettings | undefined;
let client: CloudBackupClient | undefined;

const log = (line: string) => console.log(`[atlas-restore] ${line}`);

function context(): CloudOperationContext {
  client ??= newClient();
  return { api: client, log };
}

function newClient(): CloudBackupClient {
  const options = clientOptionsFrom(settings ?? readSettings(() => undefined));
  try {
    return new CloudBackupClient({ ...options, log: process.env.ATLAS_RESTORE_DEBUG ? log : undefined, warn: log });
  } catch (e) {
    throw isAtlasConfigError(e) ? configurationError(e) : e;
  }
}

/** When it was requested and which parts were first seen ready when (cloud-backup-job/timing.ts). */
interface Timing {
  requestedAt?: string;
  ready: ReadyTimes;
}

/** Inputs plus computed outputs, URL outputs as secrets: what state holds. */
function stateOf(raw: Props, inputs: Partial<CloudBackupRestoreJobInputs>, job: CloudRestoreJob, resolvedSnapshotId: string | undefined, timing: Timing): Props {
  const clusterName = inputs.clusterName ?? "";
  const outputs: Props = { ...toCloudOutputs(job, clusterName, resolvedSnapshotId), ...cloudTimingOutputs(job, clusterName, timing.ready, timing.requestedAt) };
  for (const key of CLOUD_SECRET_OUTPUTS) if (outputs[key] !== undefined) outputs[key] = wrapSecret(outputs[key]);
  return { ...raw, ...outputs };
}

/**
 * Records first-seen-ready times while a restore is watched: only one stored as IN_PROGRESS (or
 * just created), so a refresh never dates an old readiness to now.
 */
function timingTracker(stored: Props, clusterName: string, watch: boolean, requestedAt = typeof stored.requestedAt === "string" ? stored.requestedAt : undefined) {
  const timing: Timing = { ready: componentReadyTimesOf(stored.parts), ...(requestedAt ? { requestedAt } : {}) };
  return { timing, observe: (job: CloudRestoreJob) => void (watch && (timing.ready = observeReadyComponents(timing.ready, job, clusterName))) };
}

/** A failure after the job exists: the partial-failure error, so the engine records it. */
function recordedFailure(e: unknown, id: string, state: Props): Error {
  const settled = isCloudRestoreError(e) && ["RESTORE_FAILED", "RESTORE_EXPIRED", "RESTORE_CANCELLED"].includes(e.code);
  const advice = settled
    ? " The restore is recorded in state and will not be started again by itself; to run a new restore, change `trigger` or run `pulumi up --replace <urn>`."
    : " The restore is recorded in state; the next `pulumi up` resumes waiting without starting another restore.";
  const message = `${(e as Error).message}${advice}`;
  return Object.assign(new Error(message), { id, properties: state, reasons: [message] });
}

export const cloudBackupRestoreJobProviderImpl = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    settings = readSettings((key) => req.config.get(key));
    client = undefined;
  },

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkCloudInputs(unwrapSecrets(olds), unwrapSecrets(news));
  },

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const d = diffCloudInputs(unwrapSecrets(olds), unwrapSecrets(news));
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  },

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = unwrapSecrets(raw) as unknown as CloudBackupRestoreJobInputs;
    const ctx = context();
    const { job, resolvedSnapshotId, requestedAt } = await startCloudRestore(ctx, inputs); // nothing created, or the job
    const ref: RestoreJobRef = { projectId: inputs.projectId, clusterName: inputs.clusterName, ref: job.id };
    const id = formatResourceId(ref);
    log(`${inputs.clusterName}: ${inputs.deliveryType} restore ${job.id} started${resolvedSnapshotId ? ` from snapshot ${resolvedSnapshotId}` : ""}; resource id ${id}`);
    const { timing, observe } = timingTracker({}, inputs.clusterName, true, requestedAt);
    let last = job;
    try {
      last = await waitPerCloudInputs(ctx, inputs, ref, job, observe);
      return { id, outs: stateOf(raw, inputs, last, resolvedSnapshotId, timing) };
    } catch (e) {
      throw recordedFailure(e, id, stateOf(raw, inputs, isCloudRestoreError(e) && e.job ? e.job : last, resolvedSnapshotId, timing));
    }
  },

  async read(id: string, raw: Props): Promise<pulumi.dynamic.ReadResult> {
    const props = unwrapSecrets(raw ?? {});
    const ref = parseResourceId(id);
    const job = await readCloudRestore(context(), ref);
    if (job === "gone") {
      log(`${ref.clusterName}: Atlas reports restore job ${ref.ref} does not exist; removing it from state`);
      return { id: "", props: {} };
    }
    const known = CLOUD_INPUT_KEYS.some((k) => props[k] !== undefined) ? {} : inputsOfAdopted(ref, job);
    const { timing, observe } = timingTracker(props, ref.clusterName, props.status === "IN_PROGRESS");
    observe(job);
    return { id, props: stateOf({ ...raw, ...known }, { ...props, ...known }, job, props.resolvedSnapshotId as string | undefined, timing) };
  },

  async update(id: string, rawOlds: Props, rawNews: Props): Promise<pulumi.dynamic.UpdateResult> {
    const olds = unwrapSecrets(rawOlds);
    const inputs = unwrapSecrets(rawNews) as unknown as CloudBackupRestoreJobInputs;
    const ref = parseResourceId(id);
    const ctx = context();
    const resolved = olds.resolvedSnapshotId as string | undefined;
    let job = await ctx.api.getRestoreJob(ref.projectId, ref.clusterName, ref.ref);
    // Links already seen READY may since have expired: that is not a failure.
    const settled = olds.status === "READY" || olds.status === "EXPIRED" || olds.status === "COMPLETED";
    const { timing, observe } = timingTracker(olds, ref.clusterName, !settled);
    if (settled) return { outs: stateOf(rawNews, inputs, job, resolved, timing) };
    try {
      job = await waitPerCloudInputs(ctx, inputs, ref, job, observe);
      return { outs: stateOf(rawNews, inputs, job, resolved, timing) };
    } catch (e) {
      throw recordedFailure(e, id, stateOf(rawNews, inputs, isCloudRestoreError(e) && e.job ? e.job : job, resolved, timing));
    }
  },

  async delete(id: string, raw: Props): Promise<void> {
    const props = unwrapSecrets(raw ?? {});
    const ref = parseResourceId(id);
    const outcome = await cancelOnDelete(context(), ref, { deliveryType: props.deliveryType as string, status: props.status as CloudRestoreStatus });
    const said: Record<typeof outcome, string> = {
      cancelled: "cancelled in Atlas (its download links no longer work)",
      "not-cancellable": "removed from the stack; an automated or point-in-time restore cannot be cancelled in Atlas and runs to completion",
      "already-settled": "removed from the stack; it had already ended in Atlas (finished, expired, failed or cancelled)",
      gone: "removed from the stack; Atlas no longer knows it",
    };
    log(`restore job ${ref.ref} of ${ref.clusterName} ${said[outcome]}.`);
  },
};

/** Inputs reconstructed from a job, for a restore read with `CloudBackupRestoreJob.get`. */
function inputsOfAdopted(ref: RestoreJobRef, job: CloudRestoreJob): Props {
  return {
    projectId: ref.projectId,
    clusterName: ref.clusterName,
    adopt: ref.ref,
    deliveryType: job.deliveryType,
    ...(job.snapshotId ? { snapshotId: job.snapshotId } : {}),
    ...(job.targetGroupId ? { targetProjectId: job.targetGroupId, targetClusterName: job.targetClusterName } : {}),
    waitFor: "none",
  };
}

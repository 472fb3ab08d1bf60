import type { CloudRestoreJob, CloudRestoreRequest } from "../atlas/cloud-backup";
import { isAtlasApiError } from "../atlas/guards";
import type { RestoreApiAdapter } from "../restore-core/adapter";
import { isRestoreError } from "../restore-core/errors";
import { describeSelector } from "../restore-core/snapshot-selector";
import { wrapSecret } from "../restore-core/wire-secrets";
import { CLOUD_CHECK } from "./check";
import { toCloudCreateRequest } from "./create-request";
import { CLOUD_RESTORE_DEFINING_KEYS, CLOUD_SETTING_KEYS, type CloudBackupRestoreJobInputs } from "./inputs";
import { CLOUD_SECRET_OUTPUTS, toCloudOutputs } from "./outputs";
import { resolveSnapshot, type CloudSnapshotsApi } from "./resolve-snapshot";
import { compareCloudRestore, objectIdTime } from "./restore-match";
import { cloudStatus, downloadPartsOf, type CloudRestoreStatus } from "./status";
import { cloudTimingOutputs, componentReadyTimesOf, observeReadyComponents } from "./timing";

/** The v2 calls the adapter needs (CloudBackupClient implements them). */
export interface CloudBackupApi extends CloudSnapshotsApi {
  createRestoreJob(projectId: string, clusterName: string, body: CloudRestoreRequest): Promise<CloudRestoreJob>;
  listRestoreJobs(projectId: string, clusterName: string): Promise<CloudRestoreJob[]>;
  getRestoreJob(projectId: string, clusterName: string, jobId: string): Promise<CloudRestoreJob>;
  cancelRestoreJob(projectId: string, clusterName: string, jobId: string): Promise<void>;
}

export const isCloudJobNotFound = (e: unknown) => isAtlasApiError(e) && e.status === 404 && (e.errorCode === "RESTORE_JOB_NOT_FOUND" || e.errorCode === "INVALID_JOB_ID");

/** The status table's reading of each status: usable, ended badly (and how), or still running. */
const SETTLED: Record<CloudRestoreStatus, Pick<ReturnType<RestoreApiAdapter["statusOf"]>, "settled" | "failure">> = {
  IN_PROGRESS: {},
  READY: { settled: "ok" },
  COMPLETED: { settled: "ok" },
  FAILED: { settled: "bad", failure: "RESTORE_FAILED" },
  CANCELLED: { settled: "bad", failure: "RESTORE_CANCELLED" },
  EXPIRED: { settled: "bad", failure: "RESTORE_EXPIRED" },
};

/** Statuses in which a download may still be used, so delete cancels it (revoking its links). */
const CANCEL_WORTHY: ReadonlySet<string> = new Set(["IN_PROGRESS", "READY"]);

/**
 * Atlas Cloud Backup (Admin API v2) in the safety core. A restore is one job, whatever the shard
 * count (a sharded download has `components`); jobs carry no creation time but their ObjectId
 * does; a busy target is Atlas's 409; a download can be cancelled (DELETE), an automated or
 * point-in-time restore cannot.
 */
export const cloudRestoreAdapter: RestoreApiAdapter<CloudBackupRestoreJobInputs, CloudRestoreJob, CloudRestoreRequest, CloudBackupApi> = {
  resource: "CloudBackupRestoreJob",
  check: CLOUD_CHECK,
  restoreDefiningKeys: CLOUD_RESTORE_DEFINING_KEYS,
  settingKeys: CLOUD_SETTING_KEYS,
  adoptIdWords: "its job id",
  describeRestorePoint(i) {
    if (i.deliveryType !== "pointInTime") return i.snapshotId ? `snapshot ${i.snapshotId}` : i.snapshot ? describeSelector(i.snapshot) : "no snapshot";
    return i.oplogTs !== undefined ? `oplog ${i.oplogTs}.${i.oplogInc}` : `point in time ${i.pointInTimeUTCSeconds}`;
  },

  async decide(ctx, inputs) {
    const resolvedSnapshotId = await resolveSnapshot(ctx, inputs);
    return { request: toCloudCreateRequest(inputs, resolvedSnapshotId), ...(resolvedSnapshotId ? { resolvedSnapshotId } : {}) };
  },
  declaredRequest: (inputs) => toCloudCreateRequest(inputs, inputs.snapshotId),

  create: async (api, c, request) => [await api.createRestoreJob(c.projectId, c.clusterName, request)],
  list: (api, c) => api.listRestoreJobs(c.projectId, c.clusterName),
  fetch: async (api, ref) => [await api.getRestoreJob(ref.projectId, ref.clusterName, ref.ref)],
  async lookup(api, c, id) {
    try {
      return [await api.getRestoreJob(c.projectId, c.clusterName, id)];
    } catch (e) {
      if (isCloudJobNotFound(e)) return undefined;
      throw e;
    }
  },
  async cancel(api, ref) {
    await api.cancelRestoreJob(ref.projectId, ref.clusterName, ref.ref);
    return "cancelled";
  },
  isNotFound: (e) => isCloudJobNotFound(e) || (isRestoreError(e) && e.code === "RESTORE_NOT_FOUND"),
  isTargetBusy: (e) => isAtlasApiError(e) && e.status === 409 && e.errorCode === "ATLAS_CLUSTER_RESTORE_IN_PROGRESS",

  restoreIdOf: (job) => job.id,
  createdAt: (job) => objectIdTime(job.id),
  compare: compareCloudRestore,
  targetOf: (request) => (request.deliveryType === "download" ? undefined : `${request.targetGroupId}/${request.targetClusterName}`),
  runningInto: (request, parts) =>
    parts.some(
      (j) => j.deliveryType !== "download" && j.targetGroupId === request.targetGroupId && j.targetClusterName === request.targetClusterName && cloudStatus(j) === "IN_PROGRESS",
    ),
  statusOf(parts) {
    const job = parts[0];
    const status = cloudStatus(job);
    const downloadParts = job.deliveryType === "download" ? downloadPartsOf(job, "") : [];
    const counted = downloadParts.length > 1 ? `${downloadParts.filter((p) => p.ready).length}/${downloadParts.length} parts ready ` : "";
    return { status, ...SETTLED[status], detail: `${counted}[${status}]` };
  },
  // Atlas allows one active download per snapshot (CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY).
  deleteBeforeReplace: (stored) => stored.deliveryType === "download",
  cancelWorthy(stored) {
    if (stored.deliveryType !== "download") return "not-cancellable";
    return CANCEL_WORTHY.has(String(stored.status)) ? "cancel" : "already-settled";
  },

  state(raw, inputs, parts, memo) {
    const job = parts[0];
    const clusterName = inputs.clusterName ?? "";
    const outputs: Record<string, unknown> = { ...toCloudOutputs(job, clusterName, memo.resolvedSnapshotId), ...cloudTimingOutputs(job, clusterName, memo.ready, memo.requestedAt) };
    for (const key of CLOUD_SECRET_OUTPUTS) if (outputs[key] !== undefined) outputs[key] = wrapSecret(outputs[key]);
    return { ...raw, ...outputs };
  },
  observeReady: (seen, parts, inputs) => observeReadyComponents(seen, parts[0], inputs.clusterName ?? ""),
  storedReadyTimes: (stored) => componentReadyTimesOf(stored.parts),
  requestedAtOf: (parts) => (parts[0] ? new Date(objectIdTime(parts[0].id)).toISOString() : undefined),
  snapshotIdOf: (inputs, parts) => inputs.snapshotId ?? parts[0]?.snapshotId,
  inputsOf: (ref, parts) => ({
    projectId: ref.projectId,
    clusterName: ref.clusterName,
    adopt: ref.ref,
    deliveryType: parts[0].deliveryType,
    ...(parts[0].snapshotId ? { snapshotId: parts[0].snapshotId } : {}),
    ...(parts[0].targetGroupId ? { targetProjectId: parts[0].targetGroupId, targetClusterName: parts[0].targetClusterName } : {}),
    waitFor: "none",
  }),
  storedIds: (ref, stored) => [ref.ref, ...(typeof stored.jobId === "string" ? [stored.jobId] : [])],
};

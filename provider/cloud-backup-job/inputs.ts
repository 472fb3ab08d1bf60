import type { CloudDeliveryType } from "../atlas/cloud-backup";
import type { SnapshotSelector } from "../restore-core/snapshot-selector";
import { WAIT_SETTING_KEYS, type WaitSettings } from "../restore-core/wait";

export type { SnapshotSelector } from "../restore-core/snapshot-selector";

/**
 * The resolved inputs of one CloudBackupRestoreJob (plain values). `CloudBackupRestoreJobArgs`
 * in `../resource/cloud-backup-restore-job.ts` is the documented, user-facing form.
 */
export interface CloudBackupRestoreJobInputs extends WaitSettings {
  projectId: string;
  clusterName: string;
  deliveryType: CloudDeliveryType;
  snapshotId?: string;
  snapshot?: SnapshotSelector;
  allowFallbackSnapshot?: boolean;
  /** Epoch SECONDS (the legacy RestoreJob's pointInTimeUTCMillis is milliseconds). */
  pointInTimeUTCSeconds?: number;
  oplogTs?: number;
  oplogInc?: number;
  targetProjectId?: string;
  targetClusterName?: string;
  /** Any string; changing it starts a new restore (e.g. the date of a DR drill). */
  trigger?: string;
  /** An existing Cloud Backup restore job id to manage instead of starting one. */
  adopt?: string;
}

/** Inputs that say WHAT is restored and WHERE (or when to restore again): a change is a new restore. */
export const CLOUD_RESTORE_DEFINING_KEYS = [
  "projectId",
  "clusterName",
  "deliveryType",
  "snapshotId",
  "snapshot",
  "allowFallbackSnapshot",
  "pointInTimeUTCSeconds",
  "oplogTs",
  "oplogInc",
  "targetProjectId",
  "targetClusterName",
  "trigger",
] as const;

/** Inputs that only say how to wait or schedule: an in-place update, never a new restore. */
export const CLOUD_SETTING_KEYS = WAIT_SETTING_KEYS;
/** Every input: `adopt` names which restore is managed (the core's rule), not what is restored. */
export const CLOUD_INPUT_KEYS: readonly string[] = [...CLOUD_RESTORE_DEFINING_KEYS, "adopt", ...CLOUD_SETTING_KEYS];

export const CLOUD_OUTPUT_KEYS = [
  "jobId",
  "status",
  "deliveryUrls",
  "privateDownloadDeliveryUrls",
  "expiresAt",
  "finishedAt",
  "restorePointTime",
  "resolvedSnapshotId",
  "requestedAt",
  "readyAt",
  "parts",
] as const;

/** The restore point chosen by the inputs: exactly one (or `adopt`). */
export type CloudRestorePointKind = "snapshotId" | "snapshot" | "pointInTimeUTCSeconds" | "oplog";

export function cloudRestorePointsOf(i: Partial<CloudBackupRestoreJobInputs>): CloudRestorePointKind[] {
  const kinds: CloudRestorePointKind[] = [];
  // For a point-in-time restore a snapshotId only says where to start from: not a second point.
  if (isSet(i.snapshotId) && i.deliveryType !== "pointInTime") kinds.push("snapshotId");
  if (isSet(i.snapshot)) kinds.push("snapshot");
  if (isSet(i.pointInTimeUTCSeconds)) kinds.push("pointInTimeUTCSeconds");
  if (isSet(i.oplogTs) || isSet(i.oplogInc)) kinds.push("oplog");
  return kinds;
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

import type { DeliveryMethod } from "../atlas/models";
import type { SnapshotSelector } from "../restore-core/snapshot-selector";
import { WAIT_DEFAULTS, WAIT_SETTING_KEYS, type WaitSettings } from "../restore-core/wait";

/**
 * The resolved inputs of one RestoreJob, as the provider sees them (plain values, no Outputs).
 * `RestoreJobArgs` in `../resource/restore-job.ts` is the documented, user-facing form.
 */
export interface RestoreJobInputs extends WaitSettings {
  projectId: string;
  clusterName: string;
  snapshotId?: string;
  /** Choose the snapshot once, at create (stored as resolvedSnapshotId); diff compares the selector. */
  snapshot?: SnapshotSelector;
  checkpointId?: string;
  oplogTs?: string | number;
  oplogInc?: string | number;
  pointInTimeUTCMillis?: number;
  delivery: DeliveryInputs;
  adopt?: string;
  /** Any string; changing it starts a new restore (e.g. a drill date). */
  trigger?: string;
}

export interface DeliveryInputs {
  methodName: DeliveryMethod;
  expirationHours?: number;
  maxDownloads?: number;
  targetProjectId?: string;
  targetClusterName?: string;
  targetClusterId?: string;
}

export type WaitFor = "none" | "ready";

/** Defaults applied by `check`, stored in state so every later step sees the same values. */
export const INPUT_DEFAULTS = WAIT_DEFAULTS;

/** Inputs that say WHAT is restored and WHERE (and `trigger`): changing any of them is a new restore (replace). */
export const RESTORE_DEFINING_KEYS = [
  "projectId",
  "clusterName",
  "snapshotId",
  "snapshot",
  "checkpointId",
  "oplogTs",
  "oplogInc",
  "pointInTimeUTCMillis",
  "delivery",
  "trigger",
] as const;

/** Inputs that only say how to wait or schedule: changing them is an in-place update, never a new restore. */
export const SETTING_KEYS = WAIT_SETTING_KEYS;

/** Every input: `adopt` names which restore is managed (the core's rule), not what is restored. */
export const INPUT_KEYS: readonly string[] = [...RESTORE_DEFINING_KEYS, "adopt", ...SETTING_KEYS];

/** The restore point chosen by the inputs; exactly one must be set (reference §2.3 rules 1-4, 9). */
export type RestorePointKind = "snapshotId" | "snapshot" | "checkpointId" | "oplog" | "pointInTimeUTCMillis";

export function restorePointsOf(inputs: Partial<RestoreJobInputs>): RestorePointKind[] {
  const kinds: RestorePointKind[] = [];
  if (isSet(inputs.snapshotId)) kinds.push("snapshotId");
  if (isSet(inputs.snapshot)) kinds.push("snapshot");
  if (isSet(inputs.checkpointId)) kinds.push("checkpointId");
  if (isSet(inputs.oplogTs) || isSet(inputs.oplogInc)) kinds.push("oplog");
  if (isSet(inputs.pointInTimeUTCMillis)) kinds.push("pointInTimeUTCMillis");
  return kinds;
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

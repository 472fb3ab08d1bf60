import type { DeliveryMethod } from "../atlas/models";
import type { SnapshotSelector } from "./snapshot-selector";

/**
 * The resolved inputs of one RestoreJob, as the provider sees them (plain values, no Outputs).
 * `RestoreJobArgs` in `../resource/restore-job.ts` is the documented, user-facing form.
 */
export interface RestoreJobInputs {
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
  waitFor?: WaitFor;
  waitTimeoutMinutes?: number;
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
export const INPUT_DEFAULTS = {
  waitFor: "ready" as WaitFor,
  /**
   * Real restores of large clusters take hours (the Atlas CLI's own e2e restore took 1h16m), and
   * Pulumi's `customTimeouts` never reach a dynamic provider, so the deadline is an input.
   */
  waitTimeoutMinutes: 240,
} as const;

/** Inputs that say WHAT is restored and WHERE: changing any of them is a new restore (replace). */
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
  "adopt",
  "trigger",
] as const;

/** Inputs that only say how long to wait: changing them is an in-place update, never a new restore. */
export const WAIT_KEYS = ["waitFor", "waitTimeoutMinutes"] as const;

export const INPUT_KEYS: readonly string[] = [...RESTORE_DEFINING_KEYS, ...WAIT_KEYS];

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

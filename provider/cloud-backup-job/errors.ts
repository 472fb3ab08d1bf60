import type { CloudRestoreJob } from "../atlas/cloud-backup";

/**
 * Errors of the Cloud Backup restore lifecycle. Each carries the last job seen, so the Pulumi
 * adapter can still record the restore in state (a restore that exists is never forgotten).
 * Codes are the legacy RestoreError's, so users and tools meet one vocabulary.
 */
export type CloudRestoreErrorCode =
  | "RESTORE_FAILED"
  | "RESTORE_EXPIRED"
  | "RESTORE_CANCELLED"
  | "RESTORE_WAIT_TIMEOUT"
  | "RESTORE_NOT_FOUND"
  | "RESTORE_ALREADY_RUNNING"
  | "RESTORE_NOT_AS_DECLARED"
  | "NO_MATCHING_SNAPSHOT";

const BRAND = Symbol.for("pulumi-atlas-restore.cloud-restore-error");

export class CloudRestoreError extends Error {
  readonly brand = BRAND;
  constructor(
    readonly code: CloudRestoreErrorCode,
    message: string,
    readonly job?: CloudRestoreJob,
  ) {
    super(message);
    this.name = "CloudRestoreError";
  }
}

/** Brand check instead of `instanceof` (the plugin and jest may hold two copies of this class). */
export function isCloudRestoreError(e: unknown): e is CloudRestoreError {
  return typeof e === "object" && e !== null && (e as { brand?: symbol }).brand === BRAND;
}

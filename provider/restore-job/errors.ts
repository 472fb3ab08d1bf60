import type { RestoreJob } from "../atlas/models";

/**
 * Errors of the restore lifecycle. Each carries the last jobs seen, so the Pulumi adapter can
 * still record the restore in state (a restore that exists must never be forgotten).
 */
export type RestoreErrorCode =
  | "RESTORE_FAILED"
  | "RESTORE_EXPIRED"
  | "RESTORE_WAIT_TIMEOUT"
  | "RESTORE_NOT_FOUND"
  /** `adopt` names a restore that is not the one the resource declares. */
  | "RESTORE_ADOPT_MISMATCH"
  /** An automated restore into the same target is running and is not this resource's. */
  | "RESTORE_ALREADY_RUNNING";

export class RestoreError extends Error {
  readonly brand = RESTORE_ERROR_BRAND;
  constructor(
    readonly code: RestoreErrorCode,
    message: string,
    readonly jobs: RestoreJob[] = [],
  ) {
    super(message);
    this.name = "RestoreError";
  }
}

const RESTORE_ERROR_BRAND = Symbol.for("pulumi-atlas-restore.restore-error");

/** Brand check instead of `instanceof`: the plugin and jest may hold two copies of this class. */
export function isRestoreError(e: unknown): e is RestoreError {
  return typeof e === "object" && e !== null && (e as { brand?: symbol }).brand === RESTORE_ERROR_BRAND;
}

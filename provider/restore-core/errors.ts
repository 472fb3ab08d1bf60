/**
 * Errors of the restore lifecycle, one vocabulary for every restore API. Each carries the parts
 * (jobs) last seen, so the resource can still record a restore that exists in state: a restore
 * that exists is never forgotten.
 */
export type RestoreErrorCode =
  | "RESTORE_FAILED"
  | "RESTORE_EXPIRED"
  | "RESTORE_CANCELLED"
  | "RESTORE_WAIT_TIMEOUT"
  | "RESTORE_NOT_FOUND"
  /** `adopt` names a restore that is not the one the resource declares. */
  | "RESTORE_ADOPT_MISMATCH"
  /** An automated restore into the same target is running and is not this resource's. */
  | "RESTORE_ALREADY_RUNNING"
  /** A lost create answer matched several restores: none is adopted, none is sent again. */
  | "RESTORE_AMBIGUOUS"
  /** A lost create answer, and no restore it could have started was found (or the search failed). */
  | "RESTORE_OUTCOME_UNKNOWN"
  /** A snapshot selector or snapshot id the cluster cannot serve. */
  | "NO_MATCHING_SNAPSHOT";

const RESTORE_ERROR_BRAND = Symbol.for("pulumi-atlas-restore.restore-error");

export class RestoreError<J = unknown> extends Error {
  readonly brand = RESTORE_ERROR_BRAND;
  constructor(
    readonly code: RestoreErrorCode,
    message: string,
    /** The restore's parts as last seen (empty when no restore exists). */
    readonly jobs: J[] = [],
  ) {
    super(message);
    this.name = "RestoreError";
  }
}

/** Brand check instead of `instanceof`: the plugin and jest may hold two copies of this class. */
export function isRestoreError<J = unknown>(e: unknown): e is RestoreError<J> {
  return typeof e === "object" && e !== null && (e as { brand?: symbol }).brand === RESTORE_ERROR_BRAND;
}

/** Codes of a restore that ended badly in Atlas: recorded, never started again by itself. */
export const SETTLED_BADLY: ReadonlySet<RestoreErrorCode> = new Set(["RESTORE_FAILED", "RESTORE_EXPIRED", "RESTORE_CANCELLED"]);

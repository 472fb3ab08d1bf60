/** The restore lifecycle's errors are the core's, one vocabulary for every API. */
export { RestoreError, isRestoreError, type RestoreErrorCode } from "../restore-core/errors";

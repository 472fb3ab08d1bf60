/**
 * pulumi-atlas-restore: a MongoDB Atlas / Cloud Manager / Ops Manager backup restore job as a
 * Pulumi resource. The main exports are `RestoreJob` (legacy restore jobs) and
 * `CloudBackupRestoreJob` (Atlas Cloud Backup, Admin API v2); the Atlas client and the restore domain are
 * exported for tools that want them without Pulumi.
 */
export { RestoreJob } from "./resource/restore-job";
export type { RestoreJobArgs, RestoreDeliveryArgs } from "./resource/restore-job";
export type { RestoreJobPart, RestoreJobOutputs } from "./restore-job/outputs";
export type { RestoreStatus } from "./restore-job/status";
export { CloudBackupRestoreJob } from "./resource/cloud-backup-restore-job";
export type { CloudBackupRestoreJobArgs, SnapshotSelectorArgs } from "./resource/cloud-backup-restore-job";
export type { CloudBackupRestoreJobOutputs } from "./cloud-backup-job/outputs";
export type { CloudRestoreStatus } from "./cloud-backup-job/status";
export { listSnapshots } from "./resource/list-snapshots";
export type { ListSnapshotsOptions, SnapshotSummary } from "./resource/list-snapshots";
export { SETTING_SOURCES } from "./resource/settings";
export { AtlasClient, CloudBackupClient, isAtlasError, isAtlasApiError } from "./atlas";
export type { AtlasClientOptions, CloudBackupClientOptions, AtlasError, AtlasApiError } from "./atlas";
export { DisasterRecoveryPlan } from "./resource/disaster-recovery-plan";
export type {
  DisasterRecoveryPlanArgs, DrPlanEntryArgs, DrPlanDefaults, RestoreApi, RestorePointArgs, RestoreDeliveryPlanArgs,
  DrPlanEntryOutput, DrPlanPart, DrPlanSummary, PlanViolation, EntryMeasurement, ChildTimingOutputs, ObjectiveVerdict,
} from "./dr-plan";
export { checkPlan, measureEntry, schedulePlan, summarize, planIssues } from "./dr-plan";
export { RestoreApiDecision } from "./resource/restore-api-decision";
export type { RestoreApiDecisionArgs } from "./resource/restore-api-decision";
export { RestoreError, isRestoreError } from "./restore-core/errors";
export type { RestoreErrorCode } from "./restore-core/errors";
export type { ConcurrencyLimit } from "./restore-core/slots";
export type { RestorePartTiming } from "./restore-job/outputs";

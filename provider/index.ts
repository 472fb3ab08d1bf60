/**
 * pulumi-atlas-restore: a MongoDB Atlas / Cloud Manager / Ops Manager backup restore job as a
 * Pulumi resource. The main export is `RestoreJob`; the Atlas client and the restore domain are
 * exported for tools that want them without Pulumi.
 */
export { RestoreJob } from "./resource/restore-job";
export type { RestoreJobArgs, RestoreDeliveryArgs } from "./resource/restore-job";
export type { RestoreJobPart, RestoreJobOutputs } from "./restore-job/outputs";
export type { RestoreStatus } from "./restore-job/status";
export { SETTING_SOURCES } from "./resource/settings";
export { AtlasClient, isAtlasError, isAtlasApiError } from "./atlas";
export type { AtlasClientOptions, AtlasError, AtlasApiError } from "./atlas";

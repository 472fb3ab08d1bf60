/** Barrel of the Admin API v2 Cloud Backup client. Wiring only. */
export { CloudBackupClient } from "./client";
export type { CloudBackupClientOptions } from "./client";
export type { CloudDeliveryType, CloudRestoreJob, CloudRestoreRequest, CloudSnapshot, ShardedSnapshot } from "./models";
export { V2_MEDIA_TYPE, V2_RESOURCE_VERSION } from "./media-type";
export { TokenBucketBudget, cloudBackupBudget, resetCloudBackupBudgets, DEFAULT_V2_BUCKET } from "./token-bucket";
export type { TokenBucketSetting } from "./token-bucket";
export { resetDeprecationWarnings } from "./deprecation";
export { cloudRestoreJobsPath, cloudSnapshotsPath } from "./paths";

/**
 * Wire shapes of the v2 Cloud Backup API (atlas-v2-and-auth.md §1.3, §1.4, §1.6; schemas
 * `DiskBackupSnapshotRestoreJob`, `DiskBackupReplicaSet`, `DiskBackupShardedClusterSnapshot` of
 * MongoDB's OpenAPI, checked against it in tests/contract). Written by hand with zod, as the
 * legacy models are, because parsing must be lenient where Atlas is and strict where it
 * matters:
 *   lenient  unknown fields kept (the live `targetDeploymentItemName`, `desiredTimestamp.time`),
 *            optional fields absent (no `createdAt` on jobs, none on a queued snapshot),
 *            `desiredTimestamp` all-null, `frequencyType: "ondemand"` (outside the spec's enum)
 *   strict   ids are 24-hex, the flags are booleans, URLs are http(s) URLs: a job that fails
 *            these is not a job, and its state must not be derived from it.
 */
import { z } from "zod";
import { OBJECT_ID_PATTERN } from "../models";

export type CloudDeliveryType = "download" | "automated" | "pointInTime";

/** `POST …/backup/restoreJobs` body: `deliveryType` and the restore point / target of it. */
export interface CloudRestoreRequest {
  deliveryType: CloudDeliveryType;
  snapshotId?: string;
  /** automated, pointInTime: the target project (Atlas calls it a group). */
  targetGroupId?: string;
  targetClusterName?: string;
  /** pointInTime: epoch SECONDS, int32 (the legacy API takes milliseconds). */
  pointInTimeUTCSeconds?: number;
  /** pointInTime: oplog timestamp, epoch seconds (int32), with `oplogInc`. */
  oplogTs?: number;
  oplogInc?: number;
}

const id = z.string().regex(OBJECT_ID_PATTERN);
const url = z.url({ protocol: /^https?$/ });
const flag = z.boolean().optional();
const isoText = z.string().optional();
const privateUrl = z.looseObject({ deliveryUrl: url, endpointId: z.string().optional() });

export const cloudRestoreJobSchema = z.looseObject({
  id,
  deliveryType: z.string(),
  snapshotId: id.optional(),
  cancelled: flag,
  failed: flag,
  expired: flag,
  deliveryUrl: z.array(url).optional(),
  privateDownloadDeliveryUrls: z.array(privateUrl).optional(),
  components: z
    .array(z.looseObject({ replicaSetName: z.string(), downloadUrl: url.optional(), privateDownloadDeliveryUrls: z.array(privateUrl).optional() }))
    .optional(),
  expiresAt: isoText,
  finishedAt: isoText,
  timestamp: isoText,
  targetClusterName: z.string().optional(),
  targetGroupId: id.optional(),
  pointInTimeUTCSeconds: z.number().optional(),
  oplogTs: z.number().optional(),
  oplogInc: z.number().optional(),
  desiredTimestamp: z.unknown().optional(),
});
export type CloudRestoreJob = z.infer<typeof cloudRestoreJobSchema>;

export const cloudSnapshotSchema = z.looseObject({
  id,
  createdAt: isoText,
  status: z.string().optional(),
  snapshotType: z.string().optional(),
  frequencyType: z.string().optional(),
  type: z.string().optional(),
  replicaSetName: z.string().optional(),
  expiresAt: isoText,
});
/** A snapshot of a cluster (`DiskBackupReplicaSet`). */
export type CloudSnapshot = z.infer<typeof cloudSnapshotSchema>;

export const shardedSnapshotSchema = cloudSnapshotSchema.extend({
  members: z.array(z.looseObject({ id, replicaSetName: z.string() })).optional(),
  snapshotIds: z.array(id).optional(),
});
/** A sharded cluster's snapshot with its members (`DiskBackupShardedClusterSnapshot`). */
export type ShardedSnapshot = z.infer<typeof shardedSnapshotSchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    results: z.array(item),
    links: z.array(z.looseObject({ href: z.string(), rel: z.string() })).optional(),
    totalCount: z.number().optional(),
  });

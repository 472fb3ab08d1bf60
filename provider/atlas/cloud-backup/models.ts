/**
 * Wire shapes of the v2 Cloud Backup API (atlas-v2-and-auth.md §1.3, §1.4, §1.6; schemas
 * `DiskBackupSnapshotRestoreJob`, `DiskBackupReplicaSet`, `DiskBackupShardedClusterSnapshot` of
 * MongoDB's OpenAPI). The request type is derived from the types generated from that spec
 * (openapi.generated.ts); the answer schemas are written with zod, because parsing must be
 * lenient where Atlas is and strict where it matters, and tests/contract/wire-types.ts checks at
 * compile time that every field they read exists in the spec with a type they accept:
 *   lenient  unknown fields kept (the live `targetDeploymentItemName`, `desiredTimestamp.time`),
 *            optional fields absent (no `createdAt` on jobs, none on a queued snapshot),
 *            `desiredTimestamp` all-null, `frequencyType: "ondemand"` (outside the spec's enum)
 *   strict   ids are 24-hex, the flags are booleans, URLs are http(s) URLs: a job that fails
 *            these is not a job, and its state must not be derived from it.
 */
import { z } from "zod";
import { OBJECT_ID_PATTERN } from "../models";
import type { components } from "./openapi.generated";

export type CloudDeliveryType = "download" | "automated" | "pointInTime";

/** The spec's restore job (generated from MongoDB's OpenAPI: `npm run generate:wire-types`). */
type SpecRestoreJob = components["schemas"]["DiskBackupSnapshotRestoreJob"];

/**
 * `POST …/backup/restoreJobs` body: `deliveryType` and the restore point / target of it. Its
 * fields are the spec's writable ones, with their types; only `deliveryType` is narrowed (the
 * spec says `string`). `pointInTimeUTCSeconds` and `oplogTs` are epoch SECONDS (int32), unlike
 * the legacy API's milliseconds; `targetGroupId` is the target project.
 */
export type CloudRestoreRequest = { deliveryType: CloudDeliveryType } & Partial<
  Pick<SpecRestoreJob, "snapshotId" | "targetGroupId" | "targetClusterName" | "pointInTimeUTCSeconds" | "oplogTs" | "oplogInc">
>;

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

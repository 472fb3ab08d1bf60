/**
 * Wire models of the legacy (v1.0) restore-jobs API:
 * `POST|GET /groups/{GROUP-ID}/clusters/{CLUSTER-NAME}/restoreJobs[/{JOB-ID}]`.
 *
 * Field names and meanings follow `atlas-restore-api.md` §2–§4 (Atlas docs, OAS1 schema
 * `BackupRestoreJob` / `BackupRestoreJobDelivery`). These types are shared by the client, the
 * emulator and the RestoreJob domain, so they describe what travels on the wire, nothing more.
 */

/** Delivery methods the create endpoint accepts on Atlas (§2.1). */
export type DeliveryMethod = "HTTP" | "AUTOMATED_RESTORE";

/** Job status (`statusName`), §3.3. */
export const JOB_STATUSES = ["IN_PROGRESS", "FINISHED", "BROKEN", "KILLED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Delivery status (`delivery.statusName`), §3.3 (OAS1 adds `PENDING`). */
export const DELIVERY_STATUSES = [
  "PENDING",
  "NOT_STARTED",
  "IN_PROGRESS",
  "READY",
  "FAILED",
  "INTERRUPTED",
  "EXPIRED",
  "MAX_DOWNLOADS_EXCEEDED",
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** `delivery` of a create request (§2.1). Numbers may also arrive as numeric strings (§2.1 note). */
export interface RestoreDeliveryRequest {
  methodName: DeliveryMethod;
  /** HTTP only: hours the download URL stays valid after the job completes (>= 1). */
  expirationHours?: number;
  /** HTTP only: how many times the download URL can be used (>= 1). */
  maxDownloads?: number;
  /** AUTOMATED_RESTORE only: project (group) of the target cluster. */
  targetGroupId?: string;
  /** AUTOMATED_RESTORE only: target cluster id (this or `targetClusterName`). */
  targetClusterId?: string;
  /** AUTOMATED_RESTORE only: target cluster name (this or `targetClusterId`). */
  targetClusterName?: string;
}

/** Body of `POST …/restoreJobs`. Exactly one restore point is set (§2.3). */
export interface CreateRestoreJobRequest {
  delivery: RestoreDeliveryRequest;
  snapshotId?: string;
  /** Sharded clusters, automated restore only. */
  checkpointId?: string;
  /** Replica sets, automated restore only: epoch seconds as a string, with `oplogInc`. */
  oplogTs?: string;
  /** Replica sets, automated restore only: ordinal within `oplogTs`, with `oplogTs`. */
  oplogInc?: string;
  /** Replica sets, automated restore only: epoch milliseconds, within the last 24 hours. */
  pointInTimeUTCMillis?: number;
}

/** One legacy snapshot (`GET …/clusters/{c}/snapshots`, OpenAPI `BackupSnapshot`); extra fields are kept. */
export interface LegacySnapshot {
  id: string;
  clusterId?: string;
  /** Only complete snapshots can be restored. */
  complete?: boolean;
  /** When it was taken. */
  created?: BsonTimestamp;
  expires?: string;
  [field: string]: unknown;
}

export interface Link {
  href: string;
  rel: string;
}

/** BSON timestamp as Atlas renders it. */
export interface BsonTimestamp {
  date: string;
  increment: number;
}

export interface RestoreHash {
  typeName: "SHA1";
  fileName: string;
  hash: string;
}

/** `delivery` of a restore job in a response (§3.3). */
export interface RestoreDelivery {
  /** `HTTP` (also for automated restores, which Atlas delivers over HTTP) or `QUERY`. */
  methodName: string;
  statusName: DeliveryStatus;
  expirationHours?: number;
  maxDownloads?: number;
  /** Deprecated download URL with the verification key in the path. Secret. */
  url?: string;
  /** Preferred download URL; send `authHeader: authValue` with it. Secret. */
  urlV2?: string;
  authHeader?: string;
  /** Secret. */
  authValue?: string;
  /** Ops Manager only. */
  authBearer?: string;
  expires?: string;
  targetGroupId?: string;
  targetClusterId?: string;
  targetClusterName?: string;
}

/** One restore job (one per replica set, or one per shard and config server in a batch). */
export interface RestoreJob {
  id: string;
  groupId: string;
  clusterId?: string;
  clusterName?: string;
  /** Only for a sharded cluster restore: shared by all parts of one restore. */
  batchId?: string;
  created: string;
  snapshotId?: string;
  checkpointId?: string;
  pointInTime?: boolean;
  encryptionEnabled?: boolean;
  masterKeyUUID?: string;
  statusName: JobStatus;
  timestamp?: BsonTimestamp;
  hashes?: RestoreHash[];
  delivery: RestoreDelivery;
  links?: Link[];
  hostId?: string;
  deploymentJobId?: string;
}

/** Paginated list body (§4): create and get-all both answer this shape. */
export interface RestoreJobList {
  links: Link[];
  results: RestoreJob[];
  totalCount?: number;
  /** Present only with `envelope=true`. */
  status?: number;
}

/** Atlas error body (§5.1). */
export interface ApiErrorBody {
  error: number;
  errorCode?: string;
  detail?: string;
  reason?: string;
  parameters?: unknown[];
  badRequestDetail?: { fields: { description: string; field: string }[] };
}

/** Path parameter patterns from OAS1 (§1). */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/;
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

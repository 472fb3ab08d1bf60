/**
 * The fixture world (projects → clusters → snapshots / checkpoints) as documented types plus the
 * zod schemas that validate JSON fixture files and run-time additions.
 */
import { z } from "zod";
import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "./ids";
import type { BsonTimestamp } from "../provider/atlas/models";
import { ARCHIVE_KINDS, type ArchiveKind } from "./archive";

export const RESTORE_OUTCOMES = ["FINISHED", "BROKEN", "KILLED", "DELIVERY_FAILED", "DELIVERY_INTERRUPTED"] as const;
export type RestoreOutcome = (typeof RESTORE_OUTCOMES)[number];

/** How restore jobs of a cluster play out. All times are emulated ms (see `timeScale`). */
export interface RestoreBehaviour {
  /** Time from creation until the job is FINISHED. @default 20_000 */
  jobDurationMs: number;
  /** Time from creation until the delivery is READY. @default jobDurationMs */
  deliveryPrepMs?: number;
  /** How the job ends. @default "FINISHED" */
  outcome: RestoreOutcome;
  /** For failure outcomes: when the failure shows. @default jobDurationMs / 2 */
  failAfterMs?: number;
  /**
   * What the download serves, as stored on the server (so `hashes` match it): a good archive, or
   * a `corrupt`, `truncated` or `noWiredTiger` one, for download verification. @default "valid"
   */
  archive?: ArchiveKind;
  /**
   * Cloud Backup on-demand snapshots (`POST …/backup/snapshots`): time from the request until the
   * snapshot is `completed` (queued for the first fifth, then inProgress). @default 150_000 (REC: about 2.5 min)
   */
  snapshotDurationMs?: number;
}

/** One shard or config-server replica set of a sharded cluster (legacy snapshot "parts"). */
export interface ReplicaSetFixture {
  typeName: "REPLICA_SET" | "CONFIG_SERVER";
  replicaSetName: string;
  /** Id of that replica set; restore jobs of the part carry it as `clusterId`. */
  clusterId: string;
}

/** Which backup API serves a cluster: legacy `restoreJobs`, Cloud Backup (v2 `backup/…`), or a Flex cluster. */
export const BACKUP_KINDS = ["legacy", "cloud", "flex"] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** Cloud Backup snapshot fields (v2 `DiskBackupReplicaSet`); ignored by the legacy API. */
export const CLOUD_SNAPSHOT_STATUSES = ["queued", "inProgress", "completed", "failed"] as const;
export const CLOUD_SNAPSHOT_TYPES = ["scheduled", "onDemand", "fallback"] as const;

export interface SnapshotFixture {
  id: string;
  /** ISO-8601 creation time. */
  created: string;
  /** Latest oplog entry in the snapshot; also the `<epoch>` in download file names. */
  timestamp: BsonTimestamp;
  /** @default the cluster's `encryptionAtRest` */
  encryptionEnabled?: boolean;
  /** Sharded only: per-part snapshot ids. Omitted parts get a stable derived id. */
  parts?: { replicaSetName: string; snapshotId: string }[];
  /** Cloud Backup only. @default "completed" */
  status?: (typeof CLOUD_SNAPSHOT_STATUSES)[number];
  /** Cloud Backup only; `fallback` snapshots "may contain inconsistent data". @default "scheduled" */
  snapshotType?: (typeof CLOUD_SNAPSHOT_TYPES)[number];
  /** Cloud Backup only; live Atlas also answers "ondemand" (outside the spec's enum). @default "daily" */
  frequencyType?: string;
  /**
   * When Atlas deletes the snapshot (ISO-8601, on the emulated clock): from then on it is gone from
   * every list and cannot be restored. @default 30 days after the snapshot entered the world (the
   * emulator's start or `addSnapshot`), or after `created` if that is later: a fixed-date fixture
   * world never starts out expired.
   */
  expiresAt?: string;
  /** Cloud Backup on-demand snapshots: the request's `description`. */
  description?: string;
}

export interface CheckpointFixture {
  id: string;
  timestamp: BsonTimestamp;
}

export interface ClusterFixture {
  name: string;
  /** 24-hex cluster id (Cloud/Ops Manager address clusters by it on /api/public/v1.0). */
  id: string;
  type: "REPLICA_SET" | "SHARDED";
  /** SHARDED only: number of shards. @default 1 */
  shards?: number;
  /** @default "4.0.28" (legacy backup era; checkpoints need FCV < 4.2) */
  mongoDBVersion?: string;
  /** @default false */
  encryptionAtRest?: boolean;
  /** Point-in-time (oplog) restores allowed. @default false */
  pitEnabled?: boolean;
  /**
   * Cloud Backup with `pitEnabled` only: the continuous backup restore window in days. A PIT
   * restore must target a moment inside it, from a snapshot inside it. (Legacy backup's window is
   * the documented 24 hours.) @default 7
   */
  restoreWindowDays?: number;
  /** Which backup API serves the cluster (the other answers INCORRECT_BACKUP_API_ENDPOINT). @default "legacy" */
  backup?: BackupKind;
  /** Cloud Backup only: a private endpoint (`vpce-` + 17 hex) download jobs also get private URLs for. */
  privateDownloadEndpointId?: string;
  restoreBehaviour?: Partial<RestoreBehaviour>;
  /** SHARDED only: shard and config replica sets. @default `<name>-shard-<i>` ids derived from `id`, plus `<name>-config-0` */
  replicaSets?: ReplicaSetFixture[];
  snapshots?: SnapshotFixture[];
  /** SHARDED only (§2.1 checkpointId). */
  checkpoints?: CheckpointFixture[];
}

export interface ProjectFixture {
  id: string;
  name?: string;
  /** IPs allowed to call this project's API; absent or empty = everyone (§1 access list). */
  accessList?: string[];
  clusters?: ClusterFixture[];
}

export interface FixtureFile {
  projects: ProjectFixture[];
}

const objectId = z.string().regex(OBJECT_ID_PATTERN, "must be a 24-hex id");
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 date");
const bsonTimestamp = z.strictObject({ date: isoDate, increment: z.number().int().min(0) });
const ms = z.number().finite().nonnegative();

export const restoreBehaviourSchema = z.strictObject({
  jobDurationMs: ms.optional(),
  deliveryPrepMs: ms.optional(),
  outcome: z.enum(RESTORE_OUTCOMES).optional(),
  failAfterMs: ms.optional(),
  archive: z.enum(ARCHIVE_KINDS).optional(),
  snapshotDurationMs: ms.optional(),
});

export const snapshotSchema: z.ZodType<SnapshotFixture> = z.strictObject({
  id: objectId,
  created: isoDate,
  timestamp: bsonTimestamp,
  encryptionEnabled: z.boolean().optional(),
  parts: z.array(z.strictObject({ replicaSetName: z.string().min(1), snapshotId: objectId })).optional(),
  status: z.enum(CLOUD_SNAPSHOT_STATUSES).optional(),
  snapshotType: z.enum(CLOUD_SNAPSHOT_TYPES).optional(),
  frequencyType: z.string().min(1).optional(),
  expiresAt: isoDate.optional(),
  description: z.string().optional(),
});

export const checkpointSchema: z.ZodType<CheckpointFixture> = z.strictObject({ id: objectId, timestamp: bsonTimestamp });

export const clusterSchema: z.ZodType<ClusterFixture> = z
  .strictObject({
    name: z.string().regex(CLUSTER_NAME_PATTERN, "must match ^[a-zA-Z0-9][a-zA-Z0-9-]*$"),
    id: objectId,
    type: z.enum(["REPLICA_SET", "SHARDED"]),
    shards: z.number().int().min(1).optional(),
    mongoDBVersion: z.string().min(1).optional(),
    encryptionAtRest: z.boolean().optional(),
    pitEnabled: z.boolean().optional(),
    restoreWindowDays: z.number().positive().max(3650).optional(),
    backup: z.enum(BACKUP_KINDS).optional(),
    privateDownloadEndpointId: z.string().regex(/^vpce-[0-9a-f]{17}$/, "must match ^vpce-[0-9a-f]{17}$").optional(),
    restoreBehaviour: restoreBehaviourSchema.optional(),
    replicaSets: z
      .array(z.strictObject({
        typeName: z.enum(["REPLICA_SET", "CONFIG_SERVER"]),
        replicaSetName: z.string().min(1),
        clusterId: objectId,
      }))
      .optional(),
    snapshots: z.array(snapshotSchema).optional(),
    checkpoints: z.array(checkpointSchema).optional(),
  })
  .superRefine((c, ctx) => {
    const problem = (message: string, path: (string | number)[]): void => {
      ctx.addIssue({ code: "custom", message, path });
    };
    if (c.restoreWindowDays !== undefined && (c.backup !== "cloud" || !c.pitEnabled)) {
      problem("restoreWindowDays is for Cloud Backup clusters with pitEnabled (legacy backup's window is 24 hours)", ["restoreWindowDays"]);
    }
    c.snapshots?.forEach((s, i) => {
      if (s.expiresAt !== undefined && Date.parse(s.expiresAt) <= Date.parse(s.created)) problem("expiresAt must be after created", ["snapshots", i, "expiresAt"]);
    });
    if (c.type === "REPLICA_SET") {
      if (c.shards !== undefined && c.shards !== 1) problem("only SHARDED clusters have shards", ["shards"]);
      if (c.replicaSets) problem("only SHARDED clusters list replicaSets", ["replicaSets"]);
      if (c.checkpoints?.length) problem("checkpoints exist for SHARDED clusters only (§2.1)", ["checkpoints"]);
      c.snapshots?.forEach((s, i) => s.parts && problem("parts are for SHARDED clusters", ["snapshots", i, "parts"]));
      return;
    }
    const layout = c.replicaSets;
    if (!layout) return;
    const configs = layout.filter((p) => p.typeName === "CONFIG_SERVER").length;
    if (configs !== 1) problem("replicaSets needs exactly one CONFIG_SERVER", ["replicaSets"]);
    if (layout.length - configs !== (c.shards ?? 1)) problem("replicaSets needs one REPLICA_SET per shard", ["replicaSets"]);
    const names = new Set(layout.map((p) => p.replicaSetName));
    c.snapshots?.forEach((s, i) =>
      s.parts?.forEach((p, j) => {
        if (!names.has(p.replicaSetName)) problem(`unknown replicaSetName ${p.replicaSetName}`, ["snapshots", i, "parts", j]);
      }),
    );
  });

export const projectSchema: z.ZodType<ProjectFixture> = z.strictObject({
  id: objectId,
  name: z.string().optional(),
  accessList: z.array(z.string().min(1)).optional(),
  clusters: z.array(clusterSchema).optional(),
});

export const fixtureFileSchema: z.ZodType<FixtureFile> = z.strictObject({ projects: z.array(projectSchema) });

/** Parse with a readable error: `[atlas-emulator] Invalid <what>: projects.0.id: must be a 24-hex id`. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new Error(`[atlas-emulator] Invalid ${what}: ${lines.join("; ")}`);
}

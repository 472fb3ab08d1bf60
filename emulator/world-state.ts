/**
 * Shapes of the state store (world.ts) and the defaults applied to fixtures on the way in.
 */
import type { BsonTimestamp } from "../provider/atlas/models";
import type { BackupKind, CheckpointFixture, ClusterFixture, ReplicaSetFixture, RestoreBehaviour, SnapshotFixture } from "./fixture-schema";
import { derivedObjectId } from "./ids";
import type { JobRecord } from "./job-lifecycle";
import type { CloudJobRecord } from "./v2/cloud-job-lifecycle";

export const DEFAULT_BEHAVIOUR: RestoreBehaviour = { jobDurationMs: 20_000, outcome: "FINISHED" };

export interface SnapshotPart extends ReplicaSetFixture {
  readonly snapshotId: string;
}

export interface SnapshotState {
  readonly id: string;
  readonly created: string;
  readonly timestamp: BsonTimestamp;
  readonly encryptionEnabled: boolean;
  /** Sharded clusters: one per shard then the config server. Empty for replica sets. */
  readonly parts: readonly SnapshotPart[];
  /** Cloud Backup fields (defaults applied). */
  readonly status: NonNullable<SnapshotFixture["status"]>;
  readonly snapshotType: NonNullable<SnapshotFixture["snapshotType"]>;
  readonly frequencyType: string;
  readonly description?: string;
  /** Emulated ms when Atlas deletes it (fixture `expiresAt`, or the default retention). On-demand: see `onDemand`. */
  readonly expiresAt: number;
  /** On-demand snapshots (`POST …/backup/snapshots`): their timeline, in emulated ms. */
  readonly onDemand?: { readonly requestedAt: number; readonly completedAt: number; readonly retentionMs: number };
  /** Emulated ms of a `DELETE …/backup/snapshots/{id}`. */
  deletedAt?: number;
}

export interface ClusterState {
  readonly groupId: string;
  readonly id: string;
  readonly name: string;
  readonly type: "REPLICA_SET" | "SHARDED";
  readonly mongoDBVersion: string;
  readonly encryptionAtRest: boolean;
  readonly pitEnabled: boolean;
  /** Cloud Backup continuous backup restore window (pitEnabled only). */
  readonly restoreWindowDays?: number;
  readonly backup: BackupKind;
  readonly privateDownloadEndpointId?: string;
  behaviour: RestoreBehaviour;
  readonly layout: readonly ReplicaSetFixture[];
  readonly snapshots: Map<string, SnapshotState>;
  readonly checkpoints: Map<string, CheckpointFixture>;
  readonly jobs: JobRecord[];
  /** Cloud Backup (v2) restore jobs, in creation order. */
  readonly cloudJobs: CloudJobRecord[];
}

export interface ProjectState {
  readonly id: string;
  readonly name: string;
  readonly accessList: readonly string[];
  readonly clusters: Map<string, ClusterState>;
}

export function mergeBehaviour(base: RestoreBehaviour, patch: Partial<RestoreBehaviour>): RestoreBehaviour {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return { ...base, ...defined };
}

/** `<name>-shard-<i>` per shard, then `<name>-config-0`, with ids derived from the cluster id. */
export function defaultLayout(c: ClusterFixture): ReplicaSetFixture[] {
  const names = Array.from({ length: c.shards ?? 1 }, (_, i) => `${c.name}-shard-${i}`);
  const shards = names.map((n): ReplicaSetFixture => ({ typeName: "REPLICA_SET", replicaSetName: n, clusterId: derivedObjectId(c.id, n) }));
  const config = `${c.name}-config-0`;
  return [...shards, { typeName: "CONFIG_SERVER", replicaSetName: config, clusterId: derivedObjectId(c.id, config) }];
}

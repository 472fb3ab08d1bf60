/**
 * Turn a validated create request into the jobs to store: resolve the restore point (snapshot,
 * shard-part snapshot, checkpoint or point in time), the target of an automated restore, and
 * the encryption rules (§5.2). One job per replica set: a sharded restore yields one per shard
 * plus the config server, sharing a batchId (§3.1).
 */
import type { BsonTimestamp } from "../provider/atlas/models";
import type { CreateRequest } from "./create-body";
import { validateForCluster } from "./create-validation";
import type { AtlasErrorSpec } from "./errors";
import { atlasError, isAtlasErrorSpec } from "./errors";
import { deletedSnapshot, liveSnapshots, lookupSnapshot, pitBaseSnapshot, snapshotPhase } from "./snapshot-lifecycle";
import { derivedUuid, newObjectId, newToken } from "./ids";
import type { JobRecord } from "./job-lifecycle";
import { isoSeconds } from "./job-lifecycle";
import type { ClusterState, SnapshotState, World } from "./world";

type JobDraft = Omit<JobRecord, "batchSeq">;

interface Part {
  readonly clusterId: string;
  readonly replicaSetName: string;
  readonly kind: "cluster" | "shard" | "config";
  readonly snapshotId?: string;
}

interface RestorePoint {
  readonly parts: readonly Part[];
  readonly batch: boolean;
  readonly timestamp: BsonTimestamp;
  readonly encrypted: boolean;
  readonly pointInTime: boolean;
  readonly snapshotId?: string;
}

export function planRestore(world: World, cluster: ClusterState, r: CreateRequest): JobDraft[] | AtlasErrorSpec {
  const clusterRule = validateForCluster(r, cluster);
  if (clusterRule) return clusterRule;
  const point = resolvePoint(cluster, r, world.now());
  if ("code" in point) return point;
  if (r.methodName === "HTTP" && point.encrypted) return atlasError("CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION");
  const target = r.methodName === "AUTOMATED_RESTORE" ? resolveTarget(world, cluster, r, point) : undefined;
  if (target && "code" in target) return target;

  const now = world.now();
  const batchId = point.batch ? newObjectId(now) : undefined;
  const epoch = Math.floor(Date.parse(point.timestamp.date) / 1000);
  return point.parts.map((part, partIndex): JobDraft => {
    const id = newObjectId(now);
    return {
      id,
      partIndex,
      groupId: cluster.groupId,
      clusterName: cluster.name,
      clusterId: part.clusterId,
      batchId,
      createdAt: now,
      snapshotId: part.snapshotId,
      pointInTime: point.pointInTime,
      encryptionEnabled: point.encrypted,
      masterKeyUUID: point.encrypted ? derivedUuid(`${cluster.id}:kmip`) : undefined,
      timestamp: point.timestamp,
      methodName: r.methodName,
      // Undocumented defaults; the 2018 example omitted both and answered 1 / 1 (§3.4).
      expirationHours: r.methodName === "HTTP" ? (r.expirationHours ?? 1) : undefined,
      maxDownloads: r.methodName === "HTTP" ? (r.maxDownloads ?? 1) : undefined,
      target,
      behaviour: { ...cluster.behaviour },
      fileName: fileName(cluster, part, epoch, id),
      token: newToken(),
      downloads: 0,
    };
  });
}

/** §3.3 download file names: shards, config server (with its id), or the replica set. */
function fileName(cluster: ClusterState, part: Part, epoch: number, jobId: string): string {
  if (part.kind === "config") return `config-${part.replicaSetName}-${part.clusterId}-${epoch}-${jobId}.tar.gz`;
  if (part.kind === "shard") return `${part.replicaSetName}-${epoch}-${jobId}.tar.gz`;
  return `${cluster.name}-${epoch}-${jobId}.tar.gz`;
}

function snapshotParts(cluster: ClusterState, snap: SnapshotState | undefined): Part[] {
  if (cluster.type === "REPLICA_SET") return [{ clusterId: cluster.id, replicaSetName: cluster.name, kind: "cluster", snapshotId: snap?.id }];
  return cluster.layout.map((l) => ({
    clusterId: l.clusterId,
    replicaSetName: l.replicaSetName,
    kind: l.typeName === "CONFIG_SERVER" ? "config" : "shard",
    snapshotId: snap?.parts.find((p) => p.replicaSetName === l.replicaSetName)?.snapshotId,
  }));
}

/** The oplog time a legacy snapshot holds: what checkpoint and PIT restores count from. */
const oplogTime = (s: SnapshotState): number => Date.parse(s.timestamp.date);

/** Newest snapshot Atlas still has, taken at or before `atMs`: the base a checkpoint restore starts from. */
function baseSnapshot(cluster: ClusterState, atMs: number, now: number): SnapshotState | undefined {
  return liveSnapshots(cluster, now)
    .filter((s) => oplogTime(s) <= atMs)
    .sort((a, b) => oplogTime(b) - oplogTime(a))[0];
}

function resolvePoint(cluster: ClusterState, r: CreateRequest, now: number): RestorePoint | AtlasErrorSpec {
  const sharded = cluster.type === "SHARDED";
  if (r.snapshotId !== undefined) {
    const found = lookupSnapshot(cluster, r.snapshotId, now);
    if (found.kind === "gone") return deletedSnapshot(found.snapshot, now);
    if (found.kind === "live") {
      const snap = found.snapshot;
      if (found.phase.status !== "completed") return atlasError("CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT", [snap.id]);
      return { parts: snapshotParts(cluster, snap), batch: sharded, timestamp: snap.timestamp, encrypted: snap.encryptionEnabled, pointInTime: false };
    }
    for (const s of sharded ? cluster.snapshots.values() : []) {
      const part = s.parts.find((p) => p.snapshotId === r.snapshotId);
      if (!part) continue;
      if (snapshotPhase(s, now).gone) return deletedSnapshot(s, now);
      // The error's existence implies single-shard snapshots can be restored by download only.
      if (r.methodName === "AUTOMATED_RESTORE") return atlasError("AUTOMATED_RESTORE_OF_SHARD_NOT_ALLOWED", [r.snapshotId], `snapshotId ${r.snapshotId} is the snapshot of ${part.replicaSetName} only.`);
      const kind = part.typeName === "CONFIG_SERVER" ? "config" : "shard";
      return { parts: [{ ...part, kind }], batch: false, timestamp: s.timestamp, encrypted: s.encryptionEnabled, pointInTime: false };
    }
    return atlasError("SNAPSHOT_NOT_FOUND", [r.snapshotId, cluster.name]);
  }
  if (r.checkpointId !== undefined) {
    const cp = cluster.checkpoints.get(r.checkpointId);
    if (!cp) return atlasError("CHECKPOINT_NOT_FOUND", [r.checkpointId, cluster.name]);
    const base = baseSnapshot(cluster, Date.parse(cp.timestamp.date), now);
    return { parts: snapshotParts(cluster, base), batch: true, timestamp: cp.timestamp, encrypted: cluster.encryptionAtRest, pointInTime: false };
  }
  const atMs = r.pointInTimeUTCMillis ?? (r.oplogTs ?? 0) * 1000;
  const timestamp = { date: isoSeconds(atMs), increment: r.oplogInc ?? 1 };
  const field = r.pointInTimeUTCMillis !== undefined ? "pointInTimeUTCMillis" : "oplogTs";
  const base = pitBaseSnapshot(cluster, { atMs, pointOf: oplogTime, outsideWindow: (note) => atlasError("INVALID_ATTRIBUTE", [field], note) }, now);
  if (isAtlasErrorSpec(base)) return base;
  return { parts: snapshotParts(cluster, base), batch: false, timestamp, encrypted: cluster.encryptionAtRest, pointInTime: true };
}

function resolveTarget(world: World, source: ClusterState, r: CreateRequest, point: RestorePoint): JobRecord["target"] | AtlasErrorSpec {
  const groupId = r.targetGroupId ?? "";
  const project = world.project(groupId);
  if (!project) return atlasError("GROUP_NOT_FOUND", [groupId]);
  const byId = r.targetClusterId !== undefined ? world.clusterById(project, r.targetClusterId) : undefined;
  const byName = r.targetClusterName !== undefined ? world.clusterByName(project, r.targetClusterName) : undefined;
  if (r.targetClusterId !== undefined && !byId) return atlasError("CLUSTER_NOT_FOUND", [r.targetClusterId, groupId]);
  if (r.targetClusterName !== undefined && !byName) return atlasError("CLUSTER_NAME_NOT_FOUND", [r.targetClusterName, groupId]);
  const target = byId ?? byName;
  if (!target) return atlasError("MISSING_ONE_OF_ATTRIBUTES", ["delivery.targetClusterId", "delivery.targetClusterName"]);
  const field = byId ? "delivery.targetClusterId" : "delivery.targetClusterName";
  if (byId && byName && byId !== byName) {
    return atlasError("INVALID_ATTRIBUTE", ["delivery.targetClusterName"], `Cluster ${byId.id} is named ${byId.name}, not ${byName.name}.`);
  }
  // A restore needs the same topology: a sharded snapshot cannot land on a replica set.
  const shape = (c: ClusterState) => (c.type === "SHARDED" ? `SHARDED with ${c.layout.length - 1} shard(s)` : "REPLICA_SET");
  if (shape(target) !== shape(source)) {
    return atlasError("INVALID_ATTRIBUTE", [field], `Target ${target.name} is ${shape(target)}; the source is ${shape(source)}.`);
  }
  if (point.encrypted && !target.encryptionAtRest) {
    return atlasError("INVALID_SNAPSHOT_RESTORE_ENCRYPTION", [], `The snapshot is encrypted; ${target.name} does not use Encryption at Rest.`);
  }
  return { groupId: project.id, clusterId: target.id, clusterName: target.name };
}

/**
 * Legacy backup snapshots and checkpoints, on the same prefixes as the legacy restore jobs, as
 * MongoDB's legacy Go client reads them (`ContinuousSnapshots.List/Get`, `Checkpoints.List/Get`):
 *   GET …/clusters/{c}/snapshots[?completed=true|false|all]   BackupSnapshot list, newest first,
 *                                                             complete ones by default (OpenAPI `listClusterSnapshots`)
 *   GET …/clusters/{c}/snapshots/{snapshotId}                 one BackupSnapshot (`getClusterSnapshot`)
 *   GET …/clusters/{c}/backupCheckpoints                      ApiAtlasCheckpoint list (`listBackupCheckpoints`)
 *   GET …/clusters/{c}/backupCheckpoints/{checkpointId}       one checkpoint (`getBackupCheckpoint`)
 * A snapshot past its `expires` is gone (snapshot-lifecycle.ts). Without these a checkpoint id
 * cannot be discovered through the API, and the snapshot list linked to a GET that answered 404.
 */
import { atlasError, isAtlasErrorSpec } from "../errors";
import { derivedUuid, OBJECT_ID_PATTERN } from "../ids";
import { isoSeconds } from "../job-lifecycle";
import { paginate, parseListQuery } from "../pagination";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, route } from "../router";
import { liveSnapshots, lookupSnapshot, snapshotPhase } from "../snapshot-lifecycle";
import { V2_PREFIX } from "../v2/versioning";
import type { CheckpointFixture } from "../fixture-schema";
import type { ClusterState, SnapshotState } from "../world";
import { API_PREFIXES } from "./restore-jobs";
import type { ClusterScope } from "./scope";
import { resolveCluster } from "./scope";

/**
 * Sizes of every part (not documented per snapshot; fixed so answers are stable). A real part's
 * sizes vary; a client only needs them to be int64s.
 */
const PART_SIZES = { dataSizeBytes: 1_073_741_824, storageSizeBytes: 536_870_912, fileSizeBytes: 1_140_850_688 } as const;
/** Documented only as "the method of compression"; Atlas snapshots are gzip-compressed. */
const COMPRESSION = "GZIP";
/** The balancer stops this long before a checkpoint's timestamp and restarts this long after (not documented). */
const CHECKPOINT_PAUSE_MS = 60_000;

export function legacySnapshotRoutes(): Route[] {
  return API_PREFIXES.flatMap((prefix) => {
    const cluster = `${prefix}/groups/:groupId/clusters/:clusterName`;
    return [
      route("GET", `${cluster}/snapshots`, listSnapshots),
      route("GET", `${cluster}/snapshots/:snapshotId`, getSnapshot),
      route("GET", `${cluster}/backupCheckpoints`, listCheckpoints),
      route("GET", `${cluster}/backupCheckpoints/:checkpointId`, getCheckpoint),
    ];
  });
}

const base = (ctx: RequestContext, scope: ClusterScope, tail: string) =>
  `${ctx.origin}${ctx.apiPrefix}/groups/${scope.project.id}/clusters/${scope.clusterRef}/${tail}`;

/** The legacy API's rels are `http://mms.mongodb.com/…` (§3.2); on /api/atlas/v2 Atlas answers `https://cloud.mongodb.com/…` (REC). */
const clusterRel = (ctx: RequestContext) => (ctx.apiPrefix === V2_PREFIX ? "https://cloud.mongodb.com/cluster" : "http://mms.mongodb.com/cluster");

/** `BackupSnapshotPart`: one per shard and the config server; "for a replica set, a single document". */
function parts(cluster: ClusterState, s: SnapshotState) {
  const members = s.parts.length > 0 ? s.parts : [{ typeName: "REPLICA_SET" as const, replicaSetName: cluster.name, clusterId: cluster.id }];
  return members.map((p) => ({
    clusterId: p.clusterId,
    compressionSetting: COMPRESSION,
    ...PART_SIZES,
    encryptionEnabled: s.encryptionEnabled,
    ...(s.encryptionEnabled ? { masterKeyUUID: derivedUuid(`${cluster.id}:kmip`) } : {}),
    mongodVersion: cluster.mongoDBVersion,
    replicaSetName: p.replicaSetName,
    typeName: p.typeName,
  }));
}

function snapshotView(ctx: RequestContext, scope: ClusterScope, s: SnapshotState) {
  const { cluster, project } = scope;
  const phase = snapshotPhase(s, ctx.world.now());
  return {
    id: s.id,
    clusterId: cluster.id,
    clusterName: cluster.name,
    groupId: project.id,
    complete: phase.status === "completed",
    created: { ...s.timestamp, date: isoSeconds(Date.parse(s.created)) },
    expires: isoSeconds(phase.expiresAt),
    doNotDelete: false,
    incremental: false,
    parts: parts(cluster, s),
    links: [
      { href: base(ctx, scope, `snapshots/${s.id}`), rel: "self" },
      { href: `${ctx.origin}${ctx.apiPrefix}/groups/${project.id}/clusters/${scope.clusterRef}`, rel: clusterRel(ctx) },
    ],
  };
}

function listSnapshots(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const completed = ctx.query.get("completed") ?? "true";
  if (!["true", "false", "all"].includes(completed)) return apiError(atlasError("INVALID_QUERY_PARAMETER", ["completed"], "completed must be true, false or all."));
  const q = parseListQuery(ctx.query);
  if (isAtlasErrorSpec(q)) return apiError(q);
  const now = ctx.world.now();
  const snapshots = liveSnapshots(scoped.value.cluster, now)
    .filter((s) => completed === "all" || (snapshotPhase(s, now).status === "completed") === (completed === "true"));
  const page = paginate(snapshots, q, base(ctx, scoped.value, "snapshots"), ctx.query);
  return json({ ...page, results: page.results.map((s) => snapshotView(ctx, scoped.value, s)) });
}

function getSnapshot(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const id = ctx.params.snapshotId ?? "";
  if (!OBJECT_ID_PATTERN.test(id)) return apiError(atlasError("INVALID_PATH_PARAMETER", ["snapshotId"]));
  const found = lookupSnapshot(scoped.value.cluster, id, ctx.world.now());
  if (found.kind !== "live") return apiError(atlasError("SNAPSHOT_NOT_FOUND", [id, scoped.value.cluster.name]));
  return json(snapshotView(ctx, scoped.value, found.snapshot));
}

/** `ApiAtlasCheckpoint`: a sharded cluster's checkpoint, restorable when a snapshot before it is still kept and FCV < 4.2 (§2.1). */
function checkpointView(ctx: RequestContext, scope: ClusterScope, cp: CheckpointFixture) {
  const { cluster, project } = scope;
  const at = Date.parse(cp.timestamp.date);
  const now = ctx.world.now();
  const hasBase = liveSnapshots(cluster, now).some((s) => Date.parse(s.timestamp.date) <= at);
  const [major = 0, minor = 0] = cluster.mongoDBVersion.split(".").map((n) => Number.parseInt(n, 10) || 0);
  return {
    id: cp.id,
    clusterId: cluster.id,
    groupId: project.id,
    started: isoSeconds(at - CHECKPOINT_PAUSE_MS),
    completed: isoSeconds(at + CHECKPOINT_PAUSE_MS),
    timestamp: isoSeconds(at),
    restorable: hasBase && (major < 4 || (major === 4 && minor < 2)),
    parts: cluster.layout.map((l) => ({
      replicaSetName: l.replicaSetName,
      shardName: l.replicaSetName,
      tokenDiscovered: true,
      tokenTimestamp: { ...cp.timestamp },
      typeName: l.typeName,
    })),
    links: [{ href: base(ctx, scope, `backupCheckpoints/${cp.id}`), rel: "self" }],
  };
}

/** Checkpoints exist for sharded clusters only (§2.1): a replica set lists none. Newest first. */
function listCheckpoints(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const q = parseListQuery(ctx.query);
  if (isAtlasErrorSpec(q)) return apiError(q);
  const checkpoints = [...scoped.value.cluster.checkpoints.values()].sort((a, b) => Date.parse(b.timestamp.date) - Date.parse(a.timestamp.date));
  const page = paginate(checkpoints, q, base(ctx, scoped.value, "backupCheckpoints"), ctx.query);
  return json({ ...page, results: page.results.map((cp) => checkpointView(ctx, scoped.value, cp)) });
}

function getCheckpoint(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const id = ctx.params.checkpointId ?? "";
  if (!OBJECT_ID_PATTERN.test(id)) return apiError(atlasError("INVALID_PATH_PARAMETER", ["checkpointId"]));
  const cp = scoped.value.cluster.checkpoints.get(id);
  if (!cp) return apiError(atlasError("CHECKPOINT_NOT_FOUND", [id, scoped.value.cluster.name]));
  return json(checkpointView(ctx, scoped.value, cp));
}

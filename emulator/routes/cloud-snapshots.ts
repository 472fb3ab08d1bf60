/**
 * Cloud Backup snapshots (Admin API v2, atlas-v2-and-auth.md §1.6), under
 * `/api/atlas/v2/groups/:groupId/clusters/:clusterName/backup/`:
 *   GET    snapshots[?pointInTimeUtcSeconds=]   DiskBackupReplicaSet list, newest first; the PIT
 *                                               query returns the closest completed one before
 *   POST   snapshots                            take an on-demand snapshot (`takeSnapshots`): 200
 *                                               DiskBackupSnapshot, `queued`; it completes on the
 *                                               emulated clock (snapshot-lifecycle.ts)
 *   GET    snapshots/:snapshotId
 *   DELETE snapshots/:snapshotId                204 (`deleteSnapshot`, REC); it is gone at once
 *   GET    snapshots/shardedClusters            DiskBackupShardedClusterSnapshot list (no paging)
 *   GET    snapshots/shardedCluster/:snapshotId
 * Expired and deleted snapshots are in no list and answer 404.
 */
import { type FieldChecks, invalidField, parseJsonObject } from "../body-fields";
import { atlasError, isAtlasErrorSpec } from "../errors";
import { OBJECT_ID_PATTERN } from "../ids";
import { isoSeconds } from "../job-lifecycle";
import { paginate, parseListQuery } from "../pagination";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, NO_CONTENT, route } from "../router";
import type { SnapshotPhase } from "../snapshot-lifecycle";
import { liveSnapshots, lookupSnapshot, snapshotPhase } from "../snapshot-lifecycle";
import { V2_PREFIX } from "../v2/versioning";
import type { ClusterState, SnapshotState } from "../world";
import type { ClusterScope } from "./scope";
import { resolveCluster } from "./scope";

const BACKUP = `${V2_PREFIX}/groups/:groupId/clusters/:clusterName/backup`;

/** Not documented when omitted; the Atlas CLI always sends it, with 1 as its default. */
const DEFAULT_RETENTION_DAYS = 1;
/** Sizes are not modelled; REC shows 0 until the snapshot completes. */
const STORAGE_SIZE_BYTES = 1_048_576;

export function cloudSnapshotRoutes(): Route[] {
  return [
    // Before `snapshots/:snapshotId`, so the literal segments win.
    route("GET", `${BACKUP}/snapshots/shardedClusters`, listSharded),
    route("GET", `${BACKUP}/snapshots/shardedCluster/:snapshotId`, (ctx) => withSnapshot(ctx, (s, scope) => json(shardedView(ctx, scope, s)))),
    route("GET", `${BACKUP}/snapshots`, listSnapshots),
    route("POST", `${BACKUP}/snapshots`, takeSnapshot),
    route("GET", `${BACKUP}/snapshots/:snapshotId`, (ctx) => withSnapshot(ctx, (s, scope) => json(replicaSetView(ctx, scope, s)))),
    route("DELETE", `${BACKUP}/snapshots/:snapshotId`, (ctx) => withSnapshot(ctx, (s) => {
      s.deletedAt = ctx.world.now();
      return NO_CONTENT;
    })),
  ];
}

function href(ctx: RequestContext, scope: ClusterScope, tail: string): string {
  return `${ctx.origin}${V2_PREFIX}/groups/${scope.project.id}/clusters/${scope.clusterRef}/backup/${tail}`;
}

/**
 * `DiskBackupReplicaSet` as REC shows it through an on-demand snapshot's life: `queued` has no
 * `mongodVersion`, `cloudProvider` or `createdAt`; `inProgress` has `mongodVersion`; `createdAt`
 * and the size come with `completed`. Links: `self` and `https://cloud.mongodb.com/cluster`.
 */
function replicaSetView(ctx: RequestContext, scope: ClusterScope, s: SnapshotState): Record<string, unknown> {
  const { cluster } = scope;
  const p: SnapshotPhase = snapshotPhase(s, ctx.world.now());
  const done = p.status === "completed";
  return {
    id: s.id,
    ...(done ? { cloudProvider: "AWS", createdAt: isoSeconds(Date.parse(s.created)) } : {}),
    copyRegions: [],
    ...(s.description !== undefined ? { description: s.description } : {}),
    expiresAt: isoSeconds(p.expiresAt),
    frequencyType: s.frequencyType,
    ...(p.status === "queued" ? {} : { mongodVersion: cluster.mongoDBVersion }),
    policyItems: [],
    ...(cluster.type === "SHARDED" ? {} : { replicaSetName: cluster.name }),
    snapshotType: s.snapshotType,
    status: p.status,
    storageSizeBytes: done ? STORAGE_SIZE_BYTES : 0,
    type: cluster.type === "SHARDED" ? "shardedCluster" : "replicaSet",
    links: [
      { href: href(ctx, scope, `snapshots/${s.id}`), rel: "self" },
      { href: `${ctx.origin}${V2_PREFIX}/groups/${scope.project.id}/clusters/${scope.clusterRef}`, rel: "https://cloud.mongodb.com/cluster" },
    ],
  };
}

/**
 * `DiskBackupShardedClusterSnapshot`: members and their per-member snapshot ids. Its schema has
 * no `cloudProvider`, `copyRegions` or `replicaSetName` (the members carry the provider).
 */
function shardedView(ctx: RequestContext, scope: ClusterScope, s: SnapshotState): Record<string, unknown> {
  const { cloudProvider: _cp, copyRegions: _cr, replicaSetName: _rs, ...base } = replicaSetView(ctx, scope, s);
  return {
    ...base,
    configServerType: "DEDICATED",
    members: s.parts.map((p) => ({ id: p.snapshotId, cloudProvider: "AWS", replicaSetName: p.replicaSetName })),
    snapshotIds: s.parts.map((p) => p.snapshotId),
  };
}

function listSnapshots(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const q = parseListQuery(ctx.query);
  if (isAtlasErrorSpec(q)) return apiError(q);
  const now = ctx.world.now();
  let snapshots = liveSnapshots(scoped.value.cluster, now);
  const pit = ctx.query.get("pointInTimeUtcSeconds");
  if (pit !== null) {
    if (!/^\d+$/.test(pit)) return apiError(atlasError("INVALID_QUERY_PARAMETER", ["pointInTimeUtcSeconds"]));
    // "returns the closest snapshot created before that point in time" (§1.6).
    snapshots = snapshots.filter((s) => snapshotPhase(s, now).status === "completed" && Date.parse(s.created) <= Number(pit) * 1000).slice(0, 1);
  }
  const page = paginate(snapshots, q, href(ctx, scoped.value, "snapshots"), ctx.query);
  return json({ ...page, results: page.results.map((s) => replicaSetView(ctx, scoped.value, s)) });
}

/** A replica set has no sharded views: an empty list (the emulator's choice). */
function listSharded(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const c = scoped.value.cluster;
  const results = c.type === "SHARDED" ? liveSnapshots(c, ctx.world.now()).map((s) => shardedView(ctx, scoped.value, s)) : [];
  return json({ links: [{ href: href(ctx, scoped.value, "snapshots/shardedClusters"), rel: "self" }], results, totalCount: results.length });
}

function withSnapshot(ctx: RequestContext, answer: (s: SnapshotState, scope: ClusterScope) => EmuResponse): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const id = ctx.params.snapshotId ?? "";
  if (!OBJECT_ID_PATTERN.test(id)) return apiError(atlasError("INVALID_PATH_PARAMETER", ["snapshotId"]));
  const found = lookupSnapshot(scoped.value.cluster, id, ctx.world.now());
  if (found.kind !== "live") return apiError(atlasError("SNAPSHOT_NOT_FOUND", [id, scoped.value.cluster.name]));
  return answer(found.snapshot, scoped.value);
}

/** `DiskBackupOnDemandSnapshotRequest`'s writable fields (`links` is readOnly: refused like an unknown one). */
const ON_DEMAND_FIELDS: FieldChecks = new Map([
  ["description", (v: unknown) => typeof v === "string"],
  ["retentionInDays", (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 2_147_483_647],
]);

/**
 * "If an on-demand snapshot with a status of queued or inProgress exists, before taking another
 * snapshot, wait until Atlas completes processing" (OpenAPI `takeSnapshots`): the emulator refuses
 * it with 400 (the only client error the operation declares; Atlas's code is not documented).
 */
function onDemandInProgress(cluster: ClusterState, now: number): SnapshotState | undefined {
  return liveSnapshots(cluster, now).find((s) => s.onDemand && snapshotPhase(s, now).status !== "completed");
}

function takeSnapshot(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const parsed = parseJsonObject(ctx.bodyText);
  if (!parsed.ok) return apiError(parsed.error);
  const body = parsed.value;
  const invalid = invalidField(body, ON_DEMAND_FIELDS, "DiskBackupOnDemandSnapshotRequest");
  if (invalid) return apiError(invalid);
  const cluster = scoped.value.cluster;
  const busy = onDemandInProgress(cluster, ctx.world.now());
  if (busy) return apiError(atlasError("ON_DEMAND_SNAPSHOT_IN_PROGRESS", [busy.id]));
  const snapshot = ctx.world.takeOnDemandSnapshot(cluster, {
    ...(typeof body.description === "string" ? { description: body.description } : {}),
    retentionDays: (body.retentionInDays as number | undefined) ?? DEFAULT_RETENTION_DAYS,
  });
  return json(replicaSetView(ctx, scoped.value, snapshot));
}

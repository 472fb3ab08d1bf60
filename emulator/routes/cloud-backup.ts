/**
 * The Cloud Backup API of the Admin API v2 (atlas-v2-and-auth.md §1.1, §1.6), under
 * `/api/atlas/v2/groups/:groupId/clusters/:clusterName/backup/`:
 *   POST   restoreJobs               create → 200 one job (not a list)
 *   GET    restoreJobs               list, newest first (order undocumented: the emulator's choice)
 *   GET    restoreJobs/:id           one job
 *   DELETE restoreJobs/:id           cancel a download → 204; automated/PIT → 400 (replica set)
 *                                    or 405 (sharded: the shard-level jobs cannot be cancelled)
 *   GET    snapshots[?pointInTimeUtcSeconds=]   DiskBackupReplicaSet list, newest first
 *   GET    snapshots/:snapshotId
 *   GET    snapshots/shardedClusters            DiskBackupShardedClusterSnapshot list (no paging)
 *   GET    snapshots/shardedCluster/:snapshotId
 * plus the download of a ready job: GET /backup/restore/cloud/:jobId/:token/:file.
 */
import { restoreArchive } from "../archive";
import { atlasError, isAtlasErrorSpec } from "../errors";
import { OBJECT_ID_PATTERN } from "../ids";
import { isoSeconds } from "../job-lifecycle";
import { paginate, parseListQuery } from "../pagination";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, route } from "../router";
import { planCloudRestore, parseCloudCreateBody } from "../v2/cloud-create";
import type { CloudJobRecord } from "../v2/cloud-job-lifecycle";
import { cloudPhaseAt, downloadFile, renderCloudJob } from "../v2/cloud-job-lifecycle";
import { V2_PREFIX } from "../v2/versioning";
import type { ClusterState, SnapshotState } from "../world";
import type { ClusterScope } from "./scope";
import { resolveCluster } from "./scope";

const BACKUP = `${V2_PREFIX}/groups/:groupId/clusters/:clusterName/backup`;

export function cloudBackupRoutes(): Route[] {
  return [
    route("POST", `${BACKUP}/restoreJobs`, createJob),
    route("GET", `${BACKUP}/restoreJobs`, listJobs),
    route("GET", `${BACKUP}/restoreJobs/:jobId`, (ctx) => withJob(ctx, (job) => json(render(ctx, job)))),
    route("DELETE", `${BACKUP}/restoreJobs/:jobId`, (ctx) => withJob(ctx, (job, scope) => cancel(ctx, job, scope.cluster))),
    // Before `snapshots/:snapshotId`, so the literal segments win.
    route("GET", `${BACKUP}/snapshots/shardedClusters`, listSharded),
    route("GET", `${BACKUP}/snapshots/shardedCluster/:snapshotId`, (ctx) => withSnapshot(ctx, (s, c) => json(shardedView(ctx, c, s)))),
    route("GET", `${BACKUP}/snapshots`, listSnapshots),
    route("GET", `${BACKUP}/snapshots/:snapshotId`, (ctx) => withSnapshot(ctx, (s, c) => json(replicaSetView(ctx, c, s)))),
  ];
}

export function cloudDownloadRoutes(): Route[] {
  return [route("GET", "/backup/restore/cloud/:jobId/:token/:file", serveDownload)];
}

const render = (ctx: RequestContext, job: CloudJobRecord) => renderCloudJob(job, ctx.world.now(), { origin: ctx.origin, apiPrefix: V2_PREFIX });

function href(ctx: RequestContext, scope: ClusterScope, tail: string): string {
  return `${ctx.origin}${V2_PREFIX}/groups/${scope.project.id}/clusters/${scope.clusterRef}/backup/${tail}`;
}

function createJob(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const request = parseCloudCreateBody(ctx.bodyText);
  if (isAtlasErrorSpec(request)) return apiError(request);
  const planned = planCloudRestore(ctx.world, scoped.value.cluster, request);
  if (isAtlasErrorSpec(planned)) return apiError(planned);
  return json(render(ctx, ctx.world.insertCloudJob(scoped.value.cluster, planned)));
}

function listJobs(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const q = parseListQuery(ctx.query);
  if (isAtlasErrorSpec(q)) return apiError(q);
  const newestFirst = [...scoped.value.cluster.cloudJobs].reverse();
  const page = paginate(newestFirst, q, href(ctx, scoped.value, "restoreJobs"), ctx.query);
  return json({ ...page, results: page.results.map((j) => render(ctx, j)) });
}

function withJob(ctx: RequestContext, answer: (job: CloudJobRecord, scope: ClusterScope) => EmuResponse): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const jobId = ctx.params.jobId ?? "";
  if (!OBJECT_ID_PATTERN.test(jobId)) return apiError(atlasError("INVALID_PATH_PARAMETER", ["restoreJobId"]));
  const job = ctx.world.cloudJob(jobId);
  if (!job || job.groupId !== scoped.value.project.id || job.clusterName !== scoped.value.cluster.name) {
    return apiError(atlasError("RESTORE_JOB_NOT_FOUND", [jobId, scoped.value.cluster.name]));
  }
  return answer(job, scoped.value);
}

/**
 * Cancelling a finished, expired or already cancelled download is undocumented (§1.5, §8): the
 * emulator answers 204 and changes nothing, so a repeated cancel (destroy re-run) is harmless.
 */
function cancel(ctx: RequestContext, job: CloudJobRecord, cluster: ClusterState): EmuResponse {
  if (job.deliveryType !== "download") {
    return apiError(atlasError(cluster.type === "SHARDED" ? "ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED" : "CANNOT_CANCEL_AUTOMATED_RESTORE"));
  }
  const p = cloudPhaseAt(job, ctx.world.now());
  if (!p.cancelled && !p.failed && !p.expired) job.cancelledAt = ctx.world.now();
  return { status: 204 };
}

function sortedSnapshots(cluster: ClusterState): SnapshotState[] {
  return [...cluster.snapshots.values()].sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
}

/** `DiskBackupReplicaSet`; a queued / in-progress snapshot has no createdAt yet (REC). */
function replicaSetView(ctx: RequestContext, cluster: ClusterState, s: SnapshotState): Record<string, unknown> {
  const done = s.status === "completed";
  const self = `${ctx.origin}${V2_PREFIX}/groups/${cluster.groupId}/clusters/${cluster.name}/backup/snapshots/${s.id}`;
  return {
    id: s.id,
    ...(done ? { createdAt: isoSeconds(Date.parse(s.created)), cloudProvider: "AWS", mongodVersion: cluster.mongoDBVersion } : {}),
    expiresAt: isoSeconds(Date.parse(s.created) + 7 * 24 * 3600 * 1000),
    frequencyType: s.frequencyType,
    snapshotType: s.snapshotType,
    status: s.status,
    storageSizeBytes: 1_048_576,
    type: cluster.type === "SHARDED" ? "shardedCluster" : "replicaSet",
    ...(cluster.type === "SHARDED" ? {} : { replicaSetName: cluster.name }),
    policyItems: [],
    copyRegions: [],
    links: [{ href: self, rel: "self" }],
  };
}

/** `DiskBackupShardedClusterSnapshot`: members and their per-member snapshot ids. */
function shardedView(ctx: RequestContext, cluster: ClusterState, s: SnapshotState): Record<string, unknown> {
  const { type: _type, replicaSetName: _rs, ...base } = replicaSetView(ctx, cluster, s);
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
  let snapshots = sortedSnapshots(scoped.value.cluster);
  const pit = ctx.query.get("pointInTimeUtcSeconds");
  if (pit !== null) {
    if (!/^\d+$/.test(pit)) return apiError(atlasError("INVALID_QUERY_PARAMETER", ["pointInTimeUtcSeconds"]));
    // "returns the closest snapshot created before that point in time" (§1.6).
    snapshots = snapshots.filter((s) => s.status === "completed" && Date.parse(s.created) <= Number(pit) * 1000).slice(0, 1);
  }
  const page = paginate(snapshots, q, href(ctx, scoped.value, "snapshots"), ctx.query);
  return json({ ...page, results: page.results.map((s) => replicaSetView(ctx, scoped.value.cluster, s)) });
}

/** A replica set has no sharded views: an empty list (the emulator's choice). */
function listSharded(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const c = scoped.value.cluster;
  const results = c.type === "SHARDED" ? sortedSnapshots(c).map((s) => shardedView(ctx, c, s)) : [];
  return json({ links: [{ href: href(ctx, scoped.value, "snapshots/shardedClusters"), rel: "self" }], results, totalCount: results.length });
}

function withSnapshot(ctx: RequestContext, answer: (s: SnapshotState, c: ClusterState) => EmuResponse): EmuResponse {
  const scoped = resolveCluster(ctx, "cloud");
  if (!scoped.ok) return scoped.response;
  const id = ctx.params.snapshotId ?? "";
  if (!OBJECT_ID_PATTERN.test(id)) return apiError(atlasError("INVALID_PATH_PARAMETER", ["snapshotId"]));
  const s = scoped.value.cluster.snapshots.get(id);
  if (!s) return apiError(atlasError("SNAPSHOT_NOT_FOUND", [id, scoped.value.cluster.name]));
  return answer(s, scoped.value.cluster);
}

async function serveDownload(ctx: RequestContext): Promise<EmuResponse> {
  const job = ctx.world.cloudJob(ctx.params.jobId ?? "");
  const file = ctx.params.file ?? "";
  const known = job && job.deliveryType === "download" &&
    (file === downloadFile(job) || job.components.some((c) => file === downloadFile(job, c)));
  if (!job || !known) return apiError(atlasError("RESOURCE_NOT_FOUND", [ctx.path]));
  if (ctx.params.token !== job.token) {
    return json({ error: 401, reason: "Unauthorized", detail: "Missing or invalid download token." }, { status: 401 });
  }
  const p = cloudPhaseAt(job, ctx.world.now());
  if (p.expired) return apiError(atlasError("EXPIRED", [job.id, isoSeconds(p.expiresAt ?? 0)]));
  if (p.readyAt === undefined || p.cancelled || p.failed) {
    return apiError(atlasError("RESOURCE_NOT_FOUND", [ctx.path], "The download is not ready."));
  }
  const archive = await restoreArchive(job.behaviour.archive);
  return { status: 200, headers: { "content-type": "application/gzip", "content-disposition": `attachment; filename="${file}"` }, raw: archive.bytes };
}

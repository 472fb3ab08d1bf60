/**
 * The Cloud Backup API of the Admin API v2 (atlas-v2-and-auth.md §1.1, §1.6), under
 * `/api/atlas/v2/groups/:groupId/clusters/:clusterName/backup/`:
 *   POST   restoreJobs               create → 200 one job (not a list)
 *   GET    restoreJobs               list, newest first (order undocumented: the emulator's choice)
 *   GET    restoreJobs/:id           one job
 *   DELETE restoreJobs/:id           cancel a download → 204; automated/PIT → 400 (replica set)
 *                                    or 405 (sharded: the shard-level jobs cannot be cancelled)
 * plus the download of a ready job: GET /backup/restore/cloud/:jobId/:token/:file. The snapshot
 * routes are in cloud-snapshots.ts.
 */
import { restoreArchive } from "../archive";
import { atlasError, isAtlasErrorSpec } from "../errors";
import { OBJECT_ID_PATTERN } from "../ids";
import { isoSeconds } from "../job-lifecycle";
import { paginate, parseListQuery } from "../pagination";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, NO_CONTENT, route } from "../router";
import { planCloudRestore, parseCloudCreateBody } from "../v2/cloud-create";
import type { CloudJobRecord } from "../v2/cloud-job-lifecycle";
import { cloudPhaseAt, downloadFile, renderCloudJob } from "../v2/cloud-job-lifecycle";
import { V2_PREFIX } from "../v2/versioning";
import type { ClusterState } from "../world";
import type { ClusterScope } from "./scope";
import { resolveCluster } from "./scope";

const BACKUP = `${V2_PREFIX}/groups/:groupId/clusters/:clusterName/backup`;

export function cloudBackupRoutes(): Route[] {
  return [
    route("POST", `${BACKUP}/restoreJobs`, createJob),
    route("GET", `${BACKUP}/restoreJobs`, listJobs),
    route("GET", `${BACKUP}/restoreJobs/:jobId`, (ctx) => withJob(ctx, (job) => json(render(ctx, job)))),
    route("DELETE", `${BACKUP}/restoreJobs/:jobId`, (ctx) => withJob(ctx, (job, scope) => cancel(ctx, job, scope.cluster))),
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
  return NO_CONTENT;
}

async function serveDownload(ctx: RequestContext): Promise<EmuResponse> {
  const job = ctx.world.cloudJob(ctx.params.jobId ?? "");
  const file = ctx.params.file ?? "";
  const known = job && job.deliveryType === "download" &&
    (file === downloadFile(job) || job.components.some((c) => file === downloadFile(job, c)));
  if (!job || !known) return apiError(atlasError("RESOURCE_NOT_FOUND", [ctx.path]));
  if (ctx.params.token !== job.token) {
    return apiError(atlasError("UNAUTHORIZED"));
  }
  const p = cloudPhaseAt(job, ctx.world.now());
  if (p.expired) return apiError(atlasError("EXPIRED", [job.id, isoSeconds(p.expiresAt ?? 0)]));
  if (p.readyAt === undefined || p.cancelled || p.failed) {
    return apiError(atlasError("RESOURCE_NOT_FOUND", [ctx.path], "The download is not ready."));
  }
  const archive = await restoreArchive(job.behaviour.archive);
  return { status: 200, headers: { "content-type": "application/gzip", "content-disposition": `attachment; filename="${file}"` }, raw: archive.bytes };
}

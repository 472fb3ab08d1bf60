/**
 * The three legacy restore-job operations (atlas-restore-api.md §1), served under
 * `/api/atlas/v1.0`, `/api/public/v1.0` and (versioned, deprecated) `/api/atlas/v2`:
 *   POST …/restoreJobs          create → 200 paginated list (§3.1)
 *   GET  …/restoreJobs          list, newest first, optional ?batchId= (§3.2, §4)
 *   GET  …/restoreJobs/:jobId   one job with cluster/snapshot/group links (§3.2)
 */
import { OBJECT_ID_PATTERN } from "../ids";
import type { RestoreJob } from "../../provider/atlas/models";
import { parseCreateBody } from "../create-body";
import { validateCreateRequest } from "../create-validation";
import { atlasError, isAtlasErrorSpec } from "../errors";
import type { JobRecord, RenderContext } from "../job-lifecycle";
import { renderJob } from "../job-lifecycle";
import { paginate, parseListQuery } from "../pagination";
import { planRestore } from "../restore-plan";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, route } from "../router";
import type { ClusterScope } from "./scope";
import { resolveCluster } from "./scope";
import { V2_PREFIX } from "../v2/versioning";

/** The legacy API is also served, deprecated, on v2 with the versioned media type (§1.1 of atlas-v2-and-auth.md). */
export const API_PREFIXES = ["/api/atlas/v1.0", "/api/public/v1.0", V2_PREFIX] as const;

export function restoreJobRoutes(): Route[] {
  return API_PREFIXES.flatMap((prefix) => {
    const jobs = `${prefix}/groups/:groupId/clusters/:clusterName/restoreJobs`;
    return [route("POST", jobs, createJobs), route("GET", jobs, listJobs), route("GET", `${jobs}/:jobId`, getJob)];
  });
}

function renderContext(ctx: RequestContext, scope: ClusterScope, detailLinks: boolean): RenderContext {
  return { origin: ctx.origin, apiPrefix: ctx.apiPrefix, clusterRef: scope.clusterRef, detailLinks };
}

function jobsHref(ctx: RequestContext, scope: ClusterScope): string {
  return `${ctx.origin}${ctx.apiPrefix}/groups/${scope.project.id}/clusters/${scope.clusterRef}/restoreJobs`;
}

function createJobs(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const scope = scoped.value;
  const request = parseCreateBody(ctx.bodyText);
  if (isAtlasErrorSpec(request)) return apiError(request);
  const invalid = validateCreateRequest(request, ctx.world.now());
  if (invalid) return apiError(invalid);
  const drafts = planRestore(ctx.world, scope.cluster, request);
  if (isAtlasErrorSpec(drafts)) return apiError(drafts);
  const stored = ctx.world.insertJobs(scope.cluster, drafts);
  const now = ctx.world.now();
  const results = stored.map((j) => renderJob(j, now, renderContext(ctx, scope, false)));
  const batchId = stored[0]?.batchId;
  // §3.1: the create list's self link selects the batch; a replica set has no batch.
  const self = batchId ? `${jobsHref(ctx, scope)}?batchId=${batchId}` : jobsHref(ctx, scope);
  return json({ links: [{ href: self, rel: "self" }], results, totalCount: results.length });
}

/** Newest restore first; the parts of one sharded restore stay in shard, shard, …, config order. */
function newestFirst(a: JobRecord, b: JobRecord): number {
  return b.batchSeq - a.batchSeq || a.partIndex - b.partIndex;
}

function listJobs(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const scope = scoped.value;
  const batchId = ctx.query.get("batchId");
  if (batchId !== null && !OBJECT_ID_PATTERN.test(batchId)) {
    return apiError(atlasError("INVALID_QUERY_PARAMETER", ["batchId"], "batchId must be a 24-hex id."));
  }
  const q = parseListQuery(ctx.query);
  if (isAtlasErrorSpec(q)) return apiError(q);
  const now = ctx.world.now();
  const jobs = scope.cluster.jobs.filter((j) => batchId === null || j.batchId === batchId).sort(newestFirst);
  // Page first, render only the page: lists stay cheap however many jobs exist.
  const page = paginate(jobs, q, jobsHref(ctx, scope), ctx.query);
  const results: RestoreJob[] = page.results.map((j) => renderJob(j, now, renderContext(ctx, scope, false)));
  return json({ ...page, results });
}

function getJob(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const scope = scoped.value;
  const jobId = ctx.params.jobId ?? "";
  if (!OBJECT_ID_PATTERN.test(jobId)) return apiError(atlasError("INVALID_PATH_PARAMETER", ["jobId"]));
  const job = ctx.world.job(jobId);
  if (!job || job.groupId !== scope.project.id || job.clusterName !== scope.cluster.name) {
    return apiError(atlasError("RESTORE_JOB_NOT_FOUND", [jobId, scope.cluster.name]));
  }
  return json(renderJob(job, ctx.world.now(), renderContext(ctx, scope, true)));
}

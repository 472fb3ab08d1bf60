/**
 * The legacy snapshots list, `GET …/clusters/{c}/snapshots[?completed=true|false|all]`, on the
 * same prefixes as the legacy restore jobs: `BackupSnapshot` of the OpenAPI (`listClusterSnapshots`:
 * `{id, clusterId, clusterName, groupId, complete, created {date, increment}, expires,
 * doNotDelete, incremental, parts, links}`), newest first, completed only by default (as the
 * spec says). It lets a program, or the `snapshot` selector, choose a restore point.
 */
import { atlasError, isAtlasErrorSpec } from "../errors";
import { isoSeconds } from "../job-lifecycle";
import { paginate, parseListQuery } from "../pagination";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, route } from "../router";
import { API_PREFIXES } from "./restore-jobs";
import { resolveCluster } from "./scope";

export function legacySnapshotRoutes(): Route[] {
  return API_PREFIXES.map((prefix) => route("GET", `${prefix}/groups/:groupId/clusters/:clusterName/snapshots`, listSnapshots));
}

/** Legacy snapshots are complete unless a fixture says otherwise (Cloud Backup's `status`). */
function listSnapshots(ctx: RequestContext): EmuResponse {
  const scoped = resolveCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const { project, cluster, clusterRef } = scoped.value;
  const completed = ctx.query.get("completed") ?? "true";
  if (!["true", "false", "all"].includes(completed)) return apiError(atlasError("INVALID_QUERY_PARAMETER", ["completed"], "completed must be true, false or all."));
  const q = parseListQuery(ctx.query);
  if (isAtlasErrorSpec(q)) return apiError(q);
  const snapshots = [...cluster.snapshots.values()]
    .filter((s) => completed === "all" || (s.status === "completed") === (completed === "true"))
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
  const base = `${ctx.origin}${ctx.apiPrefix}/groups/${project.id}/clusters/${clusterRef}/snapshots`;
  const page = paginate(snapshots, q, base, ctx.query);
  return json({
    ...page,
    results: page.results.map((s) => ({
      id: s.id,
      clusterId: cluster.id,
      clusterName: cluster.name,
      groupId: project.id,
      complete: s.status === "completed",
      created: { ...s.timestamp, date: isoSeconds(Date.parse(s.created)) },
      expires: isoSeconds(Date.parse(s.created) + 30 * 24 * 3600 * 1000),
      doNotDelete: false,
      incremental: false,
      parts: s.parts.map((p) => ({ clusterId: p.clusterId, replicaSetName: p.replicaSetName, typeName: p.typeName, snapshotId: p.snapshotId })),
      links: [{ href: `${base}/${s.id}`, rel: "self" }],
    })),
  });
}

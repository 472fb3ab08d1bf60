/**
 * Resolve `:groupId` / `:clusterName` path parameters to fixtures, with Atlas's errors (§1 path
 * patterns, §5.2 codes) and the project's API access list (§1 "Access list").
 */
import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "../ids";
import { atlasError } from "../errors";
import type { EmuResponse, RequestContext } from "../router";
import { apiError } from "../router";
import type { ClusterState, ProjectState } from "../world";
import { V2_PREFIX } from "../v2/versioning";

export const PUBLIC_API_PREFIX = "/api/public/v1.0";

export type Scoped<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: EmuResponse };

const fail = (response: EmuResponse): { ok: false; response: EmuResponse } => ({ ok: false, response });

export function resolveProject(ctx: RequestContext): Scoped<ProjectState> {
  const groupId = ctx.params.groupId ?? "";
  // §5.2 INVALID_GROUP_ID is a 404 in the Atlas table.
  if (!OBJECT_ID_PATTERN.test(groupId)) return fail(apiError(atlasError("INVALID_GROUP_ID", [groupId])));
  const project = ctx.world.project(groupId);
  if (!project) return fail(apiError(atlasError("GROUP_NOT_FOUND", [groupId])));
  if (project.accessList.length > 0 && !project.accessList.some((entry) => ipMatches(entry, ctx.remoteIp))) {
    return fail(apiError(atlasError("IP_ADDRESS_NOT_ON_ACCESS_LIST", [ctx.remoteIp])));
  }
  return { ok: true, value: project };
}

export interface ClusterScope {
  readonly project: ProjectState;
  readonly cluster: ClusterState;
  /** The path segment as sent (a name, or an id on /api/public/v1.0); links reuse it. */
  readonly clusterRef: string;
}

/**
 * The backup API a route serves. A cluster served by the other one answers as Atlas does: a
 * Cloud Backup cluster on the legacy restoreJobs paths gets INCORRECT_BACKUP_API_ENDPOINT naming
 * the v2 path (§1.5, inference); a legacy cluster on the v2 Cloud Backup paths the same code
 * naming the legacy path (the emulator's choice: the reference has no sample); a Flex cluster
 * CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API (REC).
 */
export type BackupApi = "legacy" | "cloud";

function wrongBackupApi(ctx: RequestContext, project: ProjectState, cluster: ClusterState, api: BackupApi): EmuResponse | undefined {
  if (cluster.backup === "flex") return apiError(atlasError("CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", [cluster.name]));
  if (cluster.backup === api) return undefined;
  const base = `${V2_PREFIX}/groups/${project.id}/clusters/${cluster.name}`;
  return apiError(atlasError("INCORRECT_BACKUP_API_ENDPOINT", [api === "legacy" ? `${base}/backup/restoreJobs` : `${base}/restoreJobs`]));
}

export function resolveCluster(ctx: RequestContext, api: BackupApi = "legacy"): Scoped<ClusterScope> {
  const scoped = findCluster(ctx);
  if (!scoped.ok) return scoped;
  const wrong = wrongBackupApi(ctx, scoped.value.project, scoped.value.cluster, api);
  return wrong ? fail(wrong) : scoped;
}

/** The cluster of the path, whichever backup API serves it. */
export function findCluster(ctx: RequestContext): Scoped<ClusterScope> {
  const p = resolveProject(ctx);
  if (!p.ok) return p;
  const project = p.value;
  const ref = ctx.params.clusterName ?? "";
  // Cloud/Ops Manager address clusters by id (§1, CM-create); accept that on the public API.
  if (ctx.apiPrefix === PUBLIC_API_PREFIX && OBJECT_ID_PATTERN.test(ref)) {
    const cluster = ctx.world.clusterById(project, ref) ?? ctx.world.clusterByName(project, ref);
    if (!cluster) return fail(apiError(atlasError("CLUSTER_NOT_FOUND", [ref, project.id])));
    return { ok: true, value: { project, cluster, clusterRef: ref } };
  }
  if (!CLUSTER_NAME_PATTERN.test(ref)) return fail(apiError(atlasError("INVALID_PATH_PARAMETER", ["clusterName"])));
  const cluster = ctx.world.clusterByName(project, ref);
  // v1.0 documents CLUSTER_NAME_NOT_FOUND for a name (§5.2); v2 answers CLUSTER_NOT_FOUND "No cluster named …" (REC, CLI).
  if (!cluster) return fail(apiError(atlasError(ctx.apiPrefix === V2_PREFIX ? "CLUSTER_NAMED_NOT_FOUND" : "CLUSTER_NAME_NOT_FOUND", [ref, project.id])));
  return { ok: true, value: { project, cluster, clusterRef: ref } };
}

/** Exact IP, or IPv4 CIDR (`10.0.0.0/8`). */
export function ipMatches(entry: string, ip: string): boolean {
  const [base, bitsText] = entry.split("/");
  if (bitsText === undefined) return entry === ip;
  const a = ipv4ToInt(base ?? "");
  const b = ipv4ToInt(ip);
  const bits = Number(bitsText);
  if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
  return parts.reduce((acc, n) => ((acc << 8) | n) >>> 0, 0);
}

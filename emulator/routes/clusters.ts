/**
 * The minimum of the Clusters and Flex APIs that MongoDB's own clients read before a restore
 * (the Atlas CLI, mongodb/mongodb-atlas-cli `internal/cli/backup/restores/`):
 *   GET /api/atlas/v2/groups/:g/clusters/:name          `ClusterDescription20240805` (version
 *       2024-08-05): name, id, state, backup settings, replication / sharding shape from the
 *       fixtures. `restores start` probes it and switches to the Flex API on 400
 *       CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API; a missing cluster is 404 CLUSTER_NOT_FOUND.
 *   GET|POST …/flexClusters/:name/backup/restoreJobs[/:id], GET …/backup/snapshots[/:id]
 *       (version 2024-11-13): `restores watch|describe|list` ask these first. A dedicated cluster
 *       answers 400 CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API (REC, exact body), on which the CLI
 *       uses the Cloud Backup API. Flex backups themselves are not modelled: a Flex cluster lists
 *       no restore jobs or snapshots.
 */
import { atlasError } from "../errors";
import { derivedObjectId } from "../ids";
import { isoSeconds } from "../job-lifecycle";
import type { EmuResponse, RequestContext, Route } from "../router";
import { apiError, json, route } from "../router";
import { V2_PREFIX } from "../v2/versioning";
import type { ClusterState } from "../world";
import type { ClusterScope } from "./scope";
import { findCluster } from "./scope";

const GROUP = `${V2_PREFIX}/groups/:groupId`;
const FLEX_BACKUP = `${GROUP}/flexClusters/:clusterName/backup`;

export function clusterRoutes(): Route[] {
  return [
    route("GET", `${GROUP}/clusters/:clusterName`, getCluster),
    route("GET", `${FLEX_BACKUP}/restoreJobs`, (ctx) => onFlex(ctx, (scope) => emptyPage(ctx, scope, "restoreJobs"))),
    route("POST", `${FLEX_BACKUP}/restoreJobs`, (ctx) => onFlex(ctx, (scope) => flexSnapshotMissing(ctx, scope))),
    route("GET", `${FLEX_BACKUP}/restoreJobs/:jobId`, (ctx) => onFlex(ctx, (scope) => apiError(atlasError("TENANT_RESTORE_NOT_FOUND", [ctx.params.jobId, scope.cluster.name])))),
    route("GET", `${FLEX_BACKUP}/snapshots`, (ctx) => onFlex(ctx, (scope) => emptyPage(ctx, scope, "snapshots"))),
    route("GET", `${FLEX_BACKUP}/snapshots/:snapshotId`, (ctx) => onFlex(ctx, (scope) => apiError(atlasError("TENANT_SNAPSHOT_NOT_FOUND", [ctx.params.snapshotId, scope.cluster.name])))),
  ];
}

function getCluster(ctx: RequestContext): EmuResponse {
  const scoped = findCluster(ctx);
  if (!scoped.ok) return scoped.response;
  const { cluster } = scoped.value;
  if (cluster.backup === "flex") return apiError(atlasError("CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", [cluster.name]));
  return json(clusterView(ctx, scoped.value));
}

function onFlex(ctx: RequestContext, answer: (scope: ClusterScope) => EmuResponse): EmuResponse {
  const scoped = findCluster(ctx);
  if (!scoped.ok) return scoped.response;
  if (scoped.value.cluster.backup !== "flex") return apiError(atlasError("CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API", [scoped.value.cluster.name]));
  return answer(scoped.value);
}

function emptyPage(ctx: RequestContext, scope: ClusterScope, tail: string): EmuResponse {
  const self = `${ctx.origin}${V2_PREFIX}/groups/${scope.project.id}/flexClusters/${scope.clusterRef}/backup/${tail}`;
  return json({ links: [{ href: self, rel: "self" }], results: [], totalCount: 0 });
}

/** A Flex restore names a snapshot; the emulator has none for Flex clusters. */
function flexSnapshotMissing(ctx: RequestContext, scope: ClusterScope): EmuResponse {
  let snapshotId: unknown;
  try {
    snapshotId = (JSON.parse(ctx.bodyText) as { snapshotId?: unknown } | null)?.snapshotId;
  } catch {
    return apiError(atlasError("INVALID_JSON"));
  }
  return apiError(atlasError("TENANT_SNAPSHOT_NOT_FOUND", [String(snapshotId ?? ""), scope.cluster.name]));
}

/** The cluster's first snapshot (or now): clusters carry no creation date in the fixtures. */
function createDate(cluster: ClusterState, now: number): string {
  const times = [...cluster.snapshots.values()].map((s) => Date.parse(s.created));
  return isoSeconds(Math.min(now, ...times) - 86_400_000);
}

/** One replication spec per shard (the 2024-08-05 model has no `numShards`). */
function replicationSpecs(cluster: ClusterState) {
  const shards = cluster.type === "SHARDED" ? cluster.layout.filter((l) => l.typeName !== "CONFIG_SERVER") : [{ replicaSetName: cluster.name }];
  const zoneId = derivedObjectId(cluster.id, "zone");
  return shards.map((s) => ({
    id: derivedObjectId(cluster.id, s.replicaSetName),
    zoneId,
    zoneName: "Zone 1",
    regionConfigs: [{
      providerName: "AWS",
      regionName: "US_EAST_1",
      priority: 7,
      electableSpecs: { instanceSize: "M10", nodeCount: 3, diskSizeGB: 10, diskIOPS: 3000, ebsVolumeType: "STANDARD" },
    }],
  }));
}

/**
 * `ClusterDescription20240805`, the fields REC shows that the fixtures can fill. `backupEnabled`
 * means Cloud Backup in this version: a legacy-backup cluster (no longer creatable in Atlas) shows
 * false, and its links point at the legacy restore jobs and snapshots.
 */
function clusterView(ctx: RequestContext, scope: ClusterScope): Record<string, unknown> {
  const { cluster, project } = scope;
  const base = `${ctx.origin}${V2_PREFIX}/groups/${project.id}/clusters/${scope.clusterRef}`;
  const host = cluster.name.toLowerCase();
  const [major = "0", minor = "0"] = cluster.mongoDBVersion.split(".");
  const backup = cluster.backup === "cloud" ? "backup/" : "";
  return {
    backupEnabled: cluster.backup === "cloud",
    clusterType: cluster.type === "SHARDED" ? "SHARDED" : "REPLICASET",
    ...(cluster.type === "SHARDED" ? { configServerType: "DEDICATED", configServerManagementMode: "ATLAS_MANAGED" } : {}),
    connectionStrings: {
      standard: `mongodb://${host}-shard-00-00.emulator.invalid:27017/?ssl=true&authSource=admin`,
      standardSrv: `mongodb+srv://${host}.emulator.invalid`,
    },
    createDate: createDate(cluster, ctx.world.now()),
    encryptionAtRestProvider: cluster.encryptionAtRest ? "AWS" : "NONE",
    featureCompatibilityVersion: `${major}.${minor}`,
    groupId: project.id,
    id: cluster.id,
    labels: [],
    links: [
      { href: base, rel: "self" },
      { href: `${base}/${backup}restoreJobs`, rel: "https://cloud.mongodb.com/restoreJobs" },
      { href: `${base}/${backup}snapshots`, rel: "https://cloud.mongodb.com/snapshots" },
    ],
    mongoDBMajorVersion: `${major}.${minor}`,
    mongoDBVersion: cluster.mongoDBVersion,
    name: cluster.name,
    paused: false,
    pitEnabled: cluster.pitEnabled,
    replicationSpecs: replicationSpecs(cluster),
    retainBackups: false,
    stateName: "IDLE",
    tags: [],
    terminationProtectionEnabled: false,
    versionReleaseSystem: "LTS",
  };
}

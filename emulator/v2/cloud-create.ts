/**
 * POST …/backup/restoreJobs: parse the `DiskBackupSnapshotRestoreJob` body (atlas-v2-and-auth.md
 * §1.3), then decide, in this order, what Atlas would answer (§1.5): attribute errors (400), the
 * snapshot (404 / 409 incomplete), the target (404, topology 409), point-in-time checks
 * (400 / 404), the download limits (400) and a busy target (409). Returns the job to store.
 */
import type { AtlasErrorSpec } from "../errors";
import { atlasError, isAtlasErrorSpec } from "../errors";
import { deletedSnapshot, lookupSnapshot, pitBaseSnapshot } from "../snapshot-lifecycle";
import { type FieldChecks, invalidField, parseJsonObject } from "../body-fields";
import { CLUSTER_NAME_PATTERN, derivedObjectId, newObjectId, newToken, OBJECT_ID_PATTERN } from "../ids";
import type { ClusterState, SnapshotState, World } from "../world";
import type { CloudDeliveryType, CloudJobRecord } from "./cloud-job-lifecycle";
import { CLOUD_DELIVERY_TYPES, isActiveDownload, isRestoringTarget } from "./cloud-job-lifecycle";

/** D-RST / existing notes §7: at most 20 active downloads per project, one per snapshot. */
export const MAX_ACTIVE_DOWNLOADS_PER_PROJECT = 20;

/** int32 epoch seconds from 2008-01-01 (the spec's minimum) on. */
const MIN_EPOCH_SECONDS = 1199145600;
const INT32_MAX = 2147483647;

interface CloudCreateRequest {
  deliveryType: CloudDeliveryType;
  snapshotId?: string;
  targetClusterName?: string;
  targetGroupId?: string;
  pointInTimeUTCSeconds?: number;
  oplogTs?: number;
  oplogInc?: number;
}

type Field = keyof CloudCreateRequest;
/**
 * How each writable field is checked; readOnly fields of the schema are refused like unknown ones.
 * A Map, not an object literal: a body key such as `__proto__`, `constructor` or `valueOf` must
 * find nothing (issue 17 item 8: on a plain object they answered 500 or were accepted).
 */
const FIELDS: FieldChecks = new Map<Field, (v: unknown) => boolean>([
  ["deliveryType", (v) => typeof v === "string"],
  ["snapshotId", (v) => typeof v === "string" && OBJECT_ID_PATTERN.test(v)],
  ["targetClusterName", (v) => typeof v === "string" && CLUSTER_NAME_PATTERN.test(v)],
  ["targetGroupId", (v) => typeof v === "string" && OBJECT_ID_PATTERN.test(v)],
  ["pointInTimeUTCSeconds", (v) => isInt32(v, MIN_EPOCH_SECONDS)],
  ["oplogTs", (v) => isInt32(v, MIN_EPOCH_SECONDS)],
  ["oplogInc", (v) => isInt32(v, 1)],
]);

function isInt32(v: unknown, min: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= INT32_MAX;
}

export function parseCloudCreateBody(text: string): CloudCreateRequest | AtlasErrorSpec {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return parsed.error;
  const body = parsed.value;
  const invalid = invalidField(body, FIELDS, "DiskBackupSnapshotRestoreJob");
  if (invalid) return invalid;
  const r = body as unknown as CloudCreateRequest;
  if (r.deliveryType === undefined) return atlasError("MISSING_ATTRIBUTE", ["deliveryType"]);
  if (!CLOUD_DELIVERY_TYPES.includes(r.deliveryType)) return atlasError("INVALID_ENUM_VALUE", [r.deliveryType]);
  if (r.deliveryType !== "pointInTime" && !r.snapshotId) return atlasError("MISSING_ATTRIBUTE", ["snapshotId"]);
  if (r.deliveryType === "download") {
    const extra = (["targetClusterName", "targetGroupId", "pointInTimeUTCSeconds", "oplogTs", "oplogInc"] as const).find((k) => r[k] !== undefined);
    if (extra) return atlasError("INVALID_ATTRIBUTE", [extra], "A download restore takes only snapshotId.");
  } else {
    if (!r.targetClusterName) return atlasError("MISSING_ATTRIBUTE", ["targetClusterName"]);
    if (!r.targetGroupId) return atlasError("MISSING_ATTRIBUTE", ["targetGroupId"]);
  }
  if (r.deliveryType === "automated") {
    const extra = (["pointInTimeUTCSeconds", "oplogTs", "oplogInc"] as const).find((k) => r[k] !== undefined);
    if (extra) return atlasError("INVALID_ATTRIBUTE", [extra], "Point-in-time fields need deliveryType pointInTime.");
  }
  if (r.deliveryType === "pointInTime") {
    const byOplog = r.oplogTs !== undefined || r.oplogInc !== undefined;
    if (byOplog && (r.oplogTs === undefined || r.oplogInc === undefined)) return atlasError("MISSING_ATTRIBUTE", [r.oplogTs === undefined ? "oplogTs" : "oplogInc"]);
    if (byOplog === (r.pointInTimeUTCSeconds !== undefined)) return atlasError("INVALID_PIT_RESTORE_TIME");
  }
  return r;
}

function sameTopology(a: ClusterState, b: ClusterState): boolean {
  return a.type === b.type && a.layout.length === b.layout.length;
}

export function planCloudRestore(world: World, source: ClusterState, r: CloudCreateRequest): CloudJobRecord | AtlasErrorSpec {
  const now = world.now();
  let snapshot: SnapshotState;
  if (r.deliveryType === "pointInTime") {
    if (!source.pitEnabled) return atlasError("INVALID_PIT_RESTORE_TIME", [], `Continuous Cloud Backup is not enabled for cluster ${source.name}.`);
    const seconds = (r.pointInTimeUTCSeconds ?? r.oplogTs) as number;
    if (seconds * 1000 > now) return atlasError("INVALID_PIT_RESTORE_TIME", [], "The point in time is in the future.");
    const base = pitBaseSnapshot(source, {
      atMs: seconds * 1000,
      snapshotId: r.snapshotId,
      pointOf: (s) => Date.parse(s.created),
      // Not documented which code a moment outside the window gets: the generic PIT-time error (D-ERR).
      outsideWindow: (note) => atlasError("INVALID_PIT_RESTORE_TIME", [], note),
    }, now);
    if (isAtlasErrorSpec(base)) return base;
    snapshot = base;
  } else {
    const found = lookupSnapshot(source, r.snapshotId as string, now);
    if (found.kind === "none") return atlasError("SNAPSHOT_NOT_FOUND", [r.snapshotId, source.name]);
    if (found.kind === "gone") return deletedSnapshot(found.snapshot, now);
    if (found.phase.status !== "completed") {
      return atlasError(r.deliveryType === "download" ? "CANNOT_DOWNLOAD_INCOMPLETE_SNAPSHOT" : "CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT", [found.snapshot.id]);
    }
    snapshot = found.snapshot;
  }

  let target: CloudJobRecord["target"];
  if (r.deliveryType !== "download") {
    const project = world.project(r.targetGroupId as string);
    if (!project) return atlasError("GROUP_NOT_FOUND", [r.targetGroupId]);
    const cluster = world.clusterByName(project, r.targetClusterName as string);
    if (!cluster) return atlasError("CLUSTER_NAMED_NOT_FOUND", [r.targetClusterName, project.id]);
    if (cluster.backup === "flex") return atlasError("CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", [cluster.name]);
    if (!sameTopology(source, cluster)) return atlasError("INVALID_RESTORE_PROCESS", [], "Source and target need the same topology and shard count.");
    const busy = world.allCloudJobs().some((j) => j.target?.groupId === project.id && j.target.clusterName === cluster.name && isRestoringTarget(j, now));
    if (busy) return atlasError("ATLAS_CLUSTER_RESTORE_IN_PROGRESS");
    target = { groupId: project.id, clusterName: cluster.name, deploymentItemName: `atlas-${derivedObjectId(cluster.id).slice(0, 6)}` };
  } else {
    const active = world.allCloudJobs({ projectId: source.groupId }).filter((j) => isActiveDownload(j, now));
    if (active.some((j) => j.snapshotId === snapshot?.id)) return atlasError("CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY", [snapshot.id]);
    if (active.length >= MAX_ACTIVE_DOWNLOADS_PER_PROJECT) return atlasError("TOO_MANY_SNAPSHOT_DOWNLOADS", [MAX_ACTIVE_DOWNLOADS_PER_PROJECT]);
  }

  return {
    id: newObjectId(now),
    groupId: source.groupId,
    clusterName: source.name,
    createdAt: now,
    deliveryType: r.deliveryType,
    snapshotId: snapshot.id,
    snapshotTime: new Date(Date.parse(snapshot.created)).toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...(r.pointInTimeUTCSeconds !== undefined ? { pointInTimeUTCSeconds: r.pointInTimeUTCSeconds } : {}),
    ...(r.oplogTs !== undefined ? { oplogTs: r.oplogTs, oplogInc: r.oplogInc } : {}),
    ...(target ? { target } : {}),
    components: source.layout.map((l) => l.replicaSetName),
    ...(source.privateDownloadEndpointId && r.deliveryType === "download" ? { privateEndpointId: source.privateDownloadEndpointId } : {}),
    behaviour: source.behaviour,
    token: newToken(),
  };
}

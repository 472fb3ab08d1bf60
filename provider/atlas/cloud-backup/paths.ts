/**
 * Paths of the v2 Cloud Backup resources (atlas-v2-and-auth.md §1.1, §1.6), relative to
 * `…/api/atlas/v2`, built only from validated parameters (the legacy checks, shared).
 */
import { checkClusterName, checkObjectId } from "../paths";

function clusterBackup(projectId: unknown, clusterName: unknown): string {
  return `/groups/${encodeURIComponent(checkObjectId("projectId", projectId))}/clusters/${encodeURIComponent(checkClusterName(clusterName))}/backup`;
}

/** `/groups/{g}/clusters/{c}/backup/restoreJobs[/{restoreJobId}]`. */
export function cloudRestoreJobsPath(projectId: unknown, clusterName: unknown, jobId?: unknown): string {
  const base = `${clusterBackup(projectId, clusterName)}/restoreJobs`;
  return jobId === undefined ? base : `${base}/${encodeURIComponent(checkObjectId("jobId", jobId))}`;
}

/** `/groups/{g}/clusters/{c}/backup/snapshots[/{snapshotId}]` or the sharded view `…/snapshots/shardedClusters`. */
export function cloudSnapshotsPath(projectId: unknown, clusterName: unknown, view: "replicaSet" | "shardedClusters" = "replicaSet", snapshotId?: unknown): string {
  const base = `${clusterBackup(projectId, clusterName)}/snapshots`;
  if (view === "shardedClusters") return `${base}/shardedClusters`;
  return snapshotId === undefined ? base : `${base}/${encodeURIComponent(checkObjectId("snapshotId", snapshotId))}`;
}

import type { CloudSnapshot } from "../atlas/cloud-backup";
import type { RestoreContext } from "../restore-core/adapter";
import { RestoreError } from "../restore-core/errors";
import { describeSelector, pickSnapshot } from "../restore-core/snapshot-selector";
import type { CloudBackupRestoreJobInputs } from "./inputs";

/** The two snapshot reads the decision needs (CloudBackupClient implements them). */
export interface CloudSnapshotsApi {
  listSnapshots(projectId: string, clusterName: string): Promise<CloudSnapshot[]>;
  getSnapshot(projectId: string, clusterName: string, snapshotId: string): Promise<CloudSnapshot>;
}

/**
 * The snapshot the inputs mean, decided now and never again: the selector's pick from the
 * snapshot list, or the explicit snapshotId after checking it is complete and (unless allowed)
 * not a fallback snapshot. Undefined for a point-in-time restore without snapshotId.
 */
export async function resolveSnapshot(ctx: RestoreContext<CloudSnapshotsApi>, inputs: CloudBackupRestoreJobInputs): Promise<string | undefined> {
  const { projectId, clusterName, snapshot, snapshotId, allowFallbackSnapshot } = inputs;
  if (snapshot) {
    const candidates = (await ctx.api.listSnapshots(projectId, clusterName)).map((s) => ({
      id: s.id, createdAt: s.createdAt, completed: s.status === "completed", fallback: s.snapshotType === "fallback",
    }));
    const picked = pickSnapshot(candidates, snapshot, allowFallbackSnapshot);
    if (!picked) {
      throw new RestoreError(
        "NO_MATCHING_SNAPSHOT",
        `Cluster ${clusterName} has no ${describeSelector(snapshot)}${allowFallbackSnapshot ? "" : " that is not a fallback snapshot"}. ` +
          "Check the cluster's backup snapshots in Atlas, widen snapshot.latestBefore, or set snapshotId.",
      );
    }
    ctx.log(`${clusterName}: snapshot selector picked ${picked.id} (created ${picked.createdAt}); it stays pinned as resolvedSnapshotId`);
    return picked.id;
  }
  if (!snapshotId) return undefined;
  const s = await ctx.api.getSnapshot(projectId, clusterName, snapshotId);
  if (s.snapshotType === "fallback" && !allowFallbackSnapshot) {
    throw new RestoreError(
      "NO_MATCHING_SNAPSHOT",
      `Snapshot ${snapshotId} of cluster ${clusterName} is a fallback snapshot, which "may contain inconsistent data" and is a last resort. ` +
        "Set allowFallbackSnapshot: true to restore it anyway, or choose another snapshot.",
    );
  }
  return snapshotId;
}


/** Plans over the emulator's fixtures, shared by the DR plan tests. */
import { FIXTURE_IDS as IDS } from "../../emulator";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../../provider";

export { IDS };

export const target = (clusterName: string) => `${IDS.drProjectId}/${clusterName}`;

/** An automated restore of a seed-project cluster into a DR-project cluster. */
export function automated(source: string, into: string, restorePoint: DrPlanEntryArgs["restorePoint"], extra: Partial<DrPlanEntryArgs> = {}): DrPlanEntryArgs {
  return {
    source: { projectId: IDS.projectId, clusterName: source },
    restorePoint,
    delivery: { type: "automated", targetProjectId: IDS.drProjectId, targetClusterName: into },
    ...extra,
  };
}

export function download(source: string, restorePoint: DrPlanEntryArgs["restorePoint"], extra: Partial<DrPlanEntryArgs> = {}): DrPlanEntryArgs {
  return { source: { projectId: IDS.projectId, clusterName: source }, restorePoint, delivery: { type: "download" }, ...extra };
}

/** Five automated restores, legacy and Cloud Backup, with one `after`. */
export function fiveEntryPlan(extra: Partial<DisasterRecoveryPlanArgs> = {}): DisasterRecoveryPlanArgs {
  return {
    entries: {
      "config-db": automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { snapshotId: IDS.replicaSet0.snapshotId }, { api: "legacy" }),
      orders: automated(IDS.orders0.name, IDS.drOrders0.name, { snapshotId: IDS.orders0.snapshotId }, { api: "legacy", after: ["config-db"] }),
      sharded: automated(IDS.cluster0.name, IDS.drCluster0.name, { snapshotId: IDS.cluster0.snapshotId }, { api: "legacy" }),
      "cloud-rs": automated(IDS.cloudReplicaSet0.name, IDS.drCloudReplicaSet0.name, { snapshot: { latest: true } }, { api: "cloudBackup" }),
      "cloud-sharded": automated(IDS.cloudCluster0.name, IDS.drCloudCluster0.name, { snapshotId: IDS.cloudCluster0.latestSnapshotId }, { api: "cloudBackup" }),
    },
    overwritableTargets: [IDS.drReplicaSet0.name, IDS.drOrders0.name, IDS.drCluster0.name, IDS.drCloudReplicaSet0.name, IDS.drCloudCluster0.name].map(target),
    ...extra,
  };
}

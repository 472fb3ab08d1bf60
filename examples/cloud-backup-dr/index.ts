import * as pulumi from "@pulumi/pulumi";
import { CloudBackupRestoreJob } from "pulumi-atlas-restore";

/** One line of the plan: restore production cluster `source` into DR cluster `target`. */
interface PlannedRestore {
  source: string;
  target: string;
}

const config = new pulumi.Config();
const projectId = config.require("projectId"); // the production project
const drProjectId = config.require("drProjectId"); // WARNING: its target clusters' data is replaced
const plan = config.requireObject<PlannedRestore[]>("plan");
// The drill's name, e.g. its date. Changing it is the ONLY thing that restores again.
const drill = config.require("drill");
// Optional: restore the newest snapshot taken before this time instead of the newest one.
const before = config.get("snapshotsBefore");

// The snapshot is chosen by a selector, resolved once when the restore is created and kept as
// `resolvedSnapshotId`. Atlas taking new snapshots every night changes nothing: `pulumi up` stays
// a no-op until `drill` (the trigger) changes (the trap of terraform-provider-mongodbatlas#2804
// does not apply). Fallback snapshots are never picked.
export const restores = pulumi.output(
  Object.fromEntries(
    plan.map((p) => {
      const restore = new CloudBackupRestoreJob(`${p.source}-to-${p.target}`, {
        projectId,
        clusterName: p.source,
        deliveryType: "automated",
        snapshot: before ? { latestBefore: before } : { latest: true },
        targetProjectId: drProjectId,
        targetClusterName: p.target,
        trigger: drill,
        waitTimeoutMinutes: 360, // large clusters take hours; on timeout the next `up` resumes waiting
      });
      return [p.source, { target: p.target, status: restore.status, snapshot: restore.resolvedSnapshotId, restoredTo: restore.restorePointTime }];
    }),
  ),
);

import * as pulumi from "@pulumi/pulumi";
import { RestoreJob } from "pulumi-atlas-restore";

/** One line of the plan: restore `snapshotId` of production cluster `source` into DR cluster `target`. */
interface PlannedRestore {
  source: string;
  snapshotId: string;
  target: string;
}

const config = new pulumi.Config();
const projectId = config.require("projectId"); // the production project
const drProjectId = config.require("drProjectId"); // WARNING: its target clusters' data is replaced
const plan = config.requireObject<PlannedRestore[]>("plan");

// Each restore point is pinned: an explicit snapshotId, edited on purpose. Never feed it from a
// "latest snapshot" lookup. The restore point is part of what a RestoreJob is, so a new value is a
// new restore: every `pulumi up` after each nightly snapshot would wipe and restore the DR
// clusters again (terraform-provider-mongodbatlas#2804 is that trap). To move on, edit the plan.
export const restores = pulumi.output(
  Object.fromEntries(
    plan.map((p) => {
      const restore = new RestoreJob(`${p.source}-to-${p.target}`, {
        projectId,
        clusterName: p.source,
        snapshotId: p.snapshotId,
        delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: drProjectId, targetClusterName: p.target },
        waitTimeoutMinutes: 360, // large clusters take hours; on timeout the next `up` resumes waiting
      });
      return [p.source, { target: p.target, id: restore.id, status: restore.status }];
    }),
  ),
);

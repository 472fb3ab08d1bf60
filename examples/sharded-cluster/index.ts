import * as pulumi from "@pulumi/pulumi";
import { RestoreJob } from "pulumi-atlas-restore";

const config = new pulumi.Config();

// A sharded cluster's snapshot restores as one batch: one job, and one download, per shard and
// per config server, all sharing a batchId.
const restore = new RestoreJob("sharded-download", {
  projectId: config.require("projectId"),
  clusterName: config.require("clusterName"),
  snapshotId: config.require("snapshotId"),
  delivery: { methodName: "HTTP", expirationHours: 4, maxDownloads: 1 },
});

export const batchId = restore.batchId;

/** Each part's replica set (clusterId) and statuses. Only non-secret fields, hence unsecret. */
export const parts = pulumi.unsecret(
  restore.jobs.apply((jobs) =>
    jobs.map((j) => ({ jobId: j.id, clusterId: j.clusterId, status: j.statusName, delivery: j.delivery.statusName })),
  ),
);

/** Download URL of each part, by its replica set's clusterId. Secret (each URL carries a token). */
export const downloads = pulumi.secret(
  restore.jobs.apply((jobs) => Object.fromEntries(jobs.map((j) => [j.clusterId ?? j.id, j.delivery.url ?? j.delivery.urlV2]))),
);

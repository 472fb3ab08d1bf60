import * as pulumi from "@pulumi/pulumi";
import { RestoreJob } from "pulumi-atlas-restore";

const config = new pulumi.Config();

// One restore of one snapshot, delivered as .tar.gz downloads. `pulumi up` waits until the links
// are ready; a later `up` with the same inputs does nothing (no second restore).
const restore = new RestoreJob("download", {
  projectId: config.require("projectId"),
  clusterName: config.require("clusterName"),
  snapshotId: config.require("snapshotId"),
  delivery: {
    methodName: "HTTP",
    expirationHours: config.getNumber("expirationHours") ?? 4, // links stay valid this long once ready
    maxDownloads: config.getNumber("maxDownloads") ?? 1, // each link works this many times
  },
});

export const restoreId = restore.id;
/** Sharded clusters only: the batch all parts share. */
export const batchId = restore.batchId;
export const status = restore.status;
export const expiresAt = restore.expiresAt;
/** Secret: `pulumi stack output deliveryUrls --show-secrets`. */
export const deliveryUrls = restore.deliveryUrls;

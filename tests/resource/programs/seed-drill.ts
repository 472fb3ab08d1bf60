// A real Pulumi program, as a user would write it (default-export form: the language host calls it).
import * as pulumi from "@pulumi/pulumi";
import { RestoreJob } from "../../../provider";

export default async function seedDrill() {
  const config = new pulumi.Config("drill");
  const download = new RestoreJob("seed-download", {
    projectId: config.require("projectId"),
    clusterName: "Cluster0",
    snapshotId: config.require("snapshotId"),
    delivery: { methodName: "HTTP", expirationHours: 1, maxDownloads: 2 },
  });
  return {
    batchId: download.batchId,
    status: download.status,
    jobIds: download.jobIds,
    deliveryUrls: download.deliveryUrls,
    partStatuses: download.jobs.apply((jobs) => jobs.map((j) => j.delivery.statusName)),
    statusDetail: download.statusDetail,
  };
}

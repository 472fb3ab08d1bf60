/**
 * The DR drill that `npm start` runs (Pulumi.yaml's program): two restores, each waited for until
 * its data is usable.
 *
 *  1. HTTP download of a snapshot of a sharded cluster: one `.tar.gz` per shard and config server.
 *  2. AUTOMATED_RESTORE of a replica set's snapshot into a DR cluster in another project.
 *     **This wipes the DR cluster's data first.** Point it only at a cluster meant for drills.
 *
 * Every id comes from stack config (`pulumi config set atlas-restore-drill:<key> <value>`, or
 * `npm start -- --config <key>=<value>`). The defaults are the ids of the local emulator's seed
 * world, so the drill runs offline as is; they do not exist in Atlas. This program deliberately
 * does not import the emulator: pointed at Atlas, it is an ordinary Pulumi program.
 */
import * as pulumi from "@pulumi/pulumi";
import { RestoreJob } from "../provider";
import { DRILL_DEFAULTS } from "./defaults";

const config = new pulumi.Config();
const setting = (key: keyof typeof DRILL_DEFAULTS) => config.get(key) ?? DRILL_DEFAULTS[key];
const waitTimeoutMinutes = config.getNumber("waitTimeoutMinutes") ?? 60;

const download = new RestoreJob("cluster0-download", {
  projectId: setting("projectId"),
  clusterName: setting("shardedCluster"),
  // Pinned: a "latest snapshot" lookup here would start a new restore whenever a newer one appears.
  snapshotId: setting("shardedSnapshotId"),
  delivery: { methodName: "HTTP", expirationHours: 4, maxDownloads: 2 },
  waitTimeoutMinutes,
});

const dr = new RestoreJob("replicaset0-to-dr", {
  projectId: setting("projectId"),
  clusterName: setting("replicaSet"),
  snapshotId: setting("replicaSetSnapshotId"),
  delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: setting("drProjectId"), targetClusterName: setting("drCluster") },
  waitTimeoutMinutes,
});

/** What one restore came to: its resource id, batch (sharded only), overall and per-part status. */
const summary = (job: RestoreJob) =>
  pulumi.output({ id: job.id, batchId: job.batchId, status: job.status, parts: job.statusDetail, expiresAt: job.expiresAt });

/** The sharded download's batch: every part (shards and config server) shares it. */
export const batchId = download.batchId;
/** Per restore: id, batchId, status (READY when usable) and one status line per part. */
export const restores = pulumi.output({ "cluster0-download": summary(download), "replicaset0-to-dr": summary(dr) });
/** The download links, one per shard and config server. Secret: each carries its access token. */
export const deliveryUrls = pulumi.secret({ "cluster0-download": download.deliveryUrls });

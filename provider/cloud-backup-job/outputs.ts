import type { CloudRestoreJob } from "../atlas/cloud-backup";
import { cloudStatus, downloadUrlsOf, type CloudRestoreStatus } from "./status";

/** Computed outputs of a CloudBackupRestoreJob (besides the inputs, kept in state too). */
export interface CloudBackupRestoreJobOutputs {
  jobId: string;
  status: CloudRestoreStatus;
  /**
   * Download URLs keyed by replica set: for a sharded cluster one per `components[].replicaSetName`
   * (shards and config server), for a replica set one under the cluster's name. Empty for
   * automated / PIT restores. **Secret.**
   */
  deliveryUrls: Record<string, string>;
  /** Private-endpoint URLs, keyed like `deliveryUrls`, where Atlas gives them. **Secret.** */
  privateDownloadDeliveryUrls?: Record<string, { deliveryUrl: string; endpointId?: string }[]>;
  expiresAt?: string;
  finishedAt?: string;
  /** The snapshot's time (`timestamp`), or the requested point in time, ISO 8601. */
  restorePointTime?: string;
  /** The snapshot restored: the `snapshot` selector's pick, made once at create. */
  resolvedSnapshotId?: string;
}

/** Output keys stored as secrets. */
export const CLOUD_SECRET_OUTPUTS = ["deliveryUrls", "privateDownloadDeliveryUrls"] as const;

function privateUrlsOf(job: CloudRestoreJob, clusterName: string): CloudBackupRestoreJobOutputs["privateDownloadDeliveryUrls"] {
  const entries: [string, { deliveryUrl: string; endpointId?: string }[]][] = [];
  for (const c of job.components ?? []) if (c.privateDownloadDeliveryUrls?.length) entries.push([c.replicaSetName, c.privateDownloadDeliveryUrls]);
  if (job.privateDownloadDeliveryUrls?.length) entries.push([clusterName, job.privateDownloadDeliveryUrls]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function restorePointTime(job: CloudRestoreJob): string | undefined {
  const seconds = job.pointInTimeUTCSeconds ?? job.oplogTs;
  return seconds !== undefined ? new Date(seconds * 1000).toISOString() : job.timestamp;
}

export function toCloudOutputs(job: CloudRestoreJob, clusterName: string, resolvedSnapshotId?: string): CloudBackupRestoreJobOutputs {
  const privateUrls = privateUrlsOf(job, clusterName);
  const point = restorePointTime(job);
  return {
    jobId: job.id,
    status: cloudStatus(job),
    deliveryUrls: job.deliveryType === "download" ? downloadUrlsOf(job, clusterName) : {},
    ...(privateUrls ? { privateDownloadDeliveryUrls: privateUrls } : {}),
    ...(job.expiresAt ? { expiresAt: job.expiresAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(point ? { restorePointTime: point } : {}),
    ...(resolvedSnapshotId ?? job.snapshotId ? { resolvedSnapshotId: resolvedSnapshotId ?? job.snapshotId } : {}),
  };
}

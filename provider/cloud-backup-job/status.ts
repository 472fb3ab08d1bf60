import type { CloudRestoreJob } from "../atlas/cloud-backup";

/**
 * Status of a Cloud Backup restore job, derived from its flags: the v2 job has no status field
 * (atlas-v2-and-auth.md §1.4 "Derived status rule"). A download is READY once its URLs are there
 * (it never gets `finishedAt`); an automated / PIT restore is COMPLETED once `finishedAt` is set.
 */
export type CloudRestoreStatus = "IN_PROGRESS" | "READY" | "COMPLETED" | "FAILED" | "CANCELLED" | "EXPIRED";

/** Every URL of a download, keyed by replica set: one per `components[]` entry, or the cluster's own. */
export function downloadUrlsOf(job: CloudRestoreJob, clusterName: string): Record<string, string> {
  if (job.components && job.components.length > 0) {
    return Object.fromEntries(job.components.flatMap((c) => (c.downloadUrl ? [[c.replicaSetName, c.downloadUrl]] : [])));
  }
  return Object.fromEntries((job.deliveryUrl ?? []).map((url, i) => [i === 0 ? clusterName : `${clusterName}-${i}`, url]));
}

/** Parts of a download: its components by replica set, or the job under the cluster's name. */
export function downloadPartsOf(job: CloudRestoreJob, clusterName: string): { name: string; ready: boolean }[] {
  if (job.components && job.components.length > 0) return job.components.map((c) => ({ name: c.replicaSetName, ready: !!c.downloadUrl }));
  return [{ name: clusterName, ready: (job.deliveryUrl ?? []).length > 0 }];
}

const downloadReady = (job: CloudRestoreJob) => downloadPartsOf(job, "").every((p) => p.ready);

/** The rule table, in order: the first that matches wins. */
const STATUS_RULES: readonly [CloudRestoreStatus, (job: CloudRestoreJob) => boolean][] = [
  ["CANCELLED", (j) => j.cancelled === true],
  ["FAILED", (j) => j.failed === true],
  ["EXPIRED", (j) => j.expired === true],
  ["READY", (j) => j.deliveryType === "download" && downloadReady(j)],
  ["COMPLETED", (j) => j.deliveryType !== "download" && !!j.finishedAt],
  ["IN_PROGRESS", () => true],
];

export function cloudStatus(job: CloudRestoreJob): CloudRestoreStatus {
  return STATUS_RULES.find(([, matches]) => matches(job))![0];
}

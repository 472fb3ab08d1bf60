import type { CloudRestoreJob } from "../atlas/cloud-backup";
import { serverDateOf } from "../atlas/server-date";
import type { ReadyTimes, RestorePartTiming } from "../restore-core/timing";
import { cloudStatus, downloadPartsOf } from "./status";

/**
 * Timing outputs of a Cloud Backup restore, on the SERVER's clock. `requestedAt` is the job's
 * creation time, read from its ObjectId (v2 jobs have no creation time field), so it is known
 * for an adopted job and one found after a lost create answer too. An automated / PIT restore is ready at its
 * `finishedAt`; a download has none, so each part (a sharded download's component, else the
 * job) is ready at the `Date` of the first answer that showed its URL (precise to one poll
 * interval), and the download once all are.
 */

/** Adds the download parts `job` shows ready for the first time, at the server time of that answer. */
export function observeReadyComponents(seen: ReadyTimes, job: CloudRestoreJob, clusterName: string): ReadyTimes {
  const at = serverDateOf(job);
  if (at === undefined || job.deliveryType !== "download" || job.expired || job.cancelled || job.failed) return seen;
  const fresh = downloadPartsOf(job, clusterName).filter((p) => p.ready && seen[p.name] === undefined);
  return fresh.length === 0 ? seen : { ...seen, ...Object.fromEntries(fresh.map((p) => [p.name, at])) };
}

/** The first-seen times stored in a state's `parts` output. */
export function componentReadyTimesOf(parts: unknown): ReadyTimes {
  if (!Array.isArray(parts)) return {};
  return Object.fromEntries(parts.flatMap((p) => (p && typeof p.readyAt === "string" && typeof p.name === "string" ? [[p.name, p.readyAt]] : [])));
}

export function cloudTimingOutputs(job: CloudRestoreJob, clusterName: string, ready: ReadyTimes, requestedAt: string | undefined): { requestedAt?: string; readyAt?: string; parts: RestorePartTiming[] } {
  const status = cloudStatus(job);
  const at = requestedAt ? { requestedAt } : {};
  if (job.deliveryType !== "download") {
    const readyAt = job.finishedAt ? { readyAt: job.finishedAt } : {};
    return { ...at, ...readyAt, parts: [{ name: job.targetClusterName ?? clusterName, jobId: job.id, status, ...at, ...readyAt }] };
  }
  const parts = downloadPartsOf(job, clusterName).map((p) => ({ name: p.name, jobId: job.id, status: p.ready ? "READY" : status, ...at, ...(ready[p.name] ? { readyAt: ready[p.name] } : {}) }));
  const times = parts.map((p) => p.readyAt);
  // Every part seen ready once means the download was usable then, even if it expired since.
  const done = times.every((t) => t !== undefined);
  const last = done ? [...(times as string[])].sort((a, b) => Date.parse(a) - Date.parse(b))[times.length - 1] : undefined;
  return { ...at, ...(last ? { readyAt: last } : {}), parts };
}

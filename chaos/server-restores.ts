/**
 * The restores the emulator holds for a source cluster, as the invariant checker reads them: what
 * each restores (snapshot, delivery, target) and how it stands. The outcome is read from the
 * emulator's raw job fields with rules written here, not the provider's status tables: the
 * checker is an oracle of its own, so a wrong status table in the provider cannot agree with it.
 */
import type { Emulator } from "../emulator";
import type { Api, SourceCluster } from "./world";

/** How a restore stands: still running, usable, or ended (failed, links expired, cancelled). */
export type Outcome = "running" | "ok" | "failed" | "expired" | "cancelled";

export interface ServerRestore {
  /** The id `adopt` and the resource id use: a legacy batch id or job id, a Cloud Backup job id. */
  id: string;
  snapshotId?: string;
  delivery: "download" | "automated";
  /** `<projectId>/<clusterName>` of an automated restore. */
  target?: string;
  /** Legacy downloads: uses of each link. */
  maxDownloads?: number;
  outcome: Outcome;
}

type Part = Outcome | "working";

/** A legacy part: its job and delivery statuses (reference §3.3/§3.4). */
function legacyPart(job: ReturnType<Emulator["jobs"]>[number]): Part {
  if (job.statusName === "BROKEN" || job.statusName === "KILLED" || job.delivery.statusName === "FAILED" || job.delivery.statusName === "INTERRUPTED") return "failed";
  if (job.delivery.targetClusterName) return job.statusName === "FINISHED" ? "ok" : "working";
  if (job.delivery.statusName === "READY") return job.delivery.url || job.delivery.urlV2 ? "ok" : "working";
  if (job.delivery.statusName === "EXPIRED" || job.delivery.statusName === "MAX_DOWNLOADS_EXCEEDED") return "expired";
  return "working";
}

/** A batch is as bad as its worst part, and usable only when every part is. */
function wholeOf(parts: Part[]): Outcome {
  if (parts.includes("failed")) return "failed";
  if (parts.includes("working")) return "running";
  return parts.every((p) => p === "ok") ? "ok" : "expired";
}

export function serverRestores(emu: Emulator, api: Api, source: SourceCluster): ServerRestore[] {
  if (api === "legacy") {
    const batches = new Map<string, ReturnType<Emulator["jobs"]>>();
    for (const j of emu.jobs({ projectId: source.projectId, clusterName: source.name })) batches.set(j.batchId ?? j.id, [...(batches.get(j.batchId ?? j.id) ?? []), j]);
    return [...batches].map(([id, parts]) => {
      const d = parts[0].delivery;
      return {
        id,
        snapshotId: parts[0].snapshotId,
        delivery: d.targetClusterName ? "automated" : "download",
        ...(d.targetClusterName ? { target: `${d.targetGroupId}/${d.targetClusterName}` } : { maxDownloads: d.maxDownloads }),
        outcome: wholeOf(parts.map(legacyPart)),
      };
    });
  }
  return emu.cloudJobs({ projectId: source.projectId, clusterName: source.name }).map((j) => {
    const download = j.deliveryType === "download";
    const urls = (j.deliveryUrl as unknown[] | undefined) ?? [];
    const outcome: Outcome = j.cancelled ? "cancelled" : j.failed ? "failed" : j.expired ? "expired" : (download ? urls.length > 0 : Boolean(j.finishedAt)) ? "ok" : "running";
    return {
      id: String(j.id),
      snapshotId: j.snapshotId as string | undefined,
      delivery: download ? "download" : "automated",
      ...(download ? {} : { target: `${String(j.targetGroupId)}/${String(j.targetClusterName)}` }),
      outcome,
    };
  });
}

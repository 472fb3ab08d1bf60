/**
 * The parts of one restore and their timelines, from its child's outputs: a legacy restore has
 * one job per shard and config server (`jobs`), a Cloud Backup restore is one job (its
 * per-replica-set URLs are secret, so their names are not in the outputs the report may read).
 */
import type { DeliveryMethod, RestoreJob } from "../../provider/atlas/models";
import type { RestorePartTiming } from "../../provider/restore-job/outputs";
import { partState, type PartState } from "../../provider/restore-job/status";
import type { ChildOutcome } from "./child-outcome";
import type { DrillPart, DrillPartEvent } from "./model";

/** When the entry's terminal states happened, as far as known. */
export interface EntryTimes {
  readonly requestedAt?: string;
  /** When its data became usable (server clock, or the provider's poll that saw it). */
  readonly readyAt?: string;
}

type EventState = DrillPartEvent["state"];

/** A part's state → its terminal event (undefined: still preparing). */
const LEGACY_PART_EVENT: ReadonlyMap<PartState, EventState> = new Map([
  ["READY", "ready"],
  ["DOWNLOADED", "ready"],
  ["FAILED", "failed"],
  ["EXPIRED", "expired"],
]);

/** A Cloud Backup status → its terminal event (undefined: still preparing). */
const CLOUD_STATUS_EVENT: ReadonlyMap<string, EventState> = new Map([
  ["READY", "ready"],
  ["COMPLETED", "ready"],
  ["FAILED", "failed"],
  ["EXPIRED", "expired"],
  ["CANCELLED", "cancelled"],
]);

export function entryParts(child: ChildOutcome | undefined, clusterName: string, times: EntryTimes): DrillPart[] {
  if (!child?.kind) return [];
  const timed = timedParts(child.outputs);
  if (timed.length > 0) return timed;
  return child.kind === "RestoreJob" ? legacyParts(child.outputs, times) : cloudParts(child.outputs, clusterName, times);
}

/** The resources' own per-part timing (`parts`: name, job id, status, requestedAt, readyAt; no secrets), where they give it. */
function timedParts(outputs: Readonly<Record<string, unknown>>): DrillPart[] {
  const parts = (Array.isArray(outputs.parts) ? (outputs.parts as RestorePartTiming[]) : []).filter((p) => typeof p?.name === "string" && typeof p.status === "string");
  // A legacy batch names every part after the sharded cluster: tell them apart as legacyPartName does (the URLs' labels).
  const jobs = new Map((Array.isArray(outputs.jobs) ? (outputs.jobs as RestoreJob[]) : []).map((j) => [j.id, j]));
  const repeated = (name: string) => parts.filter((p) => p.name === name).length > 1;
  return parts.map((p) => {
    const job = p.jobId ? jobs.get(p.jobId) : undefined;
    return {
      name: repeated(p.name) && job ? legacyPartName(job, parts.length) : p.name,
      ...(p.jobId ? { jobId: p.jobId } : {}),
      status: p.status,
      events: [
        ...(p.requestedAt ? [{ at: p.requestedAt, state: "requested" as const }] : []),
        ...(p.readyAt ? [{ at: p.readyAt, state: "ready" as const }] : []),
      ],
    };
  });
}

function legacyParts(outputs: Readonly<Record<string, unknown>>, times: EntryTimes): DrillPart[] {
  const jobs = Array.isArray(outputs.jobs) ? (outputs.jobs as RestoreJob[]) : [];
  const method: DeliveryMethod = (outputs.delivery as { methodName?: DeliveryMethod } | undefined)?.methodName ?? "HTTP";
  return jobs.map((job) => ({
    name: legacyPartName(job, jobs.length),
    jobId: job.id,
    status: `${job.statusName}/${job.delivery?.statusName ?? "?"}`,
    events: timeline(job.created ?? times.requestedAt, LEGACY_PART_EVENT.get(partState(job, method)), times),
  }));
}

/** Every part of a batch carries the sharded cluster's name; its own replica set is known by id only. */
export function legacyPartName(job: Pick<RestoreJob, "id" | "clusterName" | "clusterId">, parts: number): string {
  return parts > 1 ? `${job.clusterName ?? "part"} ${job.clusterId ?? job.id}` : (job.clusterName ?? job.id);
}

function cloudParts(outputs: Readonly<Record<string, unknown>>, clusterName: string, times: EntryTimes): DrillPart[] {
  const status = typeof outputs.status === "string" ? outputs.status : undefined;
  if (!status) return [];
  // An automated restore's finishedAt is the server's own time of completion.
  const finishedAt = typeof outputs.finishedAt === "string" ? outputs.finishedAt : undefined;
  return [
    {
      name: clusterName,
      ...(typeof outputs.jobId === "string" ? { jobId: outputs.jobId } : {}),
      status,
      events: timeline(times.requestedAt, CLOUD_STATUS_EVENT.get(status), { ...times, readyAt: finishedAt ?? times.readyAt }),
    },
  ];
}

/**
 * requested, then ready where its time is known. A failure, expiry or cancellation has no time in
 * the outputs: the part's status says it; the runner's clock is not put beside the server's
 * (the emulator's runs faster, Atlas's may drift).
 */
function timeline(requestedAt: string | undefined, end: EventState | undefined, times: EntryTimes): DrillPartEvent[] {
  const events: DrillPartEvent[] = requestedAt ? [{ at: requestedAt, state: "requested" }] : [];
  return end === "ready" && times.readyAt ? [...events, { at: times.readyAt, state: "ready" }] : events;
}

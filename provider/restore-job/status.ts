import type { DeliveryMethod, RestoreJob } from "../atlas/models";

/** Where one part (one restore job of a batch) stands, from the user's point of view. */
export type PartState = "WORKING" | "READY" | "FAILED" | "EXPIRED" | "DOWNLOADED";

/**
 * The aggregate status of a restore (all parts of a batch):
 * - `IN_PROGRESS`: some part is still being prepared and none failed.
 * - `READY`: every part is done: HTTP download URLs are available, or the automated restore FINISHED.
 * - `FAILED`: a part failed (job BROKEN or KILLED, delivery FAILED or INTERRUPTED).
 * - `EXPIRED`: HTTP delivery whose links are no longer usable (expired or every download used).
 */
export type RestoreStatus = "IN_PROGRESS" | "READY" | "FAILED" | "EXPIRED";

/** Job and delivery statuses that end a part badly (Atlas API reference §3.3/§3.4). */
const FAILED_JOB = new Set(["BROKEN", "KILLED"]);
const FAILED_DELIVERY = new Set(["FAILED", "INTERRUPTED"]);

/**
 * HTTP delivery status → part state; anything not listed is still WORKING. A Map, not an object
 * literal: a status such as "constructor" must not find `Object.prototype.constructor`.
 */
const HTTP_DELIVERY_STATE: ReadonlyMap<string, PartState> = new Map([
  ["READY", "READY"],
  ["EXPIRED", "EXPIRED"],
  ["MAX_DOWNLOADS_EXCEEDED", "DOWNLOADED"],
]);

export function partState(job: RestoreJob, method: DeliveryMethod): PartState {
  if (FAILED_JOB.has(job.statusName) || FAILED_DELIVERY.has(job.delivery?.statusName)) return "FAILED";
  if (method === "AUTOMATED_RESTORE") return job.statusName === "FINISHED" ? "READY" : "WORKING";
  const state = HTTP_DELIVERY_STATE.get(job.delivery?.statusName) ?? "WORKING";
  // READY without a link is not usable yet (the URL appears with the READY status, §3.4).
  if (state === "READY" && !job.delivery.url && !job.delivery.urlV2) return "WORKING";
  return state;
}

/** Aggregation rules in order: the first that matches wins. */
const AGGREGATION: [RestoreStatus, (states: PartState[]) => boolean][] = [
  ["FAILED", (s) => s.includes("FAILED")],
  ["IN_PROGRESS", (s) => s.length === 0 || s.includes("WORKING")],
  ["READY", (s) => s.every((x) => x === "READY")],
  ["EXPIRED", () => true],
];

export interface BatchStatus {
  status: RestoreStatus;
  ready: number;
  total: number;
  /** One line a part, for progress output and error messages. */
  parts: string[];
}

export function batchStatus(jobs: RestoreJob[], method: DeliveryMethod): BatchStatus {
  const states = jobs.map((j) => partState(j, method));
  const status = AGGREGATION.find(([, matches]) => matches(states))![0];
  return {
    status,
    ready: states.filter((s) => s === "READY").length,
    total: jobs.length,
    parts: jobs.map((j, i) => `${j.id} ${j.statusName}/${j.delivery?.statusName ?? "?"} (${states[i]})`),
  };
}

/** One line for progress output: `2/3 parts ready: IN_PROGRESS/NOT_STARTED, FINISHED/READY, …`. */
export function progressLine(label: string, s: BatchStatus): string {
  return `${label}: ${s.ready}/${s.total} part${s.total === 1 ? "" : "s"} ready [${s.status}]`;
}

import { serverDateOf } from "../atlas/server-date";
import type { ReadyTimes } from "../restore-core/timing";
import type { DeliveryMethod, RestoreJob } from "../atlas/models";
import type { RestoreJobInputs } from "./inputs";
import type { RestorePartTiming } from "../restore-core/timing";
import { partState } from "./status";

/**
 * Timing outputs of a legacy restore, on the SERVER's clock. Each part's `requestedAt` is its
 * `created`; the legacy API gives no finish time, so a part's `readyAt` is the `Date` of the
 * first answer that showed it usable (precise to one poll interval), and the restore's
 * `readyAt` is the latest part's once all are. First-seen times are kept from state, never
 * re-stamped by a later poll.
 */

/** Part (job id) → when it was first seen usable (ISO 8601). */
export type { ReadyTimes } from "../restore-core/timing";

/** Adds the parts `jobs` shows usable for the first time, at the server time of that answer. */
export function observeReadyParts(seen: ReadyTimes, jobs: RestoreJob[], method: DeliveryMethod): ReadyTimes {
  const at = serverDateOf(jobs);
  if (at === undefined) return seen;
  const fresh = jobs.filter((j) => seen[j.id] === undefined && partState(j, method) === "READY");
  return fresh.length === 0 ? seen : { ...seen, ...Object.fromEntries(fresh.map((j) => [j.id, at])) };
}

/** The first-seen times stored in a state's `parts` output (none in state written before it existed). */
export function readyTimesOf(parts: unknown): ReadyTimes {
  if (!Array.isArray(parts)) return {};
  const entries = parts.flatMap((p) => (p && typeof p.readyAt === "string" && typeof p.jobId === "string" ? [[p.jobId, p.readyAt]] : []));
  return Object.fromEntries(entries);
}

export interface TimingOutputs {
  requestedAt?: string;
  readyAt?: string;
  restorePointTime?: string;
  parts: RestorePartTiming[];
}

const byTime = (a: string, b: string) => Date.parse(a) - Date.parse(b);

/** The restore point's time: the declared point in time, else the snapshot's (`timestamp.date`). */
function restorePointTimeOf(inputs: Partial<RestoreJobInputs>, jobs: RestoreJob[]): string | undefined {
  if (typeof inputs.pointInTimeUTCMillis === "number") return new Date(inputs.pointInTimeUTCMillis).toISOString();
  if (inputs.oplogTs !== undefined && inputs.oplogTs !== "") return new Date(Number(inputs.oplogTs) * 1000).toISOString();
  return jobs.find((j) => j.timestamp?.date)?.timestamp?.date;
}

export function legacyTimingOutputs(inputs: Partial<RestoreJobInputs>, jobs: RestoreJob[], ready: ReadyTimes): TimingOutputs {
  const created = jobs.map((j) => j.created).filter(Boolean).sort(byTime);
  const partTimes = jobs.map((j) => ready[j.id]);
  // Every part seen usable once means the restore was usable then, even if links expired since.
  const allReady = partTimes.every((t) => t !== undefined);
  const restorePointTime = restorePointTimeOf(inputs, jobs);
  return {
    ...(created[0] ? { requestedAt: created[0] } : {}),
    ...(allReady && partTimes.length > 0 ? { readyAt: [...partTimes].sort(byTime)[partTimes.length - 1] } : {}),
    ...(restorePointTime ? { restorePointTime } : {}),
    parts: jobs.map((j) => ({
      name: j.clusterName ?? j.id,
      jobId: j.id,
      status: `${j.statusName}/${j.delivery?.statusName ?? "?"}`,
      ...(j.created ? { requestedAt: j.created } : {}),
      ...(ready[j.id] ? { readyAt: ready[j.id] } : {}),
    })),
  };
}

import type { DrPlanDefaults, DrPlanEntryArgs } from "./plan-args";

/** The outputs of an entry's child (RestoreJob or CloudBackupRestoreJob) a measurement reads. */
export interface ChildTimingOutputs {
  /** The child's `status` (legacy READY / FAILED / …, Cloud Backup READY / COMPLETED / …). */
  status?: string;
  /** When Atlas took the request, on the server's clock (ISO 8601). */
  requestedAt?: string;
  /** When the restored data was first usable, on the server's clock (ISO 8601). */
  readyAt?: string;
  /** The snapshot's time, or the point in time restored to (ISO 8601). */
  restorePointTime?: string;
}

/** Whether an objective was met: "not measured" when there is no target, or no figure yet. */
export type ObjectiveVerdict = "met" | "missed" | "not measured";

/** An entry's recovery figures against its objectives. */
export interface EntryMeasurement {
  /** The child's status; `NOT STARTED` when it has none (never created, or blocked by a failure). */
  status: string;
  requestedAt?: string;
  readyAt?: string;
  restorePointTime?: string;
  /** RTO: readyAt − requestedAt, whole seconds. */
  rtoSeconds?: number;
  /** RPO: requestedAt − restore point time, whole seconds. */
  rpoSeconds?: number;
  rtoTargetSeconds?: number;
  rpoTargetSeconds?: number;
  rto: ObjectiveVerdict;
  rpo: ObjectiveVerdict;
  /** Usable, and neither objective missed. */
  passed: boolean;
}

/** Statuses in which the restored data is usable. */
export const USABLE_STATUSES: ReadonlySet<string> = new Set(["READY", "COMPLETED"]);
/** Statuses in which it never will be (this restore ended badly). */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(["FAILED", "EXPIRED", "CANCELLED"]);

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
/**
 * Whole seconds from `from` to `to`, never below 0: HTTP dates are truncated to the second, and a
 * point in time may be up to a minute "ahead" of the request (clock slack the checks allow); a
 * restore that loses no data or takes no time is 0, not a negative figure.
 */
const seconds = (from: number | undefined, to: number | undefined) =>
  from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) ? undefined : Math.max(0, Math.round((to - from) / 1000));

/** The declared point in time (seconds for both APIs), where the entry declares one. */
function declaredPointTime(entry: DrPlanEntryArgs): string | undefined {
  const p = entry.restorePoint as { pointInTimeUTCSeconds?: number; oplogTs?: number };
  const s = p.pointInTimeUTCSeconds ?? p.oplogTs;
  return s === undefined ? undefined : new Date(s * 1000).toISOString();
}

function verdict(figure: number | undefined, target: number | undefined, neverUsable: boolean): ObjectiveVerdict {
  if (target === undefined) return "not measured";
  if (figure === undefined) return neverUsable ? "missed" : "not measured";
  return figure <= target ? "met" : "missed";
}

/**
 * An entry's RTO and RPO from its declaration and its child's outputs: pure, so the drill runner
 * can call it on state read back after a failed `up` (pass `undefined` for a child that was
 * never created). Definitions:
 * - RTO = readyAt − requestedAt: request accepted → restored data usable, both on the SERVER's
 *   clock (readyAt is Atlas's finish time where it gives one, else the `Date` of the first poll
 *   that saw the restore usable, so it is precise to one poll interval).
 * - RPO = requestedAt − restore point time: how much data a restore of this point loses, taking
 *   the request as the moment of the disaster. The restore point time is the declared point in
 *   time, else the snapshot's time the child reports.
 * A verdict is "met" when the figure is within the target (minutes × 60), "missed" when it is
 * over, or when the restore ended badly (FAILED / EXPIRED / CANCELLED: its data will never be
 * usable, so its RTO target is missed); "not measured" without a target, or while it runs.
 */
export function measureEntry(entry: DrPlanEntryArgs, defaults: DrPlanDefaults | undefined, child: ChildTimingOutputs | undefined): EntryMeasurement {
  const status = child?.status ?? "NOT STARTED";
  const requestedAt = child?.requestedAt;
  const readyAt = USABLE_STATUSES.has(status) ? child?.readyAt : undefined;
  const restorePointTime = declaredPointTime(entry) ?? child?.restorePointTime;
  const rtoSeconds = seconds(ms(requestedAt), ms(readyAt));
  const rpoSeconds = seconds(ms(restorePointTime), ms(requestedAt));
  const rtoMinutes = entry.rtoTargetMinutes ?? defaults?.rtoTargetMinutes;
  const rpoMinutes = entry.rpoTargetMinutes ?? defaults?.rpoTargetMinutes;
  const rtoTargetSeconds = rtoMinutes === undefined ? undefined : rtoMinutes * 60;
  const rpoTargetSeconds = rpoMinutes === undefined ? undefined : rpoMinutes * 60;
  const rto = verdict(rtoSeconds, rtoTargetSeconds, FAILED_STATUSES.has(status));
  const rpo = verdict(rpoSeconds, rpoTargetSeconds, false);
  return omitUndefined({
    status,
    requestedAt,
    readyAt,
    restorePointTime,
    rtoSeconds,
    rpoSeconds,
    rtoTargetSeconds,
    rpoTargetSeconds,
    rto,
    rpo,
    passed: USABLE_STATUSES.has(status) && rto !== "missed" && rpo !== "missed",
  });
}

/** Counts over a plan's measured entries. */
export interface PlanSummary {
  entries: number;
  passed: number;
  failed: number;
  rtoMissed: number;
  rpoMissed: number;
  /** Every entry passed. */
  allPassed: boolean;
}

export function summarize(measurements: readonly EntryMeasurement[]): PlanSummary {
  const passed = measurements.filter((m) => m.passed).length;
  return {
    entries: measurements.length,
    passed,
    failed: measurements.length - passed,
    rtoMissed: measurements.filter((m) => m.rto === "missed").length,
    rpoMissed: measurements.filter((m) => m.rpo === "missed").length,
    allPassed: passed === measurements.length,
  };
}

function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

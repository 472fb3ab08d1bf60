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

/**
 * Whether an objective was met:
 * - `met` / `missed`: the figure is within / over the target (a restore that ended badly missed its RTO);
 * - `unknown`: a target is set but the figure could not be measured (a time is missing): with a
 *   target, unknown is not success, so the entry fails (`rtoNote` / `rpoNote` say why);
 * - `not measured`: no target (any figure is for information only).
 */
export type ObjectiveVerdict = "met" | "missed" | "unknown" | "not measured";

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
  /** Why the RTO is `unknown` (only then). */
  rtoNote?: string;
  /** Why the RPO is `unknown` (only then). */
  rpoNote?: string;
  /** Usable, and no objective with a target missed or unknown. */
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
  if (figure === undefined) return neverUsable ? "missed" : "unknown";
  return figure <= target ? "met" : "missed";
}

/** Why a figure with a target could not be measured: the first time it needs that is missing (a restore never requested: its status says it). */
function whyUnknown(status: string, needs: ReadonlyArray<readonly [time: string | undefined, missing: string]>): string | undefined {
  if (status === "NOT STARTED") return undefined;
  const missing = needs.find(([time]) => time === undefined || Number.isNaN(Date.parse(time)))?.[1];
  if (missing === undefined) return "its times do not give a figure";
  // A restore not usable fails anyway; for a usable one, say why its missing figure fails it.
  return USABLE_STATUSES.has(status) ? `${missing}: with a target set, an unmeasured figure is not a pass` : missing;
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
 * usable, so its RTO target is missed); "unknown" when a target is set but a time the figure needs
 * is missing (still running, never requested, or a time the server did not give): unknown is not
 * success, so the entry fails and `rtoNote` / `rpoNote` say why; "not measured" without a target.
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
  const usable = USABLE_STATUSES.has(status);
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
    rtoNote: rto !== "unknown" ? undefined : whyUnknown(status, [
      [requestedAt, "the request time is unknown (the server did not say when it took the request)"],
      [readyAt, usable ? "the ready time is unknown (the server did not say when the data became usable)" : `no ready time: the restore is ${status}, not usable yet`],
    ]),
    rpoNote: rpo !== "unknown" ? undefined : whyUnknown(status, [
      [restorePointTime, "the restore point's time is unknown"],
      [requestedAt, "the request time is unknown (the server did not say when it took the request)"],
    ]),
    passed: usable && !FAILING_VERDICTS.has(rto) && !FAILING_VERDICTS.has(rpo),
  });
}

/** A usable restore that fails only because a figure with a target is unknown (one not usable fails for that). */
export function unmeasured(m: Pick<EntryMeasurement, "status" | "rto" | "rpo">): boolean {
  return USABLE_STATUSES.has(m.status) && (m.rto === "unknown" || m.rpo === "unknown");
}

/** Verdicts that fail an entry whose restore is usable. */
const FAILING_VERDICTS: ReadonlySet<ObjectiveVerdict> = new Set(["missed", "unknown"]);

/** Counts over a plan's measured entries, and the plan's verdict in words. */
export interface PlanSummary {
  entries: number;
  /** Entries that passed: restore usable, no objective with a target missed or unknown. */
  passed: number;
  /** Entries that did not pass, for whatever reason (see `verdict`). */
  failed: number;
  /** Entries whose restore is usable (READY / COMPLETED), whether or not they met their objectives. */
  usable: number;
  rtoMissed: number;
  rpoMissed: number;
  /** Usable restores with a target whose figure could not be measured (`unknown`): that alone fails them. */
  unmeasured: number;
  /** Every entry passed: the plan's verdict. */
  allPassed: boolean;
  /**
   * The verdict in one line, saying what failed. `pulumi up` succeeds when every restore is
   * usable; a missed or unknown objective fails the drill, not the update: this line is the verdict.
   */
  verdict: string;
}

export function summarize(measurements: readonly EntryMeasurement[]): PlanSummary {
  const passed = measurements.filter((m) => m.passed).length;
  const counts = {
    entries: measurements.length,
    passed,
    failed: measurements.length - passed,
    usable: measurements.filter((m) => USABLE_STATUSES.has(m.status)).length,
    rtoMissed: measurements.filter((m) => m.rto === "missed").length,
    rpoMissed: measurements.filter((m) => m.rpo === "missed").length,
    unmeasured: measurements.filter(unmeasured).length,
  };
  return { ...counts, allPassed: passed === measurements.length, verdict: verdictText(counts) };
}

/** The counts a verdict line is written from (the plan's summary, or a drill report's, which adds the last two). */
export interface VerdictCounts extends Pick<PlanSummary, "entries" | "passed" | "usable" | "rtoMissed" | "rpoMissed" | "unmeasured"> {
  /** Entries whose download verification failed. */
  verificationFailed?: number;
  /** Failures that belong to no entry (a stack, the engine). */
  errors?: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * `PASSED: 4 of 4 entries passed.`, or `FAILED: 0 of 2 entries passed. All 2 restores are usable
 * (READY / COMPLETED), which is all pulumi up checks, but 2 missed their RPO target.`: what
 * failed, and, when every restore is usable, that this line (not the update's success) is the verdict.
 */
export function verdictText(c: VerdictCounts): string {
  const errors = c.errors ? `${plural(c.errors, "failure", "failures")} outside the entries (see errors)` : "";
  if (c.entries > 0 && c.passed === c.entries && !errors) return `PASSED: ${c.passed} of ${plural(c.entries, "entry", "entries")} passed.`;
  const head = `FAILED: ${c.passed} of ${plural(c.entries, "entry", "entries")} passed.`;
  if (c.entries === 0) return `${head} No entry ran${errors ? `; ${errors}` : ""}.`;
  const why = [
    c.rtoMissed ? `${c.rtoMissed} missed ${c.rtoMissed === 1 ? "its" : "their"} RTO target` : "",
    c.rpoMissed ? `${c.rpoMissed} missed ${c.rpoMissed === 1 ? "its" : "their"} RPO target` : "",
    c.unmeasured ? `${plural(c.unmeasured, "has an objective", "have an objective")} that could not be measured` : "",
    c.verificationFailed ? `${plural(c.verificationFailed, "failed its", "failed their")} download verification` : "",
    errors,
  ].filter(Boolean);
  const notUsable = c.entries - c.usable;
  if (notUsable === 0) {
    return `${head} All ${plural(c.usable, "restore is", "restores are")} usable (READY / COMPLETED), which is all pulumi up checks, but ${why.join("; ") || "an entry failed"}.`;
  }
  const usable = `${plural(notUsable, "restore is", "restores are")} not usable (failed, not finished or never started)`;
  return `${head} ${[usable, ...why].join("; ")}.`;
}

function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

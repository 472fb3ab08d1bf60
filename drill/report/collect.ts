/**
 * A finished drill run → its DrillReport: the plan as declared, what each entry's child resource
 * came to (from either engine's state: child-outcome.ts), and who ran it where. Pure; the order
 * of entries is the plan's (putting failures first is the renderers' job). Every server time is
 * range-checked first (time-window.ts): one outside what the run can have seen is not used.
 */
import { measureEntry, unmeasured, verdictText, USABLE_STATUSES } from "../../provider/dr-plan/measure";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs, RestorePointArgs } from "../../provider/dr-plan/plan-args";
import type { ChildOutcome } from "./child-outcome";
import { entryParts } from "./entry-parts";
import { DRILL_REPORT_VERSION, type DrillEntry, type DrillPart, type DrillReport, type DrillVerification } from "./model";
import { entryWindows, TimeCheck } from "./time-window";

/** Who ran the drill, where, how and when: the report's fields of the same names. */
export type DrillRun = Pick<DrillReport, "plan" | "runId" | "stacks" | "startedAt" | "finishedAt" | "clock" | "server" | "ranBy" | "engine">;

export interface CollectInput {
  readonly planArgs: DisasterRecoveryPlanArgs;
  /** Each entry's child, by entry key; an entry without one never started. */
  readonly children: Readonly<Record<string, ChildOutcome | undefined>>;
  readonly run: DrillRun;
  /** Failures that belong to no entry (the program, the engine, a stack). */
  readonly errors?: readonly string[];
  /** Download verification results by entry key (`verify: "download"`). */
  readonly verifications?: Readonly<Record<string, readonly DrillVerification[]>>;
  /**
   * Entries whose restore an earlier run requested and this run left as it was, with that run's
   * id where state records it. Every other entry with a child was requested by this run.
   */
  readonly reused?: Readonly<Record<string, { readonly runId?: string }>>;
  /** The runner's own notes per entry (downloads a verification used, a verification not repeated). */
  readonly notes?: Readonly<Record<string, readonly string[]>>;
}

export function collectDrillReport(input: CollectInput): DrillReport {
  const entries = Object.entries(input.planArgs.entries).map(([key, entry]) => collectEntry(key, entry, input));
  const errors = [...(input.errors ?? [])];
  const counts = {
    entries: entries.length,
    passed: entries.filter((e) => e.passed).length,
    usable: entries.filter((e) => USABLE_STATUSES.has(e.status)).length,
    rtoMissed: entries.filter((e) => e.rto === "missed").length,
    rpoMissed: entries.filter((e) => e.rpo === "missed").length,
    unmeasured: entries.filter(unmeasured).length,
  };
  const verificationFailed = entries.filter((e) => e.verification?.some((v) => !v.ok)).length;
  return {
    version: DRILL_REPORT_VERSION,
    plan: input.run.plan,
    runId: input.run.runId,
    stacks: [...input.run.stacks],
    startedAt: input.run.startedAt,
    finishedAt: input.run.finishedAt,
    clock: input.run.clock,
    server: input.run.server,
    ranBy: input.run.ranBy,
    engine: input.run.engine,
    passed: errors.length === 0 && entries.length > 0 && counts.passed === entries.length,
    summary: {
      ...counts,
      failed: entries.length - counts.passed,
      requested: entries.filter((e) => e.run === "requested").length,
      reused: entries.filter((e) => e.run === "reused").length,
      verdict: verdictText({ ...counts, verificationFailed, errors: errors.length }),
    },
    entries,
    errors,
  };
}

function collectEntry(key: string, entry: DrPlanEntryArgs, input: CollectInput): DrillEntry {
  const child = input.children[key];
  const verification = input.verifications?.[key];
  const reused = child?.kind ? input.reused?.[key] : undefined;
  const out = child?.outputs ?? {};
  const check = new TimeCheck(entryWindows(input.run, reused !== undefined));
  // The legacy restore's `createdAt` is the server's time of the request where `requestedAt` is absent.
  const requestedAt = check.restoreTime("request time", text(out.requestedAt) ?? text(out.createdAt));
  const m = measureEntry(entry, input.planArgs.defaults, child?.kind ? {
    status: text(out.status) ?? "UNKNOWN",
    requestedAt,
    readyAt: check.restoreTime("ready time", text(out.readyAt)),
    restorePointTime: check.restorePointTime(text(out.restorePointTime) ?? legacySnapshotTime(out), requestedAt),
  } : undefined);
  const parts = entryParts(child, entry.source.clusterName, { requestedAt: m.requestedAt, readyAt: m.readyAt }).map((p) => checkedPart(p, check));
  const verificationFailed = verification?.some((v) => !v.ok) ?? false;
  const ids = unique([child?.id, ...strings(out.jobIds), text(out.jobId)]);
  const notes = [
    ...(m.rtoNote ? [`RTO unknown: ${m.rtoNote}`] : []),
    ...(m.rpoNote ? [`RPO unknown: ${m.rpoNote}`] : []),
    ...check.notes,
    ...(input.notes?.[key] ?? []),
  ];
  return {
    name: key,
    api: apiOf(entry, input.planArgs, child),
    run: !child?.kind ? "not requested" : reused ? "reused" : "requested",
    ...(reused ? { reusedFrom: { ...(reused.runId ? { runId: reused.runId } : {}), ...(m.requestedAt ? { requestedAt: m.requestedAt } : {}) } } : {}),
    source: { projectId: entry.source.projectId, clusterName: entry.source.clusterName },
    delivery:
      entry.delivery.type === "automated"
        ? { type: "automated", targetProjectId: entry.delivery.targetProjectId, targetClusterName: entry.delivery.targetClusterName }
        : { type: "download" },
    restorePoint: restorePointOf(entry.restorePoint, out, m.restorePointTime),
    status: m.status,
    passed: m.passed && !child?.error && !verificationFailed,
    ids,
    ...pick(m, ["requestedAt", "readyAt", "rtoSeconds", "rtoTargetSeconds", "rpoSeconds", "rpoTargetSeconds"]),
    rto: m.rto,
    rpo: m.rpo,
    parts,
    ...(verification ? { verification: [...verification] } : {}),
    ...(notes.length ? { notes } : {}),
    ...(child?.error ? { error: child.error } : {}),
  };
}

/** A part with only the events whose times are plausible (the check notes the others). */
function checkedPart(part: DrillPart, check: TimeCheck): DrillPart {
  return { ...part, events: part.events.filter((e) => check.restoreTime(`${part.name} ${e.state} time`, e.at) !== undefined) };
}

/** The API that served the entry: its child's kind, else as declared; `auto` (the default) without a child was never resolved. */
function apiOf(entry: DrPlanEntryArgs, plan: DisasterRecoveryPlanArgs, child: ChildOutcome | undefined): DrillEntry["api"] {
  if (child?.kind) return child.kind === "RestoreJob" ? "legacy" : "cloudBackup";
  const declared = entry.api ?? plan.defaults?.api ?? "auto";
  return declared === "auto" ? "not resolved" : declared;
}

/** The restore point as declared (one line), and as resolved by the restore. */
function restorePointOf(point: RestorePointArgs, out: Readonly<Record<string, unknown>>, time: string | undefined): DrillEntry["restorePoint"] {
  const declared =
    "snapshotId" in point
      ? `snapshot ${point.snapshotId}`
      : "snapshot" in point
        ? "latest" in point.snapshot
          ? "latest snapshot"
          : `latest snapshot before ${point.snapshot.latestBefore}`
        : "pointInTimeUTCSeconds" in point
          ? `point in time ${new Date(point.pointInTimeUTCSeconds * 1000).toISOString()}`
          : `oplog ${point.oplogTs}:${point.oplogInc}`;
  const snapshotId = text(out.resolvedSnapshotId) ?? ("snapshotId" in point ? point.snapshotId : undefined);
  return { declared, ...(snapshotId ? { snapshotId } : {}), ...(time ? { time } : {}) };
}

/** A legacy restore's snapshot time: its first part's `timestamp.date`. */
function legacySnapshotTime(out: Readonly<Record<string, unknown>>): string | undefined {
  const first = Array.isArray(out.jobs) ? (out.jobs[0] as { timestamp?: { date?: unknown } } | undefined) : undefined;
  return text(first?.timestamp?.date);
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** The keys of `o` that are set. */
function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>;
}
const unique = (xs: (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];

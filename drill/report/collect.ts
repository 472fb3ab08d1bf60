/**
 * A finished drill run → its DrillReport: the plan as declared, what each entry's child resource
 * came to (from either engine's state: child-outcome.ts), and who ran it where. Pure; the order
 * of entries is the plan's (putting failures first is the renderers' job).
 */
import { measureEntry } from "../../provider/dr-plan/measure";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs, RestorePointArgs } from "../../provider/dr-plan/plan-args";
import type { ChildOutcome } from "./child-outcome";
import { entryParts } from "./entry-parts";
import { DRILL_REPORT_VERSION, type DrillEntry, type DrillReport, type DrillVerification } from "./model";

/** Who ran the drill, where, how and when: the report's fields of the same names. */
export type DrillRun = Pick<DrillReport, "plan" | "stacks" | "startedAt" | "finishedAt" | "servers" | "ranBy" | "engine">;

export interface CollectInput {
  readonly planArgs: DisasterRecoveryPlanArgs;
  /** Each entry's child, by entry key; an entry without one never started. */
  readonly children: Readonly<Record<string, ChildOutcome | undefined>>;
  readonly run: DrillRun;
  /** Failures that belong to no entry (the program, the engine, a stack). */
  readonly errors?: readonly string[];
  /** Download verification results by entry key (`verify: "download"`). */
  readonly verifications?: Readonly<Record<string, readonly DrillVerification[]>>;
}

export function collectDrillReport(input: CollectInput): DrillReport {
  const entries = Object.entries(input.planArgs.entries).map(([key, entry]) =>
    collectEntry(key, entry, input.planArgs, input.children[key], input.run, input.verifications?.[key]),
  );
  const errors = [...(input.errors ?? [])];
  const passedCount = entries.filter((e) => e.passed).length;
  return {
    version: DRILL_REPORT_VERSION,
    plan: input.run.plan,
    stacks: [...input.run.stacks],
    startedAt: input.run.startedAt,
    finishedAt: input.run.finishedAt,
    servers: [...input.run.servers],
    ranBy: input.run.ranBy,
    engine: input.run.engine,
    passed: errors.length === 0 && entries.length > 0 && passedCount === entries.length,
    summary: {
      entries: entries.length,
      passed: passedCount,
      failed: entries.length - passedCount,
      rtoMissed: entries.filter((e) => e.rto === "missed").length,
      rpoMissed: entries.filter((e) => e.rpo === "missed").length,
    },
    entries,
    errors,
  };
}

function collectEntry(
  key: string,
  entry: DrPlanEntryArgs,
  plan: DisasterRecoveryPlanArgs,
  child: ChildOutcome | undefined,
  run: DrillRun,
  verification: readonly DrillVerification[] | undefined,
): DrillEntry {
  const out = child?.outputs ?? {};
  // The legacy restore's `createdAt` is the server's time of the request where `requestedAt` is absent.
  const m = measureEntry(entry, plan.defaults, child?.kind ? {
    status: text(out.status) ?? "UNKNOWN",
    requestedAt: text(out.requestedAt) ?? text(out.createdAt),
    readyAt: text(out.readyAt),
    restorePointTime: text(out.restorePointTime) ?? legacySnapshotTime(out),
  } : undefined);
  const verificationFailed = verification?.some((v) => !v.ok) ?? false;
  const ids = unique([child?.id, ...strings(out.jobIds), text(out.jobId)]);
  return {
    name: key,
    api: apiOf(entry, plan, child),
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
    parts: entryParts(child, entry.source.clusterName, { requestedAt: m.requestedAt, readyAt: m.readyAt }),
    ...(verification ? { verification: [...verification] } : {}),
    ...(child?.error ? { error: child.error } : {}),
  };
}

/** The API that served the entry: its child's kind, else as declared; `auto` without a child is Atlas's default, Cloud Backup. */
function apiOf(entry: DrPlanEntryArgs, plan: DisasterRecoveryPlanArgs, child: ChildOutcome | undefined): DrillEntry["api"] {
  if (child?.kind) return child.kind === "RestoreJob" ? "legacy" : "cloudBackup";
  return (entry.api ?? plan.defaults?.api) === "legacy" ? "legacy" : "cloudBackup";
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

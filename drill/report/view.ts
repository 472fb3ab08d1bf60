/**
 * What the Markdown and HTML pages say, computed once: every label, figure and verdict as plain
 * text, failed entries first. The renderers only lay this out (and escape it for their format).
 * Built from a redacted report, so no string here can carry a secret.
 */
import { formatDuration } from "./duration";
import type { DrillEntry, DrillReport } from "./model";
import { failedFirst } from "./order";
import { redactReport } from "./redact-report";

export { formatDuration } from "./duration";

/** Display names of the data's enums. */
const API_LABEL: Record<DrillEntry["api"], string> = { legacy: "legacy", cloudBackup: "Cloud Backup", "not resolved": "not resolved (api: auto)" };
const ENGINE_LABEL: Record<DrillReport["engine"], string> = {
  "pulumi-cli": "Pulumi CLI (Automation API)",
  plugin: "Pulumi SDK dynamic-provider plugin (no CLI)",
};

/** One restore, as its table row and failure notice show it. */
export interface EntryView {
  readonly name: string;
  readonly passed: boolean;
  /** `PASSED` or `FAILED`: the text that goes with every colour. */
  readonly result: "PASSED" | "FAILED";
  readonly api: string;
  readonly source: string;
  readonly restorePoint: string;
  readonly delivery: string;
  readonly status: string;
  /** What this run did: `requested in this run`, `reused from run X (requested …)`, `not requested`. */
  readonly run: string;
  readonly reused: boolean;
  readonly rto: ObjectiveView;
  readonly rpo: ObjectiveView;
  readonly ids: readonly string[];
  /** Why it failed, one short line each; empty when it passed. */
  readonly reasons: readonly string[];
  /** The report's notes on this entry (unknown figures, server times not used, verification downloads). */
  readonly notes: readonly string[];
  readonly error?: string;
  readonly parts: readonly PartView[];
  readonly verification: readonly VerificationView[];
}

/** One objective of one restore: the figures, the verdict, and both as one line of text. */
export interface ObjectiveView {
  readonly measured?: number;
  readonly target?: number;
  readonly verdict: DrillEntry["rto"];
  /** e.g. `12m 30s (target 30m 00s): met`. */
  readonly text: string;
}

export interface PartView {
  readonly name: string;
  readonly jobId: string;
  readonly status: string;
  readonly requested: string;
  /** The part's last event, e.g. `ready 2025-03-01 10:04:10 UTC`. */
  readonly last: string;
}

export interface VerificationView {
  readonly part: string;
  readonly result: "OK" | "FAILED";
  readonly bytes: string;
  readonly checksum: string;
  readonly wiredTigerFiles: string;
  readonly error: string;
}

export interface ReportView {
  readonly plan: string;
  readonly passed: boolean;
  /** e.g. `FAILED: 3 of 4 entries passed. …`: the summary's verdict. */
  readonly verdict: string;
  /** The run's facts in reading order: plan, run, stacks, server, clock, who ran it, when, engine. */
  readonly facts: ReadonlyArray<readonly [label: string, value: string]>;
  /** Failed entries first, then the rest, each group in plan order. */
  readonly entries: readonly EntryView[];
  readonly failed: readonly EntryView[];
  /** Failures that belong to no entry. */
  readonly errors: readonly string[];
  readonly version: number;
  /** The clock's name for headings, e.g. `the emulator's clock, UTC`. */
  readonly clockLabel: string;
}

/** `2025-03-01T10:00:00.000Z` → `2025-03-01 10:00:00 UTC`; anything unparsable as given. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** `12m 30s (target 30m 00s): met`, or what is missing. */
function objectiveText(measured: number | undefined, target: number | undefined, verdict: DrillEntry["rto"]): string {
  const figure = measured === undefined ? (verdict === "missed" ? "never usable" : "no figure") : formatDuration(measured);
  const goal = target === undefined ? "no target" : `target ${formatDuration(target)}`;
  return `${figure} (${goal}): ${verdict}`;
}

function objectiveView(measured: number | undefined, target: number | undefined, verdict: DrillEntry["rto"]): ObjectiveView {
  return {
    ...(measured === undefined ? {} : { measured }),
    ...(target === undefined ? {} : { target }),
    verdict,
    text: objectiveText(measured, target, verdict),
  };
}

const USABLE_STATUSES = new Set(["READY", "COMPLETED"]);

function reasonsFor(entry: DrillEntry): string[] {
  if (entry.passed) return [];
  const reasons: string[] = [];
  if (!USABLE_STATUSES.has(entry.status.toUpperCase())) reasons.push(`status ${entry.status}`);
  for (const [name, verdict, measured, target] of [
    ["RTO", entry.rto, entry.rtoSeconds, entry.rtoTargetSeconds],
    ["RPO", entry.rpo, entry.rpoSeconds, entry.rpoTargetSeconds],
  ] as const) {
    if (verdict === "missed") reasons.push(`${name} missed: ${objectiveText(measured, target, verdict)}`);
    if (verdict === "unknown") reasons.push(`${name} unknown (target ${target === undefined ? "set" : formatDuration(target)}): ${entry.notes?.find((n) => n.startsWith(`${name} unknown: `))?.slice(name.length + 10) ?? "no figure"}`);
  }
  const badArchives = (entry.verification ?? []).filter((v) => !v.ok).map((v) => v.part);
  if (badArchives.length) reasons.push(`download verification failed: ${badArchives.join(", ")}`);
  if (reasons.length === 0) reasons.push(entry.error ? "the restore reported an error" : "did not pass");
  return reasons;
}

/** The restore point as declared, then what it resolved to where that adds anything (a pinned snapshot is not repeated). */
function restorePointText({ declared, snapshotId, time }: DrillEntry["restorePoint"]): string {
  const pinned = snapshotId !== undefined && declared === `snapshot ${snapshotId}`;
  const resolved = [!pinned && snapshotId && `snapshot ${snapshotId}`, time && `taken ${formatTime(time)}`].filter(Boolean);
  if (resolved.length === 0) return declared;
  return pinned ? `${declared}, ${resolved.join(", ")}` : `${declared} → ${resolved.join(", ")}`;
}

function deliveryText(delivery: DrillEntry["delivery"]): string {
  return delivery.type === "download" ? "download" : `automated into ${delivery.targetProjectId} / ${delivery.targetClusterName}`;
}

/** What this run did with the entry, in words. */
export function runText(entry: Pick<DrillEntry, "run" | "reusedFrom">): string {
  if (entry.run === "requested") return "requested in this run";
  if (entry.run === "not requested") return "not requested";
  const from = entry.reusedFrom?.runId ? `run ${entry.reusedFrom.runId}` : "an earlier run";
  const at = entry.reusedFrom?.requestedAt ? `, requested ${formatTime(entry.reusedFrom.requestedAt)}` : "";
  return `reused from ${from}${at}: nothing requested in this run`;
}

function entryView(entry: DrillEntry): EntryView {
  // The unknown figures' notes are in `reasons` already.
  const notes = (entry.notes ?? []).filter((n) => !/^(RTO|RPO) unknown: /.test(n));
  return {
    name: entry.name,
    passed: entry.passed,
    result: entry.passed ? "PASSED" : "FAILED",
    api: API_LABEL[entry.api],
    source: `${entry.source.projectId} / ${entry.source.clusterName}`,
    restorePoint: restorePointText(entry.restorePoint),
    delivery: deliveryText(entry.delivery),
    status: entry.status,
    run: runText(entry),
    reused: entry.run === "reused",
    rto: objectiveView(entry.rtoSeconds, entry.rtoTargetSeconds, entry.rto),
    rpo: objectiveView(entry.rpoSeconds, entry.rpoTargetSeconds, entry.rpo),
    ids: entry.ids,
    reasons: reasonsFor(entry),
    notes,
    ...(entry.error === undefined ? {} : { error: entry.error }),
    parts: entry.parts.map((part) => {
      const last = part.events[part.events.length - 1];
      return {
        name: part.name,
        jobId: part.jobId ?? "—",
        status: part.status,
        requested: formatTime(part.events.find((e) => e.state === "requested")?.at),
        last: last ? `${last.state} ${formatTime(last.at)}` : "no events recorded",
      };
    }),
    verification: (entry.verification ?? []).map((v) => ({
      part: v.part,
      result: v.ok ? "OK" : "FAILED",
      bytes: v.bytes === undefined ? "—" : String(v.bytes),
      checksum: v.checksumAlgorithm ? `${v.checksumAlgorithm}: ${v.checksum}` : v.checksum,
      wiredTigerFiles: v.wiredTigerFiles === undefined ? "—" : String(v.wiredTigerFiles),
      error: v.error ?? "",
    })),
  };
}

/** `35m 50s on the server's clock (7.2s real)`: the run's length on its clock, and in real time where they differ. */
function durationText(report: DrillReport): string {
  const onClock = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  if (!Number.isFinite(onClock) || onClock < 0) return "—";
  const scaled = report.server.timeScale !== undefined && report.server.timeScale !== 1;
  return scaled ? `${formatDuration(onClock)} emulated (${formatDuration(report.clock.realSeconds)} real)` : formatDuration(onClock);
}

/** What the run did, in one line: `4 restores requested in this run`, or how many were reused. */
function activityText(report: DrillReport): string {
  const { requested, reused, entries } = report.summary;
  const notRequested = entries - requested - reused;
  return [
    `${requested} requested in this run`,
    reused ? `${reused} reused from an earlier run (nothing requested for them)` : "",
    notRequested ? `${notRequested} not requested` : "",
  ].filter(Boolean).join(", ");
}

/** The report as both pages show it. Redacts first: see redact-report.ts. */
export function reportView(raw: DrillReport): ReportView {
  const report = redactReport(raw);
  const views = report.entries.map(entryView);
  const failed = views.filter((e) => !e.passed);
  const clockLabel = report.clock.source === "runner" ? "this machine's clock, UTC" : report.server.kind === "emulator" ? "the emulator's clock, UTC" : "the server's clock, UTC";
  return {
    plan: report.plan,
    passed: report.passed,
    verdict: report.summary.verdict,
    facts: [
      ["Plan", report.plan],
      ["Run", `${report.runId}: ${activityText(report)}`],
      ["Stacks", report.stacks.join(", ") || "—"],
      ["Server", report.server.description],
      ["Clock", report.clock.description],
      ["Ran by", report.ranBy],
      ["Started", formatTime(report.startedAt)],
      ["Finished", formatTime(report.finishedAt)],
      ["Duration", durationText(report)],
      ["Engine", ENGINE_LABEL[report.engine]],
    ],
    entries: failedFirst(views),
    failed,
    errors: report.errors,
    version: report.version,
    clockLabel,
  };
}

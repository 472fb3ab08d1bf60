/**
 * What the Markdown and HTML pages say, computed once: every label, figure and verdict as plain
 * text, failed entries first. The renderers only lay this out (and escape it for their format).
 * Built from a redacted report, so no string here can carry a secret.
 */
import type { DrillEntry, DrillReport } from "./model";
import { failedFirst } from "./order";
import { redactReport } from "./redact-report";

/** Display names of the data's enums. */
const API_LABEL: Record<DrillEntry["api"], string> = { legacy: "legacy", cloudBackup: "Cloud Backup" };
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
  readonly rto: ObjectiveView;
  readonly rpo: ObjectiveView;
  readonly ids: readonly string[];
  /** Why it failed, one short line each; empty when it passed. */
  readonly reasons: readonly string[];
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
  /** e.g. `FAILED: 1 of 4 restores failed (1 missed its RTO)`. */
  readonly verdict: string;
  /** The run's facts in reading order: plan, stacks, servers, who ran it, when, engine. */
  readonly facts: ReadonlyArray<readonly [label: string, value: string]>;
  /** Failed entries first, then the rest, each group in plan order. */
  readonly entries: readonly EntryView[];
  readonly failed: readonly EntryView[];
  /** Failures that belong to no entry. */
  readonly errors: readonly string[];
  readonly version: number;
}

/** `3725` → `1h 02m 05s`; `750` → `12m 30s`; `42` → `42s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.round(totalSeconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m ${String(rest).padStart(2, "0")}s`;
  if (m > 0) return `${m}m ${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}

/** `2025-03-01T10:00:00.000Z` → `2025-03-01 10:00:00 UTC`; anything unparsable as given. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** `12m 30s (target 30m 00s): met`, or why it was not measured. */
function objectiveText(measured: number | undefined, target: number | undefined, verdict: DrillEntry["rto"]): string {
  const figure = measured === undefined ? "no figure" : formatDuration(measured);
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
  if (entry.rto === "missed") reasons.push(`RTO missed: ${objectiveText(entry.rtoSeconds, entry.rtoTargetSeconds, entry.rto)}`);
  if (entry.rpo === "missed") reasons.push(`RPO missed: ${objectiveText(entry.rpoSeconds, entry.rpoTargetSeconds, entry.rpo)}`);
  const badArchives = (entry.verification ?? []).filter((v) => !v.ok).map((v) => v.part);
  if (badArchives.length) reasons.push(`download verification failed: ${badArchives.join(", ")}`);
  if (reasons.length === 0) reasons.push("did not pass");
  return reasons;
}

function restorePointText({ declared, snapshotId, time }: DrillEntry["restorePoint"]): string {
  const resolved = [snapshotId && `snapshot ${snapshotId}`, time && `at ${formatTime(time)}`].filter(Boolean);
  return resolved.length ? `${declared} → ${resolved.join(", ")}` : declared;
}

function deliveryText(delivery: DrillEntry["delivery"]): string {
  return delivery.type === "download" ? "download" : `automated into ${delivery.targetProjectId} / ${delivery.targetClusterName}`;
}

function entryView(entry: DrillEntry): EntryView {
  return {
    name: entry.name,
    passed: entry.passed,
    result: entry.passed ? "PASSED" : "FAILED",
    api: API_LABEL[entry.api],
    source: `${entry.source.projectId} / ${entry.source.clusterName}`,
    restorePoint: restorePointText(entry.restorePoint),
    delivery: deliveryText(entry.delivery),
    status: entry.status,
    rto: objectiveView(entry.rtoSeconds, entry.rtoTargetSeconds, entry.rto),
    rpo: objectiveView(entry.rpoSeconds, entry.rpoTargetSeconds, entry.rpo),
    ids: entry.ids,
    reasons: reasonsFor(entry),
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

function verdictText(report: DrillReport): string {
  const { entries, failed, rtoMissed, rpoMissed } = report.summary;
  const missed = [rtoMissed && `${rtoMissed} missed its RTO`, rpoMissed && `${rpoMissed} missed its RPO`].filter(Boolean);
  const runErrors = report.errors.length ? `; ${report.errors.length} run error(s)` : "";
  if (report.passed) return `PASSED: all ${entries} restores passed`;
  const detail = missed.length ? ` (${missed.join(", ")})` : "";
  return `FAILED: ${failed} of ${entries} restores failed${detail}${runErrors}`;
}

/** The report as both pages show it. Redacts first: see redact-report.ts. */
export function reportView(raw: DrillReport): ReportView {
  const report = redactReport(raw);
  const views = report.entries.map(entryView);
  const failed = views.filter((e) => !e.passed);
  const durationSeconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  return {
    plan: report.plan,
    passed: report.passed,
    verdict: verdictText(report),
    facts: [
      ["Plan", report.plan],
      ["Stacks", report.stacks.join(", ") || "—"],
      ["Server", report.servers.join(", ") || "—"],
      ["Ran by", report.ranBy],
      ["Started", formatTime(report.startedAt)],
      ["Finished", formatTime(report.finishedAt)],
      ["Duration", Number.isFinite(durationSeconds) && durationSeconds >= 0 ? formatDuration(durationSeconds) : "—"],
      ["Engine", ENGINE_LABEL[report.engine]],
    ],
    entries: failedFirst(views),
    failed,
    errors: report.errors,
    version: report.version,
  };
}

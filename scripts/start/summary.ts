/**
 * What a drill run came to, in the terminal: each entry of the report (failed ones first) with
 * its status, ids, parts and delivery URLs (masked unless shown), then the verdict. Both engines
 * produce an EngineRun, so the text reads the same.
 */
import type { ChildOutcome } from "../../drill/report/child-outcome";
import { formatDuration } from "../../drill/report/duration";
import type { DrillEntry, DrillReport } from "../../drill/report/model";

/** A download's URLs, each labelled with its part (legacy: the part's cluster and id; Cloud Backup: the replica set). */
export type LabelledUrls = readonly (readonly [label: string, url: string])[];

/** What an engine's run of the drill program came to, before it becomes a report. */
export interface EngineRun {
  /** The stack the engine ran. */
  stack: string;
  /** The plan's children by entry key (secrets redacted). */
  children: Record<string, ChildOutcome>;
  /** Delivery URLs by entry key, plaintext: printed only masked unless --show-secrets. */
  urls: Record<string, LabelledUrls>;
  /** Failures that belong to no entry (the program itself, the engine). */
  errors: string[];
}

/** Passed means: every entry's data usable, no objective missed, and no error anywhere. */
export function passed(r: DrillReport): boolean {
  return r.passed;
}

/** A delivery URL with everything after the host hidden: the path carries the access token. */
export function maskUrl(url: string): string {
  try {
    return `${new URL(url).origin}/… [secret]`;
  } catch {
    return "[secret]";
  }
}

export interface SummaryOptions {
  showSecrets: boolean;
  /** The URLs are the embedded emulator's: `stops` when npm start exits, `kept` with --keep-emulator. */
  emulatorLinks?: "stops" | "kept";
  /** The report files written, one per line (formatReportPaths, each line saying which). */
  reportPaths?: string;
}

/** What happens to printed emulator links, and how to keep them working. */
const EMULATOR_LINKS = {
  stops:
    "These URLs are served by the embedded emulator, which stops when npm start exits: they stop working then. " +
    "Run with --keep-emulator to keep it serving them until Ctrl-C.",
  kept: "These URLs are served by the embedded emulator, which keeps running until Ctrl-C (--keep-emulator).",
} as const;

/** An entry's one-line description: API, delivery, source and target. */
function describe(e: DrillEntry): string {
  const api = e.api === "legacy" ? "legacy backup" : "Cloud Backup";
  const into = e.delivery.type === "automated" ? ` into ${e.delivery.targetClusterName}` : "";
  return `${api}, ${e.delivery.type === "automated" ? "automated restore" : "download"} of ${e.source.clusterName}${into}, ${e.restorePoint.declared}`;
}

export function formatSummary(report: DrillReport, urls: EngineRun["urls"], o: SummaryOptions): string {
  const lines: string[] = ["", "Drill results"];
  const failedFirst = [...report.entries.filter((e) => !e.passed), ...report.entries.filter((e) => e.passed)];
  for (const e of failedFirst) {
    lines.push(`  ${e.name}: ${e.status}  (${describe(e)})`);
    // Only a restore that exists has figures (and a topology) to speak of.
    if (e.ids.length > 0) {
      lines.push(`    id        ${e.ids[0]}`);
      lines.push(`    RTO       ${objective(e.rtoSeconds, e.rtoTargetSeconds, e.rto)}`, `    RPO       ${objective(e.rpoSeconds, e.rpoTargetSeconds, e.rpo)}`);
    }
    for (const note of e.notes ?? []) lines.push(`    note      ${note}`);
    e.parts.forEach((p, i) => lines.push(`    ${i === 0 ? "parts    " : "         "} ${p.name}: ${p.status}`));
    (urls[e.name] ?? []).forEach(([label, url], i) =>
      lines.push(`    ${i === 0 ? "URLs     " : "         "} ${label}: ${o.showSecrets ? url : maskUrl(url)}`),
    );
    if (e.error) lines.push(...indent(`error: ${e.error}`, "    "));
  }
  for (const e of report.errors) lines.push(...indent(`error: ${e}`, "  "));
  const anyUrl = Object.values(urls).some((u) => u.length > 0);
  if (anyUrl && !o.showSecrets) lines.push("", "Delivery URLs are secrets (each carries its access token): --show-secrets prints them.");
  if (anyUrl && o.showSecrets && o.emulatorLinks) lines.push("", EMULATOR_LINKS[o.emulatorLinks]);
  if (o.reportPaths) lines.push("", ...o.reportPaths.split("\n"));
  const failed = report.entries.filter((e) => !e.passed).map((e) => e.name);
  lines.push(
    "",
    passed(report)
      ? `Drill passed: ${report.summary.verdict.replace(/^PASSED: /, "")}`
      : `Drill FAILED: ${failed.length ? failed.join(", ") : "see the errors above"}${failed.length && report.errors.length ? " (and the errors above)" : ""}. ${report.summary.verdict.replace(/^FAILED: /, "")}`,
  );
  return lines.join("\n") + "\n";
}

/** `20s (target 1h 00m 00s): met`, `8.9 years (no target)`, `never usable (target 1h 00m 00s): missed`: the report's wording. */
function objective(seconds: number | undefined, target: number | undefined, verdict: DrillEntry["rto"]): string {
  const figure = seconds !== undefined ? formatDuration(seconds) : verdict === "missed" ? "never usable" : "no figure";
  const of = target === undefined ? " (no target)" : ` (target ${formatDuration(target)})`;
  return `${figure}${of}${verdict !== "not measured" ? `: ${verdict}` : ""}`;
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => prefix + l);
}

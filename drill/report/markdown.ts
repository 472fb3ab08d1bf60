/**
 * The drill report as Markdown, for a ticket or a runbook: the verdict and the failed restores
 * first, then the run's facts, one table row per restore, and each restore's parts.
 */
import type { DrillReport } from "./model";
import { reportView, type EntryView } from "./view";

/**
 * Escape text for a Markdown table cell or list item: Markdown punctuation loses its meaning,
 * HTML cannot open a tag (ticket systems render inline HTML), a line break cannot end the row.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~])/g, "\\$1");
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownText).join(" | ")} |`;
  return [line(header), `|${header.map(() => " --- |").join("")}`, ...rows.map(line)];
}

function failureItem(entry: EntryView): string[] {
  const head = `- **FAILED** **${markdownText(entry.name)}** (${markdownText(`${entry.api}, ${entry.delivery}`)}): ${markdownText(entry.reasons.join("; "))}`;
  return entry.error === undefined ? [head] : [head, `  - Error: ${markdownText(entry.error)}`];
}

function partsSection(entry: EntryView): string[] {
  const lines = [`### ${markdownText(entry.name)} (${entry.result})`, ""];
  lines.push(...table(["Part", "Job id", "Status", "Requested", "Last event"], entry.parts.map((p) => [p.name, p.jobId, p.status, p.requested, p.last])));
  if (entry.verification.length) {
    lines.push("", "Download verification:", "");
    lines.push(
      ...table(
        ["Archive", "Result", "Bytes", "Checksum", "WiredTiger files", "Error"],
        entry.verification.map((v) => [v.part, v.result, v.bytes, v.checksum, v.wiredTigerFiles, v.error]),
      ),
    );
  }
  return [...lines, ""];
}

/** The report as a Markdown document (ends with a newline). */
export function toMarkdown(report: DrillReport): string {
  const view = reportView(report);
  const lines = [`# Drill report: ${markdownText(view.plan)}`, "", `**${markdownText(view.verdict)}**`, "", `Every time is in UTC on ${markdownText(view.clockLabel.replace(/, UTC$/, ""))} (see Clock below).`, ""];
  if (view.failed.length || view.errors.length) {
    lines.push("## Failed", "");
    for (const entry of view.failed) lines.push(...failureItem(entry));
    for (const error of view.errors) lines.push(`- **FAILED** (run): ${markdownText(error)}`);
    lines.push("");
  }
  lines.push("## Run", "", ...table(["", ""], view.facts), "");
  lines.push(
    "## Restores",
    "",
    ...table(
      ["Result", "Entry", "API", "Source", "Restore point", "Delivery / target", "This run", "Status", "RTO vs target", "RPO vs target", "IDs"],
      view.entries.map((e) => [e.result, e.name, e.api, e.source, e.restorePoint, e.delivery, e.run, e.status, e.rto.text, e.rpo.text, e.ids.join(", ")]),
    ),
    "",
  );
  const noted = view.entries.filter((e) => e.notes.length);
  if (noted.length) {
    lines.push("Notes:", "");
    for (const e of noted) for (const n of e.notes) lines.push(`- **${markdownText(e.name)}**: ${markdownText(n)}`);
    lines.push("");
  }
  lines.push("## Parts", "");
  for (const entry of view.entries) lines.push(...partsSection(entry));
  lines.push(`Drill report format version ${view.version}.`);
  return `${lines.join("\n")}\n`;
}

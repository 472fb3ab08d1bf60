/**
 * Write a report's three files side by side: `<basename>.json` (the data), `.md` and `.html`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { toHtml } from "./html";
import { toMarkdown } from "./markdown";
import type { DrillReport } from "./model";
import { redactReport } from "./redact-report";

/** Paths of the files writeReport wrote. */
export interface ReportPaths {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

export interface WriteReportOptions {
  /** File name without extension; default `drill-report`. A plain name: no folder, no dots first. */
  readonly basename?: string;
  /** Secret values the writer knows (keys, passphrases): removed wherever they appear, as the patterns remove tokens and URLs. */
  readonly secrets?: readonly string[];
}

const BASENAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Create `dir` if needed and write the report as JSON, Markdown and HTML; returns absolute paths.
 * The JSON is the data as is (two-space, final newline), after the same redaction the pages get,
 * which leaves a report without secrets unchanged.
 */
export function writeReport(report: DrillReport, dir: string, options: WriteReportOptions = {}): ReportPaths {
  const basename = options.basename ?? "drill-report";
  if (!BASENAME.test(basename)) {
    throw new Error(`writeReport: basename ${JSON.stringify(basename)} must be a plain file name (letters, digits, ".", "_", "-"; no folder), e.g. "drill-report".`);
  }
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true });
  const paths: ReportPaths = {
    json: join(folder, `${basename}.json`),
    markdown: join(folder, `${basename}.md`),
    html: join(folder, `${basename}.html`),
  };
  const safe = redactReport(report, options.secrets);
  writeFileSync(paths.json, `${JSON.stringify(safe, null, 2)}\n`);
  writeFileSync(paths.markdown, toMarkdown(safe));
  writeFileSync(paths.html, toHtml(safe));
  return paths;
}

/** One line per file, for a terminal: `Drill report (HTML):     /path/drill-report.html`. */
export function formatReportPaths(paths: ReportPaths): string {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ["HTML", paths.html],
    ["Markdown", paths.markdown],
    ["JSON", paths.json],
  ];
  return rows.map(([kind, path]) => `Drill report (${kind}):${" ".repeat(10 - kind.length)}${path}`).join("\n");
}

/**
 * The drill report as ONE self-contained HTML page: inline CSS and SVG, no script, and a
 * Content-Security-Policy that forbids every fetch, so it opens the same offline, from a mail
 * attachment or an auditor's archive. The verdict and the failed restores come first; every string
 * from the report is escaped (html-escape.ts) after redaction (redact-report.ts).
 */
import { html, raw, type Markup } from "./html-escape";
import { REPORT_CSS } from "./html-style";
import type { DrillReport } from "./model";
import { objectiveSvg } from "./objectives-svg";
import { timeline } from "./timeline";
import { timelineSvg } from "./timeline-svg";
import { reportView, type EntryView, type ReportView } from "./view";

/** Nothing may load: no script, image, font, frame or connection; only the inline stylesheet. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const badge = (passed: boolean) => (passed ? html`<span class="badge passed">PASSED</span>` : html`<span class="badge failed">FAILED</span>`);

function failuresSection(view: ReportView): Markup {
  if (!view.failed.length && !view.errors.length) return html``;
  const entries = view.failed.map(
    (e) => html`<article class="failure" data-entry="${e.name}" data-result="failed">
<h3>${badge(false)} ${e.name}</h3>
<p>${e.api} · ${e.source} · ${e.delivery}</p>
<ul>${e.reasons.map((r) => html`<li>${r}</li>`)}</ul>
${e.error === undefined ? html`` : html`<p class="error">${e.error}</p>`}
</article>`,
  );
  const runErrors = view.errors.map((error) => html`<article class="failure" data-result="failed"><h3>${badge(false)} run error</h3><p class="error">${error}</p></article>`);
  return html`<section id="failures"><h2>Failed</h2>${entries}${runErrors}</section>`;
}

function restoreRow(e: EntryView): Markup {
  return html`<tr class="${e.passed ? "passed" : "failed"}" data-entry="${e.name}" data-result="${e.passed ? "passed" : "failed"}">
<td>${badge(e.passed)}</td><td>${e.name}</td><td>${e.api}</td><td>${e.source}</td><td>${e.restorePoint}</td><td>${e.delivery}</td>
<td>${e.status}</td><td>${e.rto.text}</td><td>${e.rpo.text}</td><td class="ids">${e.ids.map((id) => html`${id}<br>`)}</td></tr>`;
}

function partsTable(e: EntryView): Markup {
  const verification = e.verification.length
    ? html`<table><thead><tr><th>Archive</th><th>Result</th><th>Bytes</th><th>Checksum</th><th>WiredTiger files</th><th>Error</th></tr></thead><tbody>${e.verification.map(
        (v) => html`<tr class="${v.result === "OK" ? "passed" : "failed"}"><td>${v.part}</td><td>${v.result}</td><td>${v.bytes}</td><td>${v.checksum}</td><td>${v.wiredTigerFiles}</td><td class="error">${v.error}</td></tr>`,
      )}</tbody></table>`
    : html``;
  return html`<h3>${badge(e.passed)} ${e.name}</h3>
<table><thead><tr><th>Part</th><th>Job id</th><th>Status</th><th>Requested</th><th>Last event</th></tr></thead><tbody>${e.parts.map(
    (p) => html`<tr><td>${p.name}</td><td class="ids">${p.jobId}</td><td>${p.status}</td><td>${p.requested}</td><td>${p.last}</td></tr>`,
  )}</tbody></table>${verification}`;
}

/** The report as a complete HTML document. */
export function toHtml(report: DrillReport): string {
  const view = reportView(report);
  const objectiveRows = (pick: "rto" | "rpo") => view.entries.map((e) => ({ name: e.name, ...e[pick] }));
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${view.passed ? "PASSED" : "FAILED"} · Drill report: ${view.plan}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<main>
<header class="verdict ${view.passed ? "passed" : "failed"}" data-result="${view.passed ? "passed" : "failed"}">
<h1>${badge(view.passed)} ${view.verdict}</h1>
<p>Drill report: ${view.plan}</p>
</header>
${failuresSection(view)}
<section id="run"><h2>Run</h2><dl class="facts">${view.facts.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl></section>
<section id="restores"><h2>Restores</h2>
<div class="scroll"><table><thead><tr><th>Result</th><th>Entry</th><th>API</th><th>Source</th><th>Restore point</th><th>Delivery / target</th><th>Status</th><th>RTO vs target</th><th>RPO vs target</th><th>IDs</th></tr></thead>
<tbody>${view.entries.map(restoreRow)}</tbody></table></div></section>
<section id="timeline"><h2>Timeline (UTC)</h2>
${timelineSvg(timeline(report))}
<div class="legend"><span><i class="requested"></i>requested</span><span><i class="preparing"></i>preparing</span><span><i class="ready"></i>ready</span><span><i class="failed"></i>FAILED / expired / cancelled</span><span>dashed end: still open when the run ended</span></div>
</section>
<section id="objectives"><h2>RTO and RPO against targets</h2>
<h3>RTO (request → data usable)</h3>${objectiveSvg("RTO against target per restore", objectiveRows("rto"))}
<h3>RPO (request time − restore point time)</h3>${objectiveSvg("RPO against target per restore", objectiveRows("rpo"))}
<p class="legend"><span><i class="ready"></i>met</span><span><i class="failed"></i>missed</span><span>vertical line: target</span></p>
</section>
<section id="parts"><h2>Parts</h2>${view.entries.map(partsTable)}</section>
<footer>Drill report format version ${view.version} · pulumi-atlas-restore · self-contained: this page loads nothing.</footer>
</main>
</body>
</html>
`;
  return page.text;
}

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
import { timeline, type Timeline } from "./timeline";
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

/** One restore: a summary row (what a reader scans), then a details row spanning the table (what an auditor checks). */
function restoreRows(e: EntryView): Markup {
  const details: ReadonlyArray<readonly [string, string | Markup]> = [
    ["API", e.api],
    ["Source", e.source],
    ["Restore point", e.restorePoint],
    ["Delivery / target", e.delivery],
    ["This run", e.run],
    ["IDs", html`${e.ids.map((id) => html`<span class="id">${id}</span> `)}`],
    ...e.notes.map((n): readonly [string, string] => ["Note", n]),
  ];
  return html`<tr class="summary ${e.passed ? "passed" : "failed"}" data-entry="${e.name}" data-result="${e.passed ? "passed" : "failed"}" data-run="${e.reused ? "reused" : "this run"}">
<td>${badge(e.passed)}</td><td class="name">${e.name}</td><td>${e.status}${e.reused ? html` <span class="tag reused">REUSED</span>` : html``}</td><td>${e.rto.text}</td><td>${e.rpo.text}</td></tr>
<tr class="details ${e.passed ? "passed" : "failed"}" data-entry="${e.name}"><td colspan="5"><dl>${details.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl></td></tr>`;
}

function legend(t: Timeline): Markup {
  const shown = new Set(t.states);
  const failed = t.bars.some((b) => b.failed);
  const open = t.bars.some((b) => !b.finished && b.segments.length > 0);
  const items = [
    shown.has("requested") ? html`<span><i class="requested"></i>requested</span>` : html``,
    shown.has("preparing") ? html`<span><i class="preparing"></i>preparing</span>` : html``,
    shown.has("ready") ? html`<span><i class="ready"></i>ready</span>` : html``,
    failed ? html`<span><i class="failed"></i>FAILED / expired / cancelled</span>` : html``,
    open ? html`<span>dashed end: still open when the run ended</span>` : html``,
  ];
  return html`<div class="legend">${items}</div>`;
}

function timelineSection(view: ReportView, report: DrillReport): Markup {
  const t = timeline(report);
  const reused = view.entries.filter((e) => e.reused);
  return html`<section id="timeline"><h2>Timeline (${view.clockLabel})</h2>
${timelineSvg(t)}
${legend(t)}
${reused.length ? html`<p class="note">Not on this run's axis (requested before it started): ${reused.map((e, i) => html`${i ? "; " : ""}<strong>${e.name}</strong>, ${e.run}`)}.</p>` : html``}
</section>`;
}

function partsTable(e: EntryView): Markup {
  const verification = e.verification.length
    ? html`<table><thead><tr><th>Archive</th><th>Result</th><th>Bytes</th><th>Checksum</th><th>WiredTiger files</th><th>Error</th></tr></thead><tbody>${e.verification.map(
        (v) => html`<tr class="${v.result === "OK" ? "passed" : "failed"}"><td class="name">${v.part}</td><td>${v.result}</td><td>${v.bytes}</td><td>${v.checksum}</td><td>${v.wiredTigerFiles}</td><td class="error">${v.error}</td></tr>`,
      )}</tbody></table>`
    : html``;
  return html`<h3>${badge(e.passed)} ${e.name}</h3>
<table><thead><tr><th>Part</th><th>Job id</th><th>Status</th><th>Requested</th><th>Last event</th></tr></thead><tbody>${e.parts.map(
    (p) => html`<tr><td class="name">${p.name}</td><td class="id">${p.jobId}</td><td>${p.status}</td><td>${p.requested}</td><td>${p.last}</td></tr>`,
  )}</tbody></table>${verification}`;
}

/** The report as a complete HTML document. */
export function toHtml(report: DrillReport): string {
  const view = reportView(report);
  const objectiveRows = (pick: "rto" | "rpo") => view.entries.map((e) => ({ name: e.name, ...e[pick] }));
  // `FAILED: 3 of 4 entries passed.` is the headline; what failed follows it.
  const cut = view.verdict.indexOf(". ");
  const [headline, why] = cut < 0 ? [view.verdict, ""] : [view.verdict.slice(0, cut + 1), view.verdict.slice(cut + 2)];
  const unknown = view.entries.some((e) => e.rto.verdict === "unknown" || e.rpo.verdict === "unknown");
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
<h1>${badge(view.passed)} ${headline}</h1>
${why ? html`<p class="why">${why}</p>` : html``}
<p>Drill report: ${view.plan}</p>
</header>
${failuresSection(view)}
<section id="run"><h2>Run</h2><dl class="facts">${view.facts.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl></section>
<section id="restores"><h2>Restores</h2>
<table class="restores"><thead><tr><th>Result</th><th>Entry</th><th>Status</th><th>RTO vs target</th><th>RPO vs target</th></tr></thead>
<tbody>${view.entries.map(restoreRows)}</tbody></table></section>
${timelineSection(view, report)}
<section id="objectives"><h2>RTO and RPO against targets</h2>
<h3>RTO (request → data usable, on ${view.clockLabel.replace(/, UTC$/, "")})</h3>${objectiveSvg("RTO against target per restore", objectiveRows("rto"))}
<h3>RPO (request time − restore point time)</h3>${objectiveSvg("RPO against target per restore", objectiveRows("rpo"))}
<p class="legend"><span><i class="ready"></i>met</span><span><i class="failed"></i>missed</span>${unknown ? html`<span><i class="unknown"></i>UNKNOWN: target set, no figure (fails)</span>` : html``}<span>vertical line: target</span></p>
</section>
<section id="parts"><h2>Parts</h2>${view.entries.map(partsTable)}</section>
<footer>Drill report format version ${view.version} · pulumi-atlas-restore · self-contained: this page loads nothing.</footer>
</main>
</body>
</html>
`;
  return page.text;
}

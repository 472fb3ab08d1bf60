/**
 * The page's only stylesheet, inlined (the page loads nothing). Failure is red AND says FAILED in
 * text everywhere it is shown, so the page reads the same without colour. Nothing is wider than
 * the page: long ids and messages wrap anywhere (no scrolling box, nothing clipped), from a
 * phone's width to A4 paper.
 */
export const REPORT_CSS = `
:root { --fail: #b91c1c; --fail-bg: #fef2f2; --pass: #15803d; --pass-bg: #f0fdf4; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
.verdict { padding: 14px 18px; border-left: 10px solid; border-radius: 4px; }
.verdict.failed { background: var(--fail-bg); border-color: var(--fail); color: #7f1d1d; }
.verdict.passed { background: var(--pass-bg); border-color: var(--pass); color: #14532d; }
.verdict p { margin: 0; }
.badge { display: inline-block; white-space: nowrap; padding: 1px 8px; border-radius: 3px; font-weight: 700; font-size: 12px; letter-spacing: .04em; color: #fff; }
.badge.failed { background: var(--fail); }
.badge.passed { background: var(--pass); }
.failure { border: 2px solid var(--fail); background: var(--fail-bg); border-radius: 4px; padding: 8px 14px; margin: 10px 0; }
.failure ul { margin: 4px 0; padding-left: 20px; }
.error { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
/* Names, ids and messages may be one long word: they, and only they, break anywhere. */
td.name, td.id, td.error, .id, .error { overflow-wrap: anywhere; }
th { background: #f9fafb; font-weight: 600; }
table.restores { font-size: 13px; }
table.restores tr.summary td { border-bottom: none; padding-bottom: 2px; }
table.restores td.name { font-weight: 600; }
table.restores tr.details td { padding-top: 0; }
tr.failed td { background: var(--fail-bg); }
tr.failed td:first-child { border-left: 4px solid var(--fail); }
dl.facts, tr.details dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 16px; margin: 0; }
tr.details dl { font-size: 12px; gap: 1px 12px; }
dl.facts dt, tr.details dt { color: var(--muted); }
dl.facts dd, tr.details dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11px; font-weight: 700; letter-spacing: .04em; }
.tag.reused { background: #fef3c7; color: #78350f; border: 1px solid #d97706; }
.verdict .why { font-weight: 600; margin: 2px 0 6px; }
p.note { font-size: 12px; color: var(--ink); background: #fffbeb; border-left: 4px solid #d97706; padding: 4px 10px; }
svg { display: block; width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg .axis line { stroke: var(--line); }
svg .axis text { fill: var(--muted); font-size: 11px; }
svg .bar text.state { font-weight: 700; }
svg .bar.failed text { fill: var(--fail); }
svg .row-failed { fill: var(--fail-bg); }
.seg-requested { fill: #9ca3af; }
.seg-preparing { fill: #3b82f6; }
.seg-ready { fill: var(--pass); }
.seg-failed, .seg-expired, .seg-cancelled { fill: var(--fail); }
.end-ready { fill: var(--pass); }
.end-failed, .end-expired, .end-cancelled { fill: var(--fail); }
.open-end { fill: none; stroke: #3b82f6; stroke-dasharray: 3 2; }
.objective .measured.met { fill: var(--pass); }
.objective .measured.missed { fill: var(--fail); }
.objective .measured.unmeasured { fill: #d1d5db; }
.objective .measured.unknown { fill: var(--fail); }
.objective .target { stroke: var(--ink); stroke-width: 2; }
.legend { display: flex; gap: 16px; flex-wrap: wrap; color: var(--muted); font-size: 12px; margin-top: 4px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; }
.legend .requested { background: #9ca3af; } .legend .preparing { background: #3b82f6; }
.legend .ready { background: var(--pass); } .legend .failed { background: var(--fail); }
.legend .unknown { background: repeating-linear-gradient(45deg, var(--fail), var(--fail) 2px, #fff 2px, #fff 4px); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { padding: 0; font-size: 12px; }
  main { max-width: none; }
  .failure, .verdict, tr, svg, dl.facts { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
`;

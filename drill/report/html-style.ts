/**
 * The page's only stylesheet, inlined (the page loads nothing). Failure is red AND says FAILED in
 * text everywhere it is shown, so the page reads the same without colour.
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
th { background: #f9fafb; font-weight: 600; }
#restores table { font-size: 13px; }
#restores td:nth-child(8), #restores td:nth-child(9) { min-width: 9em; }
.scroll { overflow-x: auto; }
tr.failed td { background: var(--fail-bg); }
tr.failed td:first-child { border-left: 4px solid var(--fail); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.ids { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
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
.objective .target { stroke: var(--ink); stroke-width: 2; }
.legend { display: flex; gap: 16px; flex-wrap: wrap; color: var(--muted); font-size: 12px; margin-top: 4px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; }
.legend .requested { background: #9ca3af; } .legend .preparing { background: #3b82f6; }
.legend .ready { background: var(--pass); } .legend .failed { background: var(--fail); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print { body { padding: 0; } .failure, .verdict { break-inside: avoid; } }
`;

/**
 * RTO and RPO against their targets as inline SVG: per restore and objective, the measured time as
 * a bar and the target as a line across it, on one scale per objective; the figures in text.
 */
import { html, type Markup } from "./html-escape";
import type { DrillEntry } from "./model";

const LAYOUT = { width: 1000, labelWidth: 330, textWidth: 260, rowHeight: 22, barHeight: 12 } as const;
const CHART_WIDTH = LAYOUT.width - LAYOUT.labelWidth - LAYOUT.textWidth;

interface Objective {
  readonly name: string;
  readonly measured?: number;
  readonly target?: number;
  readonly verdict: DrillEntry["rto"];
  readonly text: string;
}

/** Longest label that fits the label column; the full name is in its tooltip. */
const MAX_LABEL = 44;
const fit = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

const VERDICT_CLASS: Record<DrillEntry["rto"], string> = { met: "met", missed: "missed", unknown: "unknown", "not measured": "unmeasured" };
/** Verdicts that fail the entry, named in the row's label too (the colour is not the only sign). */
const FAILING_LABEL: Partial<Record<DrillEntry["rto"], string>> = { missed: "MISSED ", unknown: "UNKNOWN " };

/** One objective's chart: `rows` in the order given, scaled to the largest figure or target. */
export function objectiveSvg(title: string, rows: readonly Objective[]): Markup {
  const max = Math.max(1, ...rows.flatMap((r) => [r.measured ?? 0, r.target ?? 0]));
  const x = (seconds: number) => (LAYOUT.labelWidth + (seconds / max) * CHART_WIDTH).toFixed(1);
  const height = Math.max(rows.length, 1) * LAYOUT.rowHeight + 4;
  const body = rows.map((r, i) => {
    const top = i * LAYOUT.rowHeight;
    const barTop = top + (LAYOUT.rowHeight - LAYOUT.barHeight) / 2;
    const mid = top + LAYOUT.rowHeight / 2 + 4;
    const width = r.measured === undefined ? 0 : Number(x(r.measured)) - LAYOUT.labelWidth;
    return html`<g class="objective" data-entry="${r.name}" data-verdict="${r.verdict}">
<title>${r.name}: ${r.text}</title>
<text x="4" y="${mid}">${FAILING_LABEL[r.verdict] ?? ""}${fit(r.name)}</text>
<rect class="measured ${VERDICT_CLASS[r.verdict]}" x="${LAYOUT.labelWidth}" y="${barTop}" width="${width.toFixed(1)}" height="${LAYOUT.barHeight}"></rect>
${r.target === undefined ? html`` : html`<line class="target" x1="${x(r.target)}" y1="${top + 2}" x2="${x(r.target)}" y2="${top + LAYOUT.rowHeight - 2}"></line>`}
<text x="${LAYOUT.width - LAYOUT.textWidth + 8}" y="${mid}">${r.text}</text>
</g>`;
  });
  return html`<svg class="objectives" viewBox="0 0 ${LAYOUT.width} ${height}" role="img" aria-label="${title}">${body}</svg>`;
}

/**
 * The timeline as inline SVG: one `<g class="bar">` per part (its phases as rects, a marker where
 * it ended), the entry and part named on the left, the end state written out on the right.
 */
import { html, type Markup } from "./html-escape";
import type { Bar, Timeline } from "./timeline";

/** Layout in SVG user units; the SVG scales to the page's width. */
const LAYOUT = { width: 1000, labelWidth: 330, stateWidth: 110, axisHeight: 28, rowHeight: 24, barHeight: 12, minSegment: 2 } as const;
const CHART_LEFT = LAYOUT.labelWidth;
const CHART_WIDTH = LAYOUT.width - LAYOUT.labelWidth - LAYOUT.stateWidth;

/** Longest row label that fits the label column; the full name is in the bar's tooltip. */
const MAX_LABEL = 54;
const fit = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

const x = (fraction: number) => (CHART_LEFT + fraction * CHART_WIDTH).toFixed(1);

/** The word at the bar's end: with the colour, it says how the part ended. */
function endWord(bar: Bar): string {
  if (bar.end === undefined) return "no events";
  if (!bar.finished) return `${bar.end} (open)`;
  return bar.failed ? bar.end.toUpperCase() : bar.end;
}

function barMarkup(bar: Bar, row: number): Markup {
  const top = LAYOUT.axisHeight + row * LAYOUT.rowHeight;
  const barTop = top + (LAYOUT.rowHeight - LAYOUT.barHeight) / 2;
  const mid = (top + LAYOUT.rowHeight / 2 + 4).toFixed(1);
  const classes = `bar${bar.failed ? " failed" : ""}`;
  const segments = bar.segments.map((s) => {
    const width = Math.max((s.to - s.from) * CHART_WIDTH, LAYOUT.minSegment).toFixed(1);
    return html`<rect class="seg seg-${s.state}" x="${x(s.from)}" y="${barTop}" width="${width}" height="${LAYOUT.barHeight}"></rect>`;
  });
  const last = bar.segments[bar.segments.length - 1];
  const marker = !last
    ? html``
    : bar.finished
      ? html`<rect class="end end-${last.state}" x="${(Number(x(last.to)) - 1).toFixed(1)}" y="${barTop - 3}" width="4" height="${LAYOUT.barHeight + 6}"></rect>`
      : html`<rect class="open-end" x="${x(last.to)}" y="${barTop}" width="6" height="${LAYOUT.barHeight}"></rect>`;
  return html`<g class="${classes}" data-entry="${bar.entry}" data-part="${bar.part}" data-end="${bar.end ?? "none"}">
<title>${bar.entry} / ${bar.part}: ${bar.label}</title>
${bar.failed ? html`<rect class="row-failed" x="0" y="${top}" width="${LAYOUT.width}" height="${LAYOUT.rowHeight}"></rect>` : html``}
<text x="4" y="${mid}">${fit(`${bar.failed ? "FAILED " : ""}${bar.entry} / ${bar.part}`)}</text>
${segments}${marker}
<text class="state" x="${LAYOUT.width - LAYOUT.stateWidth + 8}" y="${mid}">${endWord(bar)}</text>
</g>`;
}

/** The whole timeline figure. */
export function timelineSvg(timeline: Timeline): Markup {
  const height = LAYOUT.axisHeight + Math.max(timeline.bars.length, 1) * LAYOUT.rowHeight + 4;
  const ticks = timeline.ticks.map(
    (t) => html`<line x1="${x(t.at)}" y1="${LAYOUT.axisHeight - 6}" x2="${x(t.at)}" y2="${height}"></line><text x="${x(t.at)}" y="${LAYOUT.axisHeight - 10}" text-anchor="middle">${t.label}</text>`,
  );
  return html`<svg class="timeline" viewBox="0 0 ${LAYOUT.width} ${height}" role="img" aria-label="Timeline of every restore part, UTC">
<g class="axis">${ticks}</g>
${timeline.bars.map(barMarkup)}
</svg>`;
}

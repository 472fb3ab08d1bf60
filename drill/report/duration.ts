/**
 * One way to write a duration, for every page and console line of a drill (the report's
 * Markdown and HTML, the runners' summaries): exact below two days, then days and years, so a
 * figure reads the same everywhere and an 8-year RPO is not written as 77747h.
 */

const DAY = 86_400;
const YEAR = 365 * DAY;

/** `42` → `42s`; `750` → `12m 30s`; `3725` → `1h 02m 05s`; 3.5 days → `3.5 days`; 8.9 years → `8.9 years`. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return "—";
  const sign = totalSeconds < 0 ? "-" : "";
  const abs = Math.abs(totalSeconds);
  if (abs >= YEAR) return `${sign}${(abs / YEAR).toFixed(1)} years`;
  if (abs >= 2 * DAY) return `${sign}${(abs / DAY).toFixed(1)} days`;
  const s = Math.round(abs);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, "0")}m ${String(rest).padStart(2, "0")}s`;
  if (m > 0) return `${sign}${m}m ${String(rest).padStart(2, "0")}s`;
  return `${sign}${rest}s`;
}

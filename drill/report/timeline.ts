/**
 * The timeline's geometry, apart from any markup: one bar per part on one time axis shared by
 * every restore of the run, cut into phases at each event (requested → preparing → ready / failed).
 * Positions are fractions of the axis (0..1), so the HTML can scale them to any width.
 */
import type { DrillPart, DrillPartEvent, DrillReport } from "./model";
import { failedFirst } from "./order";
import { redactReport } from "./redact-report";

export type PartState = DrillPartEvent["state"];

/** States after which a part does not change: its bar ends there. */
const TERMINAL: ReadonlySet<PartState> = new Set(["ready", "failed", "expired", "cancelled"]);
/** Terminal states that mean the part's data is not usable. */
const FAILED: ReadonlySet<PartState> = new Set(["failed", "expired", "cancelled"]);

/** A phase of a bar: the part was in `state` from `from` to `to`. */
export interface Segment {
  readonly state: PartState;
  readonly from: number;
  readonly to: number;
}

/** One bar: one part of one restore. */
export interface Bar {
  readonly entry: string;
  readonly part: string;
  /** The last state the part reached; `undefined` when it has no events. */
  readonly end?: PartState;
  /** Whether the bar reached a terminal state (else it runs to the end of the run). */
  readonly finished: boolean;
  readonly failed: boolean;
  readonly segments: readonly Segment[];
  /** e.g. `requested 10:00:05, preparing 10:00:40, ready 10:04:10`. */
  readonly label: string;
}

export interface Tick {
  readonly at: number;
  readonly label: string;
}

export interface Timeline {
  readonly startMs: number;
  readonly endMs: number;
  readonly bars: readonly Bar[];
  readonly ticks: readonly Tick[];
  /** The states some bar shows: the legend names only these. */
  readonly states: readonly PartState[];
  /** Entries whose restore an earlier run requested: not on this run's axis (their times are before it). */
  readonly reused: readonly string[];
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

const DAY_MS = 86_400_000;
/** Round tick spacings up to a day, in seconds; longer spans step in 1, 2 or 5 × 10^n days. */
const TICK_STEPS_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
/** A run's axis never has more ticks than this, whatever its span. */
export const MAX_TICKS = 8;

function tickStepMs(spanMs: number): number {
  const least = spanMs / MAX_TICKS;
  const seconds = TICK_STEPS_SECONDS.find((s) => s * 1000 >= least);
  if (seconds !== undefined) return seconds * 1000;
  const days = least / DAY_MS;
  const magnitude = 10 ** Math.floor(Math.log10(days));
  const nice = [1, 2, 5, 10].find((m) => m * magnitude >= days)!;
  return nice * magnitude * DAY_MS;
}

function ticks(startMs: number, endMs: number): Tick[] {
  const span = endMs - startMs;
  const stepMs = tickStepMs(span);
  const label = stepMs >= DAY_MS ? (ms: number) => new Date(ms).toISOString().slice(0, 10) : clock;
  const out: Tick[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs; t <= endMs && out.length <= MAX_TICKS; t += stepMs) out.push({ at: (t - startMs) / span, label: label(t) });
  return out;
}

function bar(entry: string, part: DrillPart, position: (ms: number) => number, runEndMs: number, label: (ms: number) => string): Bar {
  const events = part.events.filter((e) => !Number.isNaN(Date.parse(e.at)));
  const last = events[events.length - 1];
  const finished = last !== undefined && TERMINAL.has(last.state);
  const segments: Segment[] = events.map((event, i) => {
    const next = events[i + 1];
    const toMs = next ? Date.parse(next.at) : finished ? Date.parse(event.at) : runEndMs;
    return { state: event.state, from: position(Date.parse(event.at)), to: position(toMs) };
  });
  const failed = (last !== undefined && FAILED.has(last.state)) || /^(FAILED|EXPIRED|CANCELLED)$/i.test(part.status);
  return {
    entry,
    part: part.name,
    ...(last === undefined ? {} : { end: last.state }),
    finished,
    failed,
    segments,
    label: events.length ? events.map((e) => `${e.state} ${label(Date.parse(e.at))}`).join(", ") : "no events recorded",
  };
}

/**
 * The run's timeline, failed restores first: the axis is the run, start to end, on the report's
 * clock; a restore reused from an earlier run is listed apart (its times precede the axis), and
 * any time outside the run is clamped to its edge, so no server date can stretch the axis.
 * Redacts first.
 */
export function timeline(raw: DrillReport): Timeline {
  const report = redactReport(raw);
  const runStart = Date.parse(report.startedAt);
  const runEnd = Date.parse(report.finishedAt);
  const valid = !Number.isNaN(runStart) && !Number.isNaN(runEnd) && runEnd >= runStart;
  const startMs = valid ? runStart : 0;
  // A zero-length run still needs an axis to divide by.
  const endMs = valid ? Math.max(runEnd, runStart + 1000) : 1000;
  const position = (ms: number) => Math.min(1, Math.max(0, (ms - startMs) / (endMs - startMs)));
  const label = endMs - startMs >= 2 * DAY_MS ? (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ") : clock;
  const onAxis = failedFirst(report.entries).filter((e) => e.run !== "reused");
  const bars = onAxis.flatMap((entry) => entry.parts.map((part) => bar(entry.name, part, position, endMs, label)));
  const states = [...new Set(bars.flatMap((b) => b.segments.map((s) => s.state)))];
  return {
    startMs,
    endMs,
    bars,
    ticks: ticks(startMs, endMs),
    states,
    reused: report.entries.filter((e) => e.run === "reused").map((e) => e.name),
  };
}

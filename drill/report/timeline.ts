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
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** Round tick spacings, seconds: the first that gives at most `maxTicks` ticks wins. */
const TICK_STEPS_SECONDS = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

function ticks(startMs: number, endMs: number, maxTicks = 8): Tick[] {
  const span = endMs - startMs;
  const stepMs = (TICK_STEPS_SECONDS.find((s) => (span / 1000) / s <= maxTicks) ?? TICK_STEPS_SECONDS[TICK_STEPS_SECONDS.length - 1]!) * 1000;
  const out: Tick[] = [];
  for (let t = Math.ceil(startMs / stepMs) * stepMs; t <= endMs; t += stepMs) out.push({ at: (t - startMs) / span, label: clock(t) });
  return out;
}

function times(report: DrillReport): number[] {
  const all = [Date.parse(report.startedAt), Date.parse(report.finishedAt)];
  for (const entry of report.entries) for (const part of entry.parts) for (const e of part.events) all.push(Date.parse(e.at));
  return all.filter((t) => !Number.isNaN(t));
}

function bar(entry: string, part: DrillPart, position: (ms: number) => number, runEndMs: number): Bar {
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
    label: events.length ? events.map((e) => `${e.state} ${clock(Date.parse(e.at))}`).join(", ") : "no events recorded",
  };
}

/**
 * The run's timeline, failed restores first: the axis spans the run and every event in it.
 * Redacts first.
 */
export function timeline(raw: DrillReport): Timeline {
  const report = redactReport(raw);
  const all = times(report);
  const startMs = all.length ? Math.min(...all) : 0;
  // A zero-length run still needs an axis to divide by.
  const endMs = Math.max(all.length ? Math.max(...all) : 0, startMs + 1000);
  const position = (ms: number) => (ms - startMs) / (endMs - startMs);
  const runEndMs = Date.parse(report.finishedAt) || endMs;
  return {
    startMs,
    endMs,
    bars: failedFirst(report.entries).flatMap((entry) => entry.parts.map((part) => bar(entry.name, part, position, runEndMs))),
    ticks: ticks(startMs, endMs),
  };
}

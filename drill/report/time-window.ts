/**
 * Range checks of the server's times before they become figures: a server may answer anything
 * (a `finishedAt` of 9999-12-31, a year-1 snapshot), and one absurd date would make an absurd
 * RTO, a timeline of millions of ticks or a page of many megabytes. A time outside what the run
 * can have seen is not used, and the entry says so (its note names the field and the value).
 */

/** Before MongoDB existed: no snapshot, request or restore can be older. */
export const EARLIEST_PLAUSIBLE = Date.parse("2009-01-01T00:00:00Z");
/** How far a restore point may lie after its request: the plan checks allow a minute of clock slack. */
export const RESTORE_POINT_SLACK_MS = 60_000;

/** Inclusive bounds, in ms since the epoch. */
export interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The times one entry may hold: its own (this run's, or an earlier run's when reused) and its restore point's. */
export interface EntryWindows {
  readonly restore: Window;
  /** What `restore` is, for notes: `this run (… – …)`. */
  readonly restoreText: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/**
 * The windows of an entry: a restore this run requested lies within the run; one it reused lies
 * before the run's end (and after MongoDB existed).
 */
export function entryWindows(run: { startedAt: string; finishedAt: string; clock: { source: "server" | "runner" } }, reused: boolean): EntryWindows {
  // On the runner's clock (the server's could not be read), a server time may be off by its skew.
  const slack = run.clock.source === "server" ? 0 : RUNNER_CLOCK_SLACK_MS;
  const startMs = Date.parse(run.startedAt) - slack;
  const endMs = Date.parse(run.finishedAt) + slack;
  const around = slack ? "within a day of " : "";
  return reused
    ? { restore: { fromMs: EARLIEST_PLAUSIBLE, toMs: endMs }, restoreText: `before this run's end (${iso(endMs)})` }
    : { restore: { fromMs: startMs, toMs: endMs }, restoreText: `${around}this run (${iso(startMs + slack)} – ${iso(endMs - slack)})` };
}

/** How far a server's clock may be off the runner's when the report is on the runner's clock. */
const RUNNER_CLOCK_SLACK_MS = 86_400_000;

/** Keeps a plausible time; `note` receives why another is dropped. Undefined and unparsable times pass through as undefined. */
export class TimeCheck {
  readonly notes: string[] = [];
  constructor(private readonly windows: EntryWindows) {}

  /** A time of the restore itself (requested, ready, a part's event). */
  restoreTime(field: string, time: string | undefined): string | undefined {
    return this.#within(field, time, this.windows.restore, this.windows.restoreText);
  }

  /** The restore point's time: after MongoDB existed, and not after its request (plus the checks' slack). */
  restorePointTime(time: string | undefined, requestedAt: string | undefined): string | undefined {
    const requestMs = requestedAt === undefined ? this.windows.restore.toMs : Date.parse(requestedAt);
    const toMs = requestMs + RESTORE_POINT_SLACK_MS;
    return this.#within("restore point time", time, { fromMs: EARLIEST_PLAUSIBLE, toMs }, `what a restore point can be (${iso(EARLIEST_PLAUSIBLE)} – its request, ${iso(requestMs)})`);
  }

  #within(field: string, time: string | undefined, w: Window, where: string): string | undefined {
    if (time === undefined) return undefined;
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) {
      this.#note(`the server's ${field} "${time.slice(0, 40)}" is not a time: not used`);
      return undefined;
    }
    if (ms >= w.fromMs && ms <= w.toMs) return time;
    this.#note(`the server's ${field} ${time.slice(0, 40)} lies outside ${where}: not used`);
    return undefined;
  }

  #note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

/**
 * Pure: the report's `server`, `clock`, `startedAt` and `finishedAt` from two readings of the
 * server's clock (cli/server-clock.ts), one before anything is requested and one after the last
 * answer. On the server's clock, run start ≤ every request ≤ ready ≤ run end holds by
 * construction: an HTTP `Date` names a whole second, so the run starts at the beginning of the
 * first reading's second and ends at the last millisecond of the second reading's.
 */
import type { DrillClock, DrillServer } from "./model";
import { formatDuration } from "./duration";

/** One reading of the server's clock, against this machine's. */
export interface ClockReading {
  /** The server's `Date`: the start of the second it named, in ms since the epoch. */
  readonly serverMs?: number;
  /** This machine's clock midway through the exchange. */
  readonly runnerMs: number;
  /** The server is the local Atlas emulator (it answered /__emulator/health). */
  readonly emulator?: boolean;
  /** Emulated ms per real ms, where the emulator's health answer gives it. */
  readonly timeScale?: number;
  /** Why the server's clock could not be read. */
  readonly error?: string;
}

/** What the runner knows of the server: its origin, and whether it started the emulator itself (and at which scale). */
export interface ServerFacts {
  readonly origin: string;
  /** The runner started this emulator itself: its time scale is known. */
  readonly emulator?: { readonly timeScale: number };
}

/** Hosts of MongoDB Atlas (commercial and for Government). */
const ATLAS_HOST = /(^|\.)(mongodb\.com|mongodbgov\.com)$/i;

export function describeServer(facts: ServerFacts, reading?: ClockReading): DrillServer {
  const url = new URL(facts.origin);
  const emulator = facts.emulator !== undefined || reading?.emulator === true;
  const timeScale = facts.emulator?.timeScale ?? reading?.timeScale;
  if (emulator) {
    const scale = timeScale === undefined ? "it did not say its time scale, so durations are in its emulated time at an unknown rate" : timeScale === 1 ? "emulated time runs at real time" : `emulated time runs ${timeScale}x real time`;
    return {
      origin: url.origin,
      host: url.host,
      kind: "emulator",
      ...(timeScale === undefined ? {} : { timeScale }),
      description: `the local Atlas emulator at ${url.origin}, not a real backup (${scale})`,
    };
  }
  if (ATLAS_HOST.test(url.hostname)) return { origin: url.origin, host: url.host, kind: "atlas", description: `MongoDB Atlas at ${url.host}` };
  return { origin: url.origin, host: url.host, kind: "other", description: `${url.host}: Cloud Manager, Ops Manager or another Atlas-compatible server` };
}

const iso = (ms: number) => new Date(ms).toISOString();

export interface RunTimes {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly clock: DrillClock;
}

export function runTimes(start: ClockReading, end: ClockReading, server: DrillServer): RunTimes {
  const realSeconds = Math.max(0, Math.round((end.runnerMs - start.runnerMs) / 100) / 10);
  const real = `the run took ${formatDuration(realSeconds)} of real time`;
  if (start.serverMs !== undefined && end.serverMs !== undefined && end.serverMs >= start.serverMs) {
    const finishedMs = end.serverMs + 999;
    const ahead = Math.round((start.serverMs - start.runnerMs) / 1000);
    const whose = server.kind === "emulator" ? "the emulator's clock" : "the API server's clock";
    const scale =
      server.timeScale !== undefined && server.timeScale !== 1
        ? `; it runs ${server.timeScale}x real time, so every time and duration here is emulated: ${real}, ${formatDuration((finishedMs - start.serverMs) / 1000)} emulated`
        : `; ${real}`;
    const skew = server.kind === "emulator" ? "" : ahead === 0 ? "; it agreed with this machine's to the second at the start" : `; it was ${formatDuration(Math.abs(ahead))} ${ahead > 0 ? "ahead of" : "behind"} this machine's at the start`;
    return {
      startedAt: iso(start.serverMs),
      finishedAt: iso(finishedMs),
      clock: {
        source: "server",
        description: `Every time is on ${whose} (its HTTP Date at the run's start and end, to the second, and its own job times in between)${scale}${skew}.`,
        precisionSeconds: 1,
        serverAheadSeconds: ahead,
        realSeconds,
      },
    };
  }
  const why = start.error ?? end.error ?? "its clock went backwards during the run";
  return {
    startedAt: iso(start.runnerMs),
    finishedAt: iso(end.runnerMs),
    clock: {
      source: "runner",
      description:
        `The run's start and end are on this machine's clock: the server's could not be read (${why}). ` +
        `Part times are the server's own, so they may be off the run's by the server's skew${server.timeScale && server.timeScale !== 1 ? " and its time scale" : ""}; ${real}.`,
      precisionSeconds: 0.001,
      realSeconds,
    },
  };
}

/**
 * Scaled time shared by the emulator and the code under test, so both read the SAME emulated
 * clock. The emulator is started with `{ clock: time.now, timeScale: 1 }`: its world clock is then
 * `time.now()` exactly (no second anchor to keep in step), and the provider's wait loop gets
 * `now: time.now, sleep: time.sleep`. One emulated second passes in 1/scale real seconds.
 *
 * Consequence, stated in BENCHMARKS.md: everything the emulator times with its clock (digest
 * nonce lifetime, rate-limit window, request-log `at`) is in EMULATED ms in these runs.
 */
import { performance } from "node:perf_hooks";

/** Real wall-clock ms with sub-millisecond precision. */
export const realNow = (): number => performance.timeOrigin + performance.now();

export interface ScaledTime {
  /** Emulated ms per real ms. */
  readonly scale: number;
  /** Emulated epoch ms (starts at real "now", runs `scale` times faster). */
  now(): number;
  /** Sleeps `ms` emulated ms (ms / scale real ms). */
  sleep(ms: number): Promise<void>;
}

export function scaledTime(scale: number): ScaledTime {
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  const start = realNow();
  return {
    scale,
    now: () => start + (realNow() - start) * scale,
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms / scale))),
  };
}

/**
 * A clock that moves only when slept on: an API round trip takes no emulated time, so a run
 * shows the schedule's exact figures whatever the machine's load. One per poller (each poller
 * has its own emulator), so no two tasks ever share it.
 */
export function virtualTime(): ScaledTime {
  let t = Date.now();
  return {
    scale: Infinity,
    now: () => t,
    sleep: (ms) => {
      t += Math.max(0, ms);
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank];
}

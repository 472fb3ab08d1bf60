/** The clock the lifecycle waits on: real time, or a server's that runs faster (an emulator). */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A clock in the server's time when the server runs `scale` times faster than real time (an
 * emulator's `--time-scale`), so polls, deadlines and pauses keep Atlas's proportions there.
 * Undefined at scale 1: the lifecycle's real-time defaults apply.
 */
export function serverClock(scale: number | undefined): Clock | undefined {
  if (scale === undefined || scale === 1) return undefined;
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * scale,
    sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms / scale)),
  };
}

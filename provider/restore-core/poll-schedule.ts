/**
 * When to poll a restore, as data. Polls come every `fastIntervalMs` while a short restore may
 * finish (a 10 s restore is seen within 2 s), then the interval doubles up to `maxIntervalMs`, so a
 * 10-minute restore costs under 30 requests and is seen at most 30 s late. `npm run bench`
 * measures both against a fixed 4 s poller (what `atlas backups restores watch` does).
 */
export interface PollSchedule {
  /** @default 2000 */
  fastIntervalMs: number;
  /** How long the fast phase lasts after the job is created. @default 10000 */
  fastPhaseMs: number;
  /** @default 2 */
  growthFactor: number;
  /** @default 30000 */
  maxIntervalMs: number;
}

export const defaultPollSchedule = {
  fastIntervalMs: 2_000,
  // 10 s, not 12: a 10-minute restore then costs 29 requests, leaving room for one digest
  // re-challenge when a nonce expires (BENCHMARKS.md), and a 10 s restore is still seen at once.
  fastPhaseMs: 10_000,
  growthFactor: 2,
  maxIntervalMs: 30_000,
} satisfies PollSchedule;

/** Pure: the delay before the next poll, given time since creation and the previous delay. */
export function nextPollDelay(elapsedMs: number, previousDelayMs: number | undefined, s: PollSchedule): number {
  if (elapsedMs + s.fastIntervalMs <= s.fastPhaseMs) return s.fastIntervalMs;
  const grown = (previousDelayMs ?? s.fastIntervalMs) * s.growthFactor;
  return Math.min(s.maxIntervalMs, Math.max(s.fastIntervalMs, grown));
}

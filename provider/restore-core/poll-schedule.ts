/**
 * When to poll a restore, as data. Polls come every `fastIntervalMs` while a short restore may
 * finish (a 10 s restore is seen at once, with 4 polls), then the interval doubles up to
 * `maxIntervalMs`, so a 10-minute restore costs 26 polls and is seen at most 30 s late. While
 * something waits for the restore (awaited.ts) the interval stops growing at
 * `awaitedMaxIntervalMs` instead, with the polls it adds counted against a per-project allowance.
 * `npm run bench` measures both against a fixed 4 s poller (what `atlas backups restores watch`
 * does).
 */
export interface PollSchedule {
  /** @default 2500 */
  fastIntervalMs: number;
  /** How long the fast phase lasts after the job is created. @default 10000 */
  fastPhaseMs: number;
  /** @default 2 */
  growthFactor: number;
  /** @default 30000 */
  maxIntervalMs: number;
  /**
   * The cap while another restore or resource is waiting for this one to be ready (a dependent
   * entry, restores queued for its concurrency slot). @default 10000
   */
  awaitedMaxIntervalMs: number;
}

export const defaultPollSchedule = {
  // 2.5 s, not 2: the create path lists the cluster's restores before its POST (start.ts), one
  // request more per restore; four polls in the first 10 s instead of five win it back, so a
  // 10 s restore still costs 7 requests and is seen at once, a 10-minute one 29 (with the digest
  // challenge) and is seen 15 s late (BENCHMARKS.md). A restore of 2-10 s is seen at most 2.5 s late.
  fastIntervalMs: 2_500,
  fastPhaseMs: 10_000,
  growthFactor: 2,
  maxIntervalMs: 30_000,
  // A third of the cap: a restore others wait for is seen at most 10 s late, for 4 extra polls a
  // minute (within the allowance of awaited.ts).
  awaitedMaxIntervalMs: 10_000,
} satisfies PollSchedule;

/** Pure: the delay before the next poll, given time since creation and the previous delay. */
export function nextPollDelay(elapsedMs: number, previousDelayMs: number | undefined, s: PollSchedule): number {
  if (elapsedMs + s.fastIntervalMs <= s.fastPhaseMs) return s.fastIntervalMs;
  const grown = (previousDelayMs ?? s.fastIntervalMs) * s.growthFactor;
  return Math.min(s.maxIntervalMs, Math.max(s.fastIntervalMs, grown));
}

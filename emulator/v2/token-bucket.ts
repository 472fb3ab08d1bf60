/**
 * The v2 rate limit (atlas-v2-and-auth.md §6): a token bucket per project for the Cloud Backups
 * endpoint set, capacity 1200, refill 500 per 60 s, counted in REAL ms of `clock`. The refill
 * is continuous (the docs give only the rate). Every answer carries RateLimit-Limit and
 * RateLimit-Remaining; a 429 RATE_LIMITED_TOKEN_BUCKET adds Retry-After.
 */
export interface TokenBucketSetting {
  readonly capacity: number;
  readonly refill: number;
  readonly intervalMs: number;
}

export const DEFAULT_TOKEN_BUCKET: TokenBucketSetting = { capacity: 1200, refill: 500, intervalMs: 60_000 };

export type BucketDecision =
  | { readonly allowed: true; readonly remaining: number; readonly limit: TokenBucketSetting }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly limit: TokenBucketSetting };

export class TokenBucket {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private setting: TokenBucketSetting | false, private readonly clock: () => number) {
    validate(setting);
  }

  set(setting: TokenBucketSetting | false): void {
    validate(setting);
    this.setting = setting;
    this.buckets.clear();
  }

  /** Take one token for `projectId`; undefined when the bucket is off. */
  take(projectId: string): BucketDecision | undefined {
    const s = this.setting;
    if (!s) return undefined;
    const now = this.clock();
    const b = this.buckets.get(projectId) ?? { tokens: s.capacity, at: now };
    b.tokens = Math.min(s.capacity, b.tokens + ((now - b.at) * s.refill) / s.intervalMs);
    b.at = now;
    this.buckets.set(projectId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, remaining: Math.floor(b.tokens), limit: s };
    }
    const msToToken = ((1 - b.tokens) * s.intervalMs) / s.refill;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msToToken / 1000)), limit: s };
  }
}

function validate(s: TokenBucketSetting | false): void {
  if (s === false) return;
  if (!Number.isInteger(s.capacity) || s.capacity < 1 || !(s.refill > 0) || !(s.intervalMs > 0)) {
    throw new Error(`[atlas-emulator] Invalid v2 token bucket ${JSON.stringify(s)}. Please pass { capacity >= 1, refill > 0, intervalMs > 0 } or false.`);
  }
}

/**
 * §5.3 rate limiting, v1.0 style: a fixed window per project ("up to 100 requests per minute per
 * project … resets each minute"), counted in REAL milliseconds of `clock`. Beyond the limit:
 * 429 RATE_LIMITED with a `Retry-After` of the whole seconds until the window resets (>= 1).
 */
export interface RateLimitSetting {
  readonly requests: number;
  readonly windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSetting = { requests: 100, windowMs: 60_000 };

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly limit: RateLimitSetting };

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private setting: RateLimitSetting | false, private readonly clock: () => number) {
    validate(setting);
  }

  /** New limit; counters start afresh. */
  set(setting: RateLimitSetting | false): void {
    validate(setting);
    this.setting = setting;
    this.windows.clear();
  }

  /** Count one request for `projectId` and say whether it may proceed. */
  take(projectId: string): RateDecision {
    const setting = this.setting;
    if (!setting) return { allowed: true };
    const now = this.clock();
    let w = this.windows.get(projectId);
    if (!w || now >= w.start + setting.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(projectId, w);
    }
    w.count += 1;
    if (w.count <= setting.requests) return { allowed: true };
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + setting.windowMs - now) / 1000));
    return { allowed: false, retryAfterSeconds, limit: setting };
  }
}

/** "every <n> minutes" of the CM-err template, for windows that are not whole minutes too. */
export function windowMinutes(windowMs: number): string {
  return String(Number((windowMs / 60_000).toFixed(3)));
}

function validate(s: RateLimitSetting | false): void {
  if (s === false) return;
  if (!Number.isInteger(s.requests) || s.requests < 1 || !(s.windowMs > 0)) {
    throw new Error(`[atlas-emulator] Invalid rateLimit ${JSON.stringify(s)}. Please pass { requests >= 1, windowMs > 0 } or false.`);
  }
}

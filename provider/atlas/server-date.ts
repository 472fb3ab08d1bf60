/**
 * The server's clock as it answered: the HTTP `Date` header of the response a value was parsed
 * from, kept beside the value (a WeakMap, so answers' shapes stay exactly Atlas's). Timing
 * outputs (requestedAt, readyAt) use it where the API gives no time of its own, so durations are
 * measured on the server's clock, not this machine's (and on the emulator's emulated clock).
 * HTTP dates have one-second precision.
 */
import type { BufferedResponse } from "./digest-client";

const answeredAt = new WeakMap<object, string>();

/** Records the `Date` of `res` (as ISO 8601) for `value`; a missing or unreadable header records nothing. */
export function stampServerDate<T>(value: T, res: BufferedResponse): T {
  const header = res.headers.get("date");
  const ms = header === null ? NaN : Date.parse(header);
  if (typeof value === "object" && value !== null && !Number.isNaN(ms)) answeredAt.set(value, new Date(ms).toISOString());
  return value;
}

/** When the server answered with `value` (ISO 8601): its own stamp, else (a list) its first stamped item's. */
export function serverDateOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const own = answeredAt.get(value);
  if (own !== undefined || !Array.isArray(value)) return own;
  for (const item of value) {
    const d = typeof item === "object" && item !== null ? answeredAt.get(item) : undefined;
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * `Retry-After` parsing (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Atlas sends it on some
 * 429s and "may not always return response headers" (`atlas-restore-api.md` §5.3), so absence
 * and garbage both yield `undefined` and the caller falls back to exponential backoff.
 */

/** Milliseconds to wait, or `undefined` when the header is absent or malformed. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Only accept something that looks like a date; `Date.parse("12abc")` is too lenient.
  if (!/[a-z]/i.test(text) || !/\d{4}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * What an error answer proves about a request (see `RequestOutcome` in errors.ts).
 *
 * - 4xx: Atlas answered and did not act ("rejected").
 * - 503 with Atlas's own error document: "rejected" too. RFC 9110 §15.6.4 defines 503 as "unable
 *   to handle the request", and a body with the fields OAS1 requires of `ApiError` (`error`
 *   equal to the status, `errorCode`; reference §5.1) was written by Atlas itself, so it refused
 *   the request rather than failing half-way. A 503 page from a proxy (HTML, text, another JSON
 *   shape) may follow a request it did forward: that stays "unknown".
 * - Every other 5xx (500 UNEXPECTED_ERROR: it failed while handling it; 502/504: a gateway lost
 *   the upstream answer) and an odd 2xx/3xx: "unknown". The caller reconciles a POST.
 */
import type { RequestOutcome } from "./errors";

/** Statuses that prove nothing was done when Atlas itself wrote the error document. */
const REFUSED_BY_ATLAS = new Set([503]);

export function outcomeOfErrorAnswer(status: number, body: unknown): RequestOutcome {
  if (status >= 400 && status < 500) return "rejected";
  return REFUSED_BY_ATLAS.has(status) && isAtlasErrorDocument(status, body) ? "rejected" : "unknown";
}

function isAtlasErrorDocument(status: number, body: unknown): boolean {
  const b = body as { error?: unknown; errorCode?: unknown } | undefined;
  return typeof b === "object" && b !== null && b.error === status && typeof b.errorCode === "string" && b.errorCode !== "";
}

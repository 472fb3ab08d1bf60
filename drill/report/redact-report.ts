/**
 * The last line of defence before a report reaches a file: the model holds no secret, but an
 * error string passed through from a server or a stack may quote a URL, and a delivery URL carries
 * its token in its path or query. Every string of a report is redacted before it is rendered.
 */
import { redact, REDACTED } from "../../provider/atlas/redact";
import type { DrillReport } from "./model";

/** A URL up to whitespace, quotes or brackets; trailing sentence punctuation is put back. */
const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>()[\]{}`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/**
 * Keep a URL's origin; keep its path only when it is an API path (`/api/…`: ids, never a token);
 * replace any other path, and every query and fragment (where tokens travel), with `[REDACTED]`.
 */
function redactUrl(match: string): string {
  const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? "";
  const text = tail ? match.slice(0, -tail.length) : match;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return REDACTED + tail;
  }
  const path = url.pathname === "/" || url.pathname === "" ? "" : url.pathname.startsWith("/api/") ? url.pathname : `/${REDACTED}`;
  const rest = url.search || url.hash ? `?${REDACTED}` : "";
  return `${url.origin}${path}${rest}${tail}`;
}

/** One string of a report, safe to print: URLs cut down to what identifies no secret, then `redact` (with the literal `secrets` known). */
export function redactReportText(text: string, secrets: readonly string[] = []): string {
  return redact(text.replace(URL_PATTERN, redactUrl), secrets);
}

function redactStrings<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === "string") return redactReportText(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, secrets)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactStrings(inner, secrets)])) as T;
  }
  return value;
}

/**
 * The report with every string passed through redactReportText. A report without secrets comes
 * back equal to itself (origins, ids, timestamps and names contain nothing it replaces).
 */
export function redactReport(report: DrillReport, secrets: readonly string[] = []): DrillReport {
  return redactStrings(report, secrets);
}

/**
 * Failure wording of download verification. Messages are built from codes and byte counts only,
 * never from an error's own message: undici and the OS may quote the URL, and a delivery URL
 * carries its access token.
 */

/** A verification failure whose message is safe to show (no URL, token or header value). */
export class DownloadCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DownloadCheckError";
  }
}

export interface FailureContext {
  /** Body bytes received before the failure. */
  readonly received: number;
  /** Content-Length of the answer, when it had one. */
  readonly declared?: number;
  /** Our total deadline fired. */
  readonly deadlineFired: boolean;
  readonly totalMs: number;
}

/** undici / OS error codes → what happened, as data. */
const CODE_MEANINGS: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: "could not connect in time",
  UND_ERR_HEADERS_TIMEOUT: "sent no answer headers in time",
  UND_ERR_BODY_TIMEOUT: "stopped sending in the middle of the archive",
  UND_ERR_SOCKET: "the connection closed",
  UND_ERR_CLOSED: "the connection closed",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the archive did not match its announced length",
  ECONNREFUSED: "the connection was refused",
  ECONNRESET: "the connection was reset",
  ENOTFOUND: "the host name did not resolve",
  EAI_AGAIN: "the host name did not resolve",
  ETIMEDOUT: "the connection timed out",
  EPIPE: "the connection closed",
};

function codeOf(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{2,64}$/.test(code)) return code;
  }
  return undefined;
}

/** A safe one-line description of a transfer failure. */
export function describeFailure(e: unknown, ctx: FailureContext): string {
  const progress = ctx.declared !== undefined ? ` after ${ctx.received} of ${ctx.declared} bytes` : ctx.received > 0 ? ` after ${ctx.received} bytes` : "";
  if (ctx.deadlineFired) return `did not complete within ${ctx.totalMs} ms${progress}`;
  const code = codeOf(e);
  if (code === "UND_ERR_ABORTED" || (e as { name?: unknown })?.name === "AbortError") return `was cancelled${progress}`;
  const meaning = code ? CODE_MEANINGS[code] : undefined;
  return `download failed${progress}: ${meaning ?? "transfer error"}${code ? ` (${code})` : ""}`;
}

/**
 * Bounds on every answer: at most `maxBytes` of body, and at most `totalMs` from sending the
 * request to the last byte. undici's `bodyTimeout` only bounds the gap between two chunks, so a
 * server (or a proxy) that trickles an endless body would otherwise hold a request for ever
 * while its memory grows.
 */

/** @default 4 MiB: a full 500-job page is well under 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** @default 120 s from sending to the last byte. */
export const DEFAULT_RESPONSE_DEADLINE_MS = 120_000;

export interface ResponseBounds {
  maxBytes: number;
  totalMs: number;
}

/** Which bound an answer broke, with the figures for the message. */
export class ResponseBoundError extends Error {
  constructor(
    readonly bound: "size" | "time",
    readonly limit: number,
    /** Body bytes read before giving up (size bound only). */
    readonly bytesRead?: number,
  ) {
    super(bound === "size" ? `body over ${limit} bytes` : `answer not complete after ${limit} ms`);
    this.name = "ResponseBoundError";
  }
}

export const isResponseBoundError = (e: unknown): e is ResponseBoundError =>
  e instanceof Error && e.name === "ResponseBoundError" && "bound" in e;

/** `4 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * A deadline for one exchange: `signal` aborts the fetch when it fires (combined with the
 * caller's signal), `fired` tells our abort from the caller's, `done()` clears the timer.
 */
export function exchangeDeadline(totalMs: number, callerSignal?: AbortSignal) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), totalMs);
  timer.unref?.();
  return {
    signal: callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal,
    get fired(): boolean {
      return controller.signal.aborted;
    },
    done: () => clearTimeout(timer),
  };
}

/**
 * The body as UTF-8 text, read chunk by chunk and cut off (the stream cancelled, so the socket is
 * released) as soon as it passes `maxBytes`. A Content-Length over the limit is refused before
 * any byte is read.
 */
export async function readBoundedText(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  maxBytes: number,
): Promise<string> {
  if (body === null) return "";
  const declared = contentLength === null ? NaN : Number(contentLength);
  if (declared > maxBytes) {
    await body.cancel().catch(() => undefined);
    throw new ResponseBoundError("size", maxBytes, 0);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseBoundError("size", maxBytes, size);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

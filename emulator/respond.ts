/**
 * Writing answers: JSON serialization with `pretty` / `envelope` (§4), the digest challenge
 * (§6), fault bodies, and the socket-level faults (truncate, drop, reset).
 */
import type { ServerResponse } from "node:http";
import { corruptBytes } from "./archive";
import { ERROR_CODES, UNAUTHORIZED_BODY, reasonPhrase } from "./errors";
import type { AnswerFault } from "./faults";
import { envelope } from "./pagination";
import type { RequestLogEntry } from "./request-log";
import type { EmuResponse } from "./router";
import { json } from "./router";

export interface SendOptions {
  readonly pretty: boolean;
  readonly envelope: boolean;
  /** Send the headers and half of the body, then end the socket. */
  readonly truncate: boolean;
}

export const PLAIN: SendOptions = { pretty: false, envelope: false, truncate: false };

export function send(res: ServerResponse, entry: RequestLogEntry, r: EmuResponse, opts: SendOptions): void {
  const headers: Record<string, string> = { ...r.headers };
  let bytes: Buffer;
  if (r.json !== undefined) {
    const body = opts.envelope ? envelope(r.json, r.status) : r.json;
    bytes = Buffer.from(opts.pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body));
    headers["content-type"] ??= "application/json";
  } else {
    bytes = Buffer.isBuffer(r.raw) ? r.raw : Buffer.from(r.raw ?? "");
  }
  headers["content-length"] = String(bytes.length);
  if (!res.socket || res.socket.destroyed) {
    // The client left (e.g. during injected latency): nothing is delivered.
    r.onFinished?.(false);
    return;
  }
  entry.status = r.status;
  let finished = false;
  res.once("finish", () => {
    finished = true;
    r.onFinished?.(true);
  });
  res.once("close", () => {
    if (!finished) r.onFinished?.(false);
  });
  res.writeHead(r.status, headers);
  if (!opts.truncate) {
    res.end(bytes);
    return;
  }
  entry.fault = "truncateNext";
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}

/** Destroy the connection without (further) answer: resetNext and dropNextResponse. */
export function destroy(res: ServerResponse, entry: RequestLogEntry, fault: "resetNext" | "dropNextResponse", r?: EmuResponse): void {
  entry.status = 0;
  entry.fault = fault;
  r?.onFinished?.(false);
  res.socket?.destroy();
}

/** §6: 401 with a fresh challenge, `Content-Type: application/json;charset=ISO-8859-1`. */
export function challengeResponse(wwwAuthenticate: string): EmuResponse {
  return json(UNAUTHORIZED_BODY, {
    status: 401,
    headers: { "www-authenticate": wwwAuthenticate, "content-type": "application/json;charset=ISO-8859-1" },
  });
}

/** Default errorCode of an injected failure, by status, when the fault names none. */
const FAULT_CODES: Readonly<Record<number, string>> = {
  400: "INVALID_ATTRIBUTE",
  404: "RESOURCE_NOT_FOUND",
  429: "RATE_LIMITED",
  500: "UNEXPECTED_ERROR",
};

export function faultResponse(f: Extract<AnswerFault, { kind: "failNext" }>, path: string): EmuResponse {
  if (f.body !== undefined) {
    return { status: f.status, raw: f.body, headers: { "content-type": f.contentType ?? "text/html; charset=utf-8", ...f.headers } };
  }
  const errorCode = f.errorCode ?? FAULT_CODES[f.status];
  const known = errorCode && Object.hasOwn(ERROR_CODES, errorCode) ? ERROR_CODES[errorCode as keyof typeof ERROR_CODES] : undefined;
  const detail = known && !known.template.includes("{") ? known.template : `Injected ${f.status} for ${path} (atlas-emulator fault).`;
  const body = { detail, error: f.status, ...(errorCode ? { errorCode } : {}), parameters: [], reason: reasonPhrase(f.status) };
  return json(body, { status: f.status, headers: { ...(f.contentType ? { "content-type": f.contentType } : {}), ...f.headers } });
}

/**
 * rewriteNext: the answer with `jobFields` of every job replaced by raw JSON text, or the whole
 * body replaced. Raw text is spliced in after serializing, so a value nested deeper than
 * `JSON.stringify` could write still reaches the client.
 */
export function rewrittenResponse(r: EmuResponse, f: Extract<AnswerFault, { kind: "rewriteNext" }>): EmuResponse {
  const headers = { ...r.headers, "content-type": "application/json" };
  if (f.body !== undefined) return { ...r, status: r.status, headers, json: undefined, raw: f.body };
  const fields = Object.entries(f.jobFields ?? {});
  const token = (field: string) => `@@atlas-emulator-rewrite-${field}@@`;
  const source = r.json as { results?: unknown } | undefined;
  const jobs = Array.isArray(source?.results) ? source.results : [source];
  const marked = jobs.map((job) =>
    typeof job === "object" && job !== null ? { ...job, ...Object.fromEntries(fields.map(([k]) => [k, token(k)])) } : job);
  let text = JSON.stringify(Array.isArray(source?.results) ? { ...source, results: marked } : marked[0]);
  for (const [field, raw] of fields) text = text.split(JSON.stringify(token(field))).join(raw);
  return { ...r, headers, json: undefined, raw: text };
}

/**
 * trickleNext: 200 and the start of a job list, then JSON whitespace for ever, chunk after chunk
 * (respecting backpressure), until the client hangs up. `entry.bytesSent` counts what the socket
 * accepted, so a test can assert the client stopped reading.
 */
export function trickle(res: ServerResponse, entry: RequestLogEntry, f: Extract<AnswerFault, { kind: "trickleNext" }>, r: EmuResponse): void {
  entry.status = 200;
  entry.fault = "trickleNext";
  entry.bytesSent = 0;
  r.onFinished?.(false);
  const chunk = Buffer.alloc(f.chunkBytes ?? 65_536, " ");
  const interval = f.intervalMs ?? 0;
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"results":[');
  let stopped = false;
  res.once("close", () => (stopped = true));
  const next = (): void => {
    if (stopped || res.destroyed) return;
    const ok = res.write(chunk, (e) => {
      if (!e) entry.bytesSent = (entry.bytesSent ?? 0) + chunk.length;
    });
    const go = () => (interval > 0 ? setTimeout(next, interval).unref() : setImmediate(next));
    if (ok) go();
    else res.once("drain", go);
  };
  next();
}

/** corruptNextDownload: the same answer with its bytes damaged in transit (a JSON answer is left alone). */
export function corruptedResponse(r: EmuResponse): EmuResponse {
  return r.raw === undefined || r.status !== 200 ? r : { ...r, raw: corruptBytes(Buffer.from(r.raw)) };
}

/**
 * Writing answers: JSON serialization with `pretty` / `envelope` (§4), the digest challenge
 * (§6), fault bodies, and the socket-level faults (truncate, drop, reset).
 */
import type { ServerResponse } from "node:http";
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
  const known = errorCode && errorCode in ERROR_CODES ? ERROR_CODES[errorCode as keyof typeof ERROR_CODES] : undefined;
  const detail = known && !known.template.includes("{") ? known.template : `Injected ${f.status} for ${path} (atlas-emulator fault).`;
  const body = { detail, error: f.status, ...(errorCode ? { errorCode } : {}), parameters: [], reason: reasonPhrase(f.status) };
  return json(body, { status: f.status, headers: { ...(f.contentType ? { "content-type": f.contentType } : {}), ...f.headers } });
}

/**
 * One attempt of an API call: headers, one authenticated fetch (which may itself be two
 * exchanges: the digest 401 challenge and the answer, or a token request and the answer), a redacted log line, and the parsed answer or a
 * mapped error. The retry loop around it is send-with-retry.ts.
 */
import type { Authenticator } from "./authenticator";
import type { BufferedResponse } from "./digest-client";
import { AtlasAbortedError } from "./errors";
import { displayPath } from "./paths";
import { redact } from "./redact";
import { interpretResponse, type ResponseContext } from "./response";
import { mapTransportFailure, TransportFailure } from "./transport";

/** One logical API call (possibly several attempts). */
export interface Call {
  method: "GET" | "POST" | "DELETE";
  projectId: string;
  /** Path + query relative to the API base. */
  path: string;
  body?: string;
  signal?: AbortSignal;
  /** Accept and Content-Type (v2: the versioned media type). @default "application/json" */
  mediaType?: string;
  /** A 204 answer has no body: resolve with `value: undefined` (v2 cancel). */
  allowNoContent?: boolean;
}

export interface Answer {
  value: unknown;
  res: BufferedResponse;
  call: Call;
}

export interface AttemptDeps {
  url(path: string): string;
  userAgent: string;
  auth(): Authenticator;
  context(call: Call): ResponseContext;
  /** Receives lines already free of secrets' patterns; the client redacts its keys too. */
  log(line: string): void;
}

export async function sendAttempt(call: Call, n: number, deps: AttemptDeps): Promise<Answer> {
  const { method, path, body, signal } = call;
  const secrets = deps.context(call).secrets;
  const label = redact(`${method} ${displayPath(path)}`, secrets);
  if (signal?.aborted) {
    throw new AtlasAbortedError(`${label} was aborted before it was sent.`, {
      method,
      path: redact(path, secrets),
      requestOutcome: "not-sent",
    });
  }
  const mediaType = call.mediaType ?? "application/json";
  const headers: Record<string, string> = { Accept: mediaType, "User-Agent": deps.userAgent };
  if (body !== undefined) headers["Content-Type"] = mediaType;
  const init = { method, headers, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) };
  const started = Date.now();
  let res: BufferedResponse;
  try {
    res = await deps.auth().fetch(deps.url(path), init);
  } catch (failure) {
    if (!(failure instanceof TransportFailure)) throw failure; // a bug, not the network
    const ctx = deps.context(call);
    const error = mapTransportFailure(failure, { method, path, signal, secrets: ctx.secrets });
    deps.log(`${label} -> ${error.code} in ${Date.now() - started} ms (attempt ${n})`);
    throw error;
  }
  deps.log(`${label} -> ${res.status} in ${Date.now() - started} ms (attempt ${n})`);
  if (call.allowNoContent && res.status === 204) return { value: undefined, res, call };
  return { value: interpretResponse(res, deps.context(call)), res, call };
}

/**
 * The wire: an undici Agent (keep-alive, connect/headers/body timeouts, optional private CA), a
 * buffered exchange used as digest-fetch's fetch, and the mapping of undici / OS failures to the
 * Atlas error family with an honest `requestOutcome`.
 *
 * undici and node:tls are required inside functions so that loading this module stays cheap
 * inside the Pulumi plugin.
 */
import type { Dispatcher } from "undici";
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RESPONSE_DEADLINE_MS,
  exchangeDeadline,
  formatBytes,
  isResponseBoundError,
  readBoundedText,
  ResponseBoundError,
  type ResponseBounds,
} from "./bounded-body";
import type { BufferedResponse, ExchangeFn, ExchangeInit } from "./digest-client";
import {
  AtlasAbortedError,
  AtlasBadResponseError,
  AtlasNetworkError,
  AtlasTimeoutError,
  type AtlasError,
  type RequestOutcome,
  type TimeoutPhase,
} from "./errors";
import { displayPath } from "./paths";
import { redact } from "./redact";

export interface TransportTimeouts {
  connectMs: number;
  headersMs: number;
  /** Longest gap between two chunks of a body (undici's bodyTimeout). */
  bodyMs: number;
  /** Longest time from sending a request to the last byte of its answer. */
  responseMs: number;
}

/** An undici Agent (keep-alive by default) built from the timeouts and an optional CA. */
export function createAgent(timeouts: TransportTimeouts, caCert?: string): Dispatcher {
  const { Agent } = require("undici") as typeof import("undici");
  const tls = require("node:tls") as typeof import("node:tls");
  return new Agent({
    // A custom CA is added to Node's bundled roots rather than replacing them.
    connect: caCert
      ? { timeout: timeouts.connectMs, ca: [...tls.rootCertificates, caCert] }
      : { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
  });
}

/** A transport failure before it is mapped; `phase` says how far the exchange got. */
export class TransportFailure extends Error {
  constructor(
    readonly phase: "request" | "body",
    readonly original: unknown,
    /** The answer's status, once its headers arrived. */
    readonly status?: number,
  ) {
    super(`transport failure (${phase})`);
  }
}

/**
 * One request on the wire through `dispatcher`, body read fully as text within `bounds` (size
 * and total time, see bounded-body.ts): the 401 challenge body is drained (so the keep-alive
 * socket is reused), and body-phase failures are told apart. Redirects are not followed: they
 * would carry the request to a host the user did not name.
 */
export function createExchange(
  dispatcher: Dispatcher,
  onExchange: () => void,
  bounds: ResponseBounds = { maxBytes: DEFAULT_MAX_RESPONSE_BYTES, totalMs: DEFAULT_RESPONSE_DEADLINE_MS },
): ExchangeFn {
  const { fetch } = require("undici") as typeof import("undici");
  return async (url: string, init: ExchangeInit): Promise<BufferedResponse> => {
    onExchange();
    const deadline = exchangeDeadline(bounds.totalMs, init.signal);
    // Our deadline aborts the fetch; report that as the bound it is, not as the caller's abort.
    const why = (error: unknown) => (deadline.fired ? new ResponseBoundError("time", bounds.totalMs) : error);
    try {
      let response: Awaited<ReturnType<typeof fetch>>;
      try {
        response = await fetch(url, { ...init, signal: deadline.signal, dispatcher, redirect: "manual" });
      } catch (error) {
        throw new TransportFailure("request", why(error));
      }
      try {
        const text = await readBoundedText(response.body, response.headers.get("content-length"), bounds.maxBytes);
        return { status: response.status, headers: response.headers, text };
      } catch (error) {
        throw new TransportFailure("body", why(error), response.status);
      }
    } finally {
      deadline.done();
    }
  };
}

/** TLS handshake failures: no request byte is sent before the handshake completes. */
const isTlsCode = (code: string): boolean => /CERT|TLS|^UNABLE_TO_/.test(code);
/** Codes raised before a single request byte left this machine. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_PHASES: Readonly<Record<string, TimeoutPhase>> = {
  UND_ERR_CONNECT_TIMEOUT: "connect",
  UND_ERR_HEADERS_TIMEOUT: "headers",
  UND_ERR_BODY_TIMEOUT: "body",
};

/** The first `code`/`syscall`/`message` found along the `cause` chain. */
function rootFacts(error: unknown): { code?: string; syscall?: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const e = current as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === "string") {
      const syscall = typeof e.syscall === "string" ? e.syscall : undefined;
      return { code: e.code, syscall, message: String(e.message ?? "") };
    }
    current = e.cause;
  }
  const e = error as { cause?: { message?: unknown }; message?: unknown } | undefined;
  return { message: String(e?.cause?.message ?? e?.message ?? error) };
}

/** A redacted stand-in for a foreign error (its text could, in theory, echo a header). */
export function sanitizeCause(error: unknown, secrets: readonly string[]): Error {
  const facts = rootFacts(error);
  const copy = new Error(redact(facts.message, secrets));
  copy.name = error instanceof Error ? error.name : "Error";
  if (facts.code !== undefined) Object.assign(copy, { code: facts.code });
  if (facts.syscall !== undefined) Object.assign(copy, { syscall: facts.syscall });
  copy.stack = redact(copy.stack ?? "", secrets);
  return copy;
}

export interface FailureContext {
  method: string;
  path: string;
  signal?: AbortSignal;
  secrets: readonly string[];
}

/** Map a TransportFailure (or any error thrown by the exchange) to an AtlasError. */
export function mapTransportFailure(failure: unknown, ctx: FailureContext): AtlasError {
  const phase = failure instanceof TransportFailure ? failure.phase : "request";
  const original = failure instanceof TransportFailure ? failure.original : failure;
  // A secret pasted into a path parameter (clusterName) must not be quoted back.
  const where = redact(`${ctx.method} ${displayPath(ctx.path)}`, ctx.secrets);
  const cause = sanitizeCause(original, ctx.secrets);
  const init = { method: ctx.method, path: redact(ctx.path, ctx.secrets), cause };
  if (ctx.signal?.aborted) {
    return new AtlasAbortedError(
      `${where} was aborted while in flight; the request may have reached the server.`,
      { ...init, requestOutcome: "unknown" },
    );
  }
  if (isResponseBoundError(original)) return boundFailure(original, where, init, failure);
  const { code, syscall } = rootFacts(original);
  const notSent = phase === "request" && code !== undefined &&
    (NOT_SENT_CODES.has(code) || isTlsCode(code) || (code === "ETIMEDOUT" && syscall === "connect"));
  const requestOutcome: RequestOutcome = notSent ? "not-sent" : "unknown";
  const consequence = notSent
    ? "The request was not sent."
    : "The request may have reached the server; for a POST, list restore jobs before re-sending.";
  const timeoutPhase = code === undefined ? undefined : TIMEOUT_PHASES[code];
  if (timeoutPhase !== undefined && code !== undefined) {
    return new AtlasTimeoutError(
      `${where} failed: ${timeoutPhase} timeout (${code}). ${consequence} ` +
        `Raise timeouts.${timeoutPhase}Ms (the Pulumi provider's atlas-restore:requestTimeoutSeconds) if Atlas is slow.`,
      { ...init, requestOutcome, phase: timeoutPhase, osCode: code },
    );
  }
  const hint = code === "ENOTFOUND" || code === "EAI_AGAIN"
    ? " Check the host name in baseUrl and DNS."
    : code !== undefined && isTlsCode(code)
      ? " Check the server certificate; for a private CA set caCert."
      : " Check baseUrl, proxies and firewalls.";
  return new AtlasNetworkError(
    `${where} failed: network error ${code ?? "(no code)"}: ${cause.message}. ${consequence}${hint}`,
    { ...init, requestOutcome, ...(code === undefined ? {} : { osCode: code }) },
  );
}

const AFTER_SEND = "The request may have reached the server; for a POST, list restore jobs before re-sending.";

/** An answer that broke a bound: cut off, never parsed, outcome unknown (the server got the request). */
function boundFailure(
  e: ResponseBoundError,
  where: string,
  init: { method: string; path: string },
  failure: unknown,
): AtlasError {
  const status = failure instanceof TransportFailure ? failure.status : undefined;
  if (e.bound === "size") {
    const read = e.bytesRead ? ` after ${e.bytesRead} bytes` : " (its Content-Length said so)";
    return new AtlasBadResponseError(
      `The answer to ${where} exceeded ${formatBytes(e.limit)}; it was cut off${read} and not used. ` +
        `A restore-jobs answer is far smaller: check that baseUrl points at the Atlas API and that no proxy rewrites the answer. ${AFTER_SEND}`,
      { ...init, requestOutcome: "unknown", status: status ?? 0 },
    );
  }
  const seconds = Number((e.limit / 1000).toFixed(3));
  const what = status === undefined ? `got no answer within ${seconds} s` : `kept streaming for more than ${seconds} s`;
  return new AtlasTimeoutError(
    `The answer to ${where} ${what}; it was cut off and not used. ${AFTER_SEND} ` +
      `Raise timeouts.responseMs (the Pulumi provider's atlas-restore:requestTimeoutSeconds, of which it is 4 times) if Atlas is that slow.`,
    { ...init, requestOutcome: "unknown", phase: status === undefined ? "headers" : "body", osCode: "ATLAS_RESPONSE_DEADLINE" },
  );
}

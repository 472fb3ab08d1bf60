/**
 * The wire: an undici Agent (keep-alive, connect/headers/body timeouts, optional private CA), a
 * buffered exchange used as digest-fetch's fetch, and the mapping of undici / OS failures to the
 * Atlas error family with an honest `requestOutcome`.
 *
 * undici and node:tls are required inside functions so that loading this module stays cheap
 * inside the Pulumi plugin.
 */
import type { Dispatcher } from "undici";
import type { BufferedResponse, ExchangeFn, ExchangeInit } from "./digest-client";
import {
  AtlasAbortedError,
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
  bodyMs: number;
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
  ) {
    super(`transport failure (${phase})`);
  }
}

/**
 * One request on the wire through `dispatcher`, body read fully as text: the 401 challenge body
 * is drained (so the keep-alive socket is reused), and body-phase failures are told apart.
 * Redirects are not followed: they would carry the request to a host the user did not name.
 */
export function createExchange(dispatcher: Dispatcher, onExchange: () => void): ExchangeFn {
  const { fetch } = require("undici") as typeof import("undici");
  return async (url: string, init: ExchangeInit): Promise<BufferedResponse> => {
    onExchange();
    let response: Awaited<ReturnType<typeof fetch>>;
    try {
      response = await fetch(url, { ...init, dispatcher, redirect: "manual" });
    } catch (error) {
      throw new TransportFailure("request", error);
    }
    try {
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      throw new TransportFailure("body", error);
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
  const where = `${ctx.method} ${displayPath(ctx.path)}`;
  const cause = sanitizeCause(original, ctx.secrets);
  const init = { method: ctx.method, path: ctx.path, cause };
  if (ctx.signal?.aborted) {
    return new AtlasAbortedError(
      `${where} was aborted while in flight; the request may have reached the server.`,
      { ...init, requestOutcome: "unknown" },
    );
  }
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

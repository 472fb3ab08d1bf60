/**
 * The service-account token endpoint on the wire (atlas-v2-and-auth.md §3.1): mint a token with
 * `POST {origin}/api/oauth/token` and revoke one with `POST {origin}/api/oauth/revoke`, both with
 * `Authorization: Basic base64(escape(id):escape(secret))` as MongoDB's SDK sends it.
 *
 * Failures are errors of the Atlas family with `requestOutcome: "not-sent"`: they describe the
 * API request the token was for, which never left this machine. So the retry policy re-sends a
 * GET or a POST after a token 429 (Retry-After) or 5xx, and never on 401 / 403.
 */
import { z } from "zod";
import type { ExchangeFn } from "./digest-client";
import { AtlasApiError, AtlasBadResponseError, AtlasNetworkError, AtlasTimeoutError, type AtlasError } from "./errors";
import { isAtlasTimeoutError, osCodeOf } from "./guards";
import { tokenErrorMessage } from "./oauth-messages";
import { redact, snippet } from "./redact";
import { parseRetryAfter } from "./retry-after";
import { mapTransportFailure, TransportFailure } from "./transport";

export const TOKEN_PATH = "/api/oauth/token";
export const REVOKE_PATH = "/api/oauth/revoke";

/** Where and as whom tokens are minted. */
export interface TokenEndpoint {
  /** e.g. `https://cloud.mongodb.com`. */
  origin: string;
  clientId: string;
  clientSecret: string;
  userAgent: string;
}

export interface MintedToken {
  token: string;
  /** `expires_in`, in ms (3600 s when the answer omits it, the documented lifetime). */
  lifetimeMs: number;
}

const DOCUMENTED_LIFETIME_S = 3600;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive().optional(),
});

/** Go's url.QueryEscape: everything but `A-Za-z0-9-_.~` escaped, space as `+`. */
export function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${queryEscape(clientId)}:${queryEscape(clientSecret)}`).toString("base64")}`;
}

function formHeaders(ep: TokenEndpoint): Record<string, string> {
  return {
    Authorization: basicAuthorization(ep.clientId, ep.clientSecret),
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
    "User-Agent": ep.userAgent,
  };
}

const secretsOf = (ep: TokenEndpoint) => [ep.clientSecret, ep.clientId];

/** Mint one token. `log` gets one redacted line per exchange. */
export async function requestToken(ep: TokenEndpoint, exchange: ExchangeFn, log: (line: string) => void): Promise<MintedToken> {
  const started = Date.now();
  const headers = formHeaders(ep);
  // Not "Authorization: …": redact() blanks the rest of any line that says so.
  const shown = "Basic [REDACTED]";
  let res;
  try {
    res = await exchange(ep.origin + TOKEN_PATH, { method: "POST", headers, body: "grant_type=client_credentials" });
  } catch (failure) {
    if (!(failure instanceof TransportFailure)) throw failure;
    const error = transportError(failure, secretsOf(ep));
    log(`POST ${TOKEN_PATH} -> ${error.code} in ${Date.now() - started} ms (${shown})`);
    throw error;
  }
  log(`POST ${TOKEN_PATH} -> ${res.status} in ${Date.now() - started} ms (${shown})`);
  const body = parseJson(res.text);
  if (res.status === 200) {
    const parsed = tokenAnswer.safeParse(body);
    if (parsed.success) {
      return { token: parsed.data.access_token, lifetimeMs: (parsed.data.expires_in ?? DOCUMENTED_LIFETIME_S) * 1000 };
    }
    // A token came with a field we cannot use (expires_in, token_type): it is live all the same,
    // so the error never quotes it (the answer's fields are named, its values are not).
    throw malformedTokenError(ep, res, body);
  }
  throw answerError(ep, res, body);
}

/** A 200 whose JSON is not a usable token answer: which fields are wrong, no value of any. */
function malformedTokenError(ep: TokenEndpoint, res: { status: number; headers: Headers; text: string }, body: unknown): AtlasError {
  const doc = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (doc === undefined) return answerError(ep, res, body);
  const issues = tokenAnswer.safeParse(doc).error?.issues.map((i) => i.path.join(".") || "(the answer)") ?? [];
  const contentType = res.headers.get("content-type") ?? undefined;
  return new AtlasBadResponseError(
    `Getting a service-account token (POST ${TOKEN_PATH}) failed: the answer is not a usable token (status 200; ` +
      `field${issues.length === 1 ? "" : "s"} ${[...new Set(issues)].join(", ")} missing or malformed; fields present: ${Object.keys(doc).slice(0, 10).join(", ") || "none"}). ` +
      `The API request was not sent. Check that baseUrl (${ep.origin}) points at Atlas and that no proxy rewrites the answer.`,
    { method: "POST", path: TOKEN_PATH, requestOutcome: "not-sent", status: res.status, ...(contentType ? { contentType } : {}) },
  );
}

/** The token endpoint answered a revocation with something other than 200 (the request itself went through). */
export class RevokeRefusedError extends Error {
  override name = "RevokeRefusedError";
  constructor(readonly status: number) {
    super(`revoke answered ${status}`);
  }
}

/** Revoke one token (RFC 7009). Resolves on 200; throws RevokeRefusedError on another answer, the exchange's error if none came. */
export async function revokeToken(ep: TokenEndpoint, exchange: ExchangeFn, token: string, signal?: AbortSignal): Promise<void> {
  const body = new URLSearchParams({ token, token_type_hint: "access_token" }).toString();
  const res = await exchange(ep.origin + REVOKE_PATH, { method: "POST", headers: formHeaders(ep), body, ...(signal ? { signal } : {}) });
  if (res.status !== 200) throw new RevokeRefusedError(res.status);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function answerError(ep: TokenEndpoint, res: { status: number; headers: Headers; text: string }, body: unknown): AtlasError {
  const secrets = secretsOf(ep);
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
  const init = { method: "POST", path: TOKEN_PATH, requestOutcome: "not-sent" as const, status: res.status };
  const doc = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (res.status < 400 || doc === undefined) {
    const excerpt = res.text === "" ? "(empty body)" : `"${snippet(res.text, secrets)}"`;
    const contentType = res.headers.get("content-type") ?? undefined;
    return new AtlasBadResponseError(
      `Getting a service-account token (POST ${TOKEN_PATH}) failed: the answer is not ${res.status < 400 ? "a token" : "an OAuth or Atlas error document"} ` +
        `(status ${res.status}, content-type ${contentType ?? "none"}): ${excerpt}. The API request was not sent. ` +
        `Check that baseUrl (${ep.origin}) points at Atlas and that no proxy rewrites the answer.`,
      { ...init, ...(contentType ? { contentType } : {}), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    );
  }
  const str = (v: unknown) => (typeof v === "string" ? redact(v, secrets) : undefined);
  const errorCode = str(doc.error) ?? str(doc.errorCode);
  const detail = str(doc.error_description) ?? str(doc.detail);
  const message = tokenErrorMessage({ status: res.status, errorCode, detail, retryAfterMs, origin: ep.origin });
  return new AtlasApiError(message, {
    ...init,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(detail === undefined ? {} : { detail }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** The transport failure of a token request, told as such: the API request was not sent. */
function transportError(failure: TransportFailure, secrets: readonly string[]): AtlasError {
  const mapped = mapTransportFailure(failure, { method: "POST", path: TOKEN_PATH, secrets });
  const osCode = osCodeOf(mapped);
  const message =
    `Getting a service-account token (POST ${TOKEN_PATH}) failed: ${osCode ?? "network error"}` +
    `${mapped.cause instanceof Error ? `: ${mapped.cause.message}` : ""}. The API request was not sent. ` +
    "Check baseUrl, proxies and firewalls.";
  const init = { method: "POST", path: TOKEN_PATH, requestOutcome: "not-sent" as const, cause: mapped.cause };
  return isAtlasTimeoutError(mapped)
    ? new AtlasTimeoutError(message, { ...init, phase: mapped.phase, osCode: mapped.osCode })
    : new AtlasNetworkError(message, { ...init, ...(osCode === undefined ? {} : { osCode }) });
}

/**
 * Turn a buffered response into parsed JSON or an error of the Atlas family. Bodies are read as
 * text and parsed here, so an HTML proxy page or truncated JSON becomes AtlasBadResponseError
 * instead of a raw SyntaxError.
 */
import type { ApiFlavour } from "./base-url";
import type { CredentialKind } from "./credentials";
import type { BufferedResponse } from "./digest-client";
import { apiErrorMessage } from "./error-messages";
import { AtlasApiError, AtlasBadResponseError, type RequestOutcome } from "./errors";
import type { ApiErrorBody } from "./models";
import { displayPath } from "./paths";
import { redact, snippet } from "./redact";
import { outcomeOfErrorAnswer } from "./request-outcome";
import { parseRetryAfter } from "./retry-after";

export interface ResponseContext {
  method: string;
  path: string;
  apiBase: string;
  origin: string;
  flavour: ApiFlavour;
  /** Which credential authenticated the request: the 401/403 hints name its settings. */
  credential?: CredentialKind;
  secrets: readonly string[];
  nowMs: number;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Error documents are read back bounded too: short strings, a few scalar parameters. */
const MAX_PARAMETERS = 20;
const text = (v: unknown, max: number): string | undefined =>
  typeof v === "string" ? (v.length > max ? `${v.slice(0, max)}…` : v) : undefined;
const scalars = (v: unknown): unknown[] =>
  Array.isArray(v)
    ? v.slice(0, MAX_PARAMETERS).flatMap((x): unknown[] =>
        typeof x === "string" ? [text(x, 200)] : typeof x === "number" || typeof x === "boolean" ? [x] : [])
    : [];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** 4xx: the server answered and did not act. 2xx/3xx/5xx with a problem: it may have. */
export function outcomeForStatus(status: number): RequestOutcome {
  return status >= 400 && status < 500 ? "rejected" : "unknown";
}

/** Build the AtlasBadResponseError for an unexpected body (also used for wrong JSON shapes). */
export function badResponse(
  res: Pick<BufferedResponse, "status" | "headers" | "text">,
  ctx: ResponseContext,
  problem: string,
): AtlasBadResponseError {
  const contentType = res.headers.get("content-type") ?? undefined;
  const excerpt = res.text === "" ? "(empty body)" : `"${snippet(res.text, ctx.secrets)}"`;
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), ctx.nowMs);
  return new AtlasBadResponseError(
    `${ctx.method} ${redact(displayPath(ctx.path), ctx.secrets)} failed: ${problem} (status ${res.status}, ` +
      `content-type ${contentType ?? "none"}): ${excerpt}. Check that baseUrl (${ctx.apiBase}) ` +
      `points at the Atlas API and that no proxy rewrites the answer.` +
      (ctx.method === "POST" && res.status < 400
        ? " The POST may have been acted on: list restore jobs before re-sending."
        : ""),
    {
      method: ctx.method,
      path: redact(ctx.path, ctx.secrets),
      requestOutcome: outcomeForStatus(res.status),
      status: res.status,
      ...(contentType === undefined ? {} : { contentType }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
}

/** Parsed JSON of a 2xx answer; throws AtlasApiError / AtlasBadResponseError otherwise. */
export function interpretResponse(res: BufferedResponse, ctx: ResponseContext): unknown {
  const parsed = res.text.trim() === "" ? undefined : parseJson(res.text);
  if (res.status >= 200 && res.status < 300) {
    if (parsed === undefined) throw badResponse(res, ctx, "empty body where JSON was expected");
    if (!parsed.ok) throw badResponse(res, ctx, "body is not valid JSON (truncated, or not JSON at all)");
    return parsed.value;
  }
  if (res.status < 400) {
    const location = res.headers.get("location");
    const where = location ? ` to ${redact(location.split("?")[0], ctx.secrets)}` : "";
    throw badResponse(res, ctx, `unexpected redirect${where} (redirects are not followed)`);
  }
  if (parsed !== undefined && !(parsed.ok && isObject(parsed.value))) {
    throw badResponse(res, ctx, `error ${res.status} with a body that is not an Atlas error document`);
  }
  const body = (parsed?.ok ? parsed.value : {}) as Partial<ApiErrorBody>;
  // The hint is computed from the facts as Atlas gave them (bounded, not yet redacted): a secret
  // pasted into clusterName must still compare equal to the cluster Atlas names. Then the whole
  // message, and every field kept on the error, is redacted.
  const facts = {
    method: ctx.method,
    path: ctx.path,
    status: res.status,
    errorCode: text(body.errorCode, 100),
    detail: text(body.detail, 500),
    reason: text(body.reason, 100),
    parameters: scalars(body.parameters),
    fields: Array.isArray(body.badRequestDetail?.fields)
      ? body.badRequestDetail.fields.slice(0, MAX_PARAMETERS).map((f) => text(f?.field, 200)).filter((f): f is string => !!f)
      : [],
    apiBase: ctx.apiBase,
    origin: ctx.origin,
    flavour: ctx.flavour,
    credential: ctx.credential,
    requestOutcome: outcomeOfErrorAnswer(res.status, body),
  };
  const hide = (v: string | undefined) => (v === undefined ? undefined : redact(v, ctx.secrets));
  const parameters = facts.parameters.map((x) => (typeof x === "string" ? redact(x, ctx.secrets) : x));
  const errorCode = hide(facts.errorCode);
  const detail = hide(facts.detail);
  const reason = hide(facts.reason);
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), ctx.nowMs);
  throw new AtlasApiError(redact(apiErrorMessage(facts), ctx.secrets), {
    method: ctx.method,
    path: redact(ctx.path, ctx.secrets),
    requestOutcome: facts.requestOutcome,
    status: res.status,
    parameters,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(detail === undefined ? {} : { detail }),
    ...(reason === undefined ? {} : { reason }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

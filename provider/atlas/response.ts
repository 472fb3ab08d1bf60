/**
 * Turn a buffered response into parsed JSON or an error of the Atlas family. Bodies are read as
 * text and parsed here, so an HTML proxy page or truncated JSON becomes AtlasBadResponseError
 * instead of a raw SyntaxError.
 */
import type { ApiFlavour } from "./base-url";
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
    `${ctx.method} ${displayPath(ctx.path)} failed: ${problem} (status ${res.status}, ` +
      `content-type ${contentType ?? "none"}): ${excerpt}. Check that baseUrl (${ctx.apiBase}) ` +
      `points at the Atlas API and that no proxy rewrites the answer.` +
      (ctx.method === "POST" && res.status < 400
        ? " The POST may have been acted on: list restore jobs before re-sending."
        : ""),
    {
      method: ctx.method,
      path: ctx.path,
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
  const str = (v: unknown): string | undefined => (typeof v === "string" ? redact(v, ctx.secrets) : undefined);
  const parameters = Array.isArray(body.parameters)
    ? body.parameters.map((x) => (typeof x === "string" ? redact(x, ctx.secrets) : x))
    : [];
  const fields = Array.isArray(body.badRequestDetail?.fields)
    ? body.badRequestDetail.fields.map((f) => str(f?.field)).filter((f): f is string => !!f)
    : [];
  const facts = {
    method: ctx.method,
    path: ctx.path,
    status: res.status,
    errorCode: str(body.errorCode),
    detail: str(body.detail),
    reason: str(body.reason),
    parameters,
    fields,
    apiBase: ctx.apiBase,
    origin: ctx.origin,
    flavour: ctx.flavour,
    requestOutcome: outcomeOfErrorAnswer(res.status, body),
  };
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), ctx.nowMs);
  throw new AtlasApiError(apiErrorMessage(facts), {
    method: ctx.method,
    path: ctx.path,
    requestOutcome: facts.requestOutcome,
    status: res.status,
    parameters,
    ...(facts.errorCode === undefined ? {} : { errorCode: facts.errorCode }),
    ...(facts.detail === undefined ? {} : { detail: facts.detail }),
    ...(facts.reason === undefined ? {} : { reason: facts.reason }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

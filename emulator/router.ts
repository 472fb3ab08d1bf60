/**
 * msw-style route table (style-anchors A5, C13): an ordered list of (method, `:param` path,
 * resolver). Resolvers are small functions returning an `EmuResponse`; the server turns thrown
 * exceptions into an Atlas-shaped 500 UNEXPECTED_ERROR.
 */
import type { AtlasErrorSpec } from "./errors";
import { errorBody, errorStatus } from "./errors";
import type { World } from "./world";

/** What a resolver answers: a JSON body (serialized by the server, honouring pretty/envelope) or raw bytes. */
export interface EmuResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly raw?: Buffer | string;
  /** Called once the response has been written completely (downloads count here). */
  readonly onFinished?: (completed: boolean) => void;
}

export interface RequestContext {
  readonly method: string;
  /** Path without query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly bodyText: string;
  /** "http://host:port" as the client addressed us; links and URLs are built from it. */
  readonly origin: string;
  /** "/api/atlas/v1.0" or "/api/public/v1.0" for API routes, "" otherwise. */
  readonly apiPrefix: string;
  readonly remoteIp: string;
  readonly world: World;
}

export type Resolver = (ctx: RequestContext) => EmuResponse | Promise<EmuResponse>;

export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly resolve: Resolver;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

export function route(method: string, pattern: string, resolve: Resolver): Route {
  const names: string[] = [];
  const source = pattern
    .split("/")
    .map((seg) => {
      if (!seg.startsWith(":")) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(seg.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { method, pattern, resolve, regex: new RegExp(`^${source}/?$`), names };
}

export type RouteMatch =
  | { readonly kind: "match"; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: "method-not-allowed"; readonly allow: readonly string[] }
  | { readonly kind: "none" };

/** First route whose path and method match wins; a path match with another method gives 405. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allow: string[] = [];
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    if (r.method !== method) {
      allow.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1] ?? "");
    });
    return { kind: "match", route: r, params };
  }
  return allow.length > 0 ? { kind: "method-not-allowed", allow } : { kind: "none" };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `HttpResponse.json` of msw: a JSON answer with a status. */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): EmuResponse {
  return { status: init.status ?? 200, headers: init.headers, json: body };
}

/** 204, no body (a v2 answer still gets its versioned Content-Type, as Atlas's 204s do: REC). */
export const NO_CONTENT: EmuResponse = { status: 204, raw: "" };

/** An Atlas error answer (§5.1 body, status from the code table). */
export function apiError(spec: AtlasErrorSpec, headers?: Record<string, string>): EmuResponse {
  return json(errorBody(spec), { status: errorStatus(spec), headers });
}

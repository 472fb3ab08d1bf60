/**
 * The request pipeline. Per request, in order:
 *   log (not the control endpoints) → read body → area (admin / download / API / other)
 *   admin: loopback only, no auth, no faults
 *   API:   Bearer token or digest (§6) → faults → [v2: version negotiation] → rate limit (§5.3;
 *          v2: token bucket) → pretty/envelope check (§4) → route → [v2: versioned headers, X-Error-Code]
 *   download: faults → route (the download URL carries its own key, §3.3)
 *   OAuth:    faults → route (the token endpoint checks its own Basic credentials, oauth.ts)
 * Resolver exceptions become Atlas-shaped 500 UNEXPECTED_ERROR (style-anchors A5).
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { DigestAuth } from "./digest-auth";
import { atlasError, errorBody, isAtlasErrorSpec } from "./errors";
import type { Faults } from "./faults";
import { OAUTH_PREFIX, type OAuthServer } from "./oauth";
import { parseBoolean } from "./pagination";
import type { RateLimiter } from "./rate-limit";
import { windowMinutes } from "./rate-limit";
import type { RequestLog, RequestLogEntry } from "./request-log";
import { challengeResponse, corruptedResponse, destroy, faultResponse, PLAIN, rewrittenResponse, send, trickle } from "./respond";
import type { SendOptions } from "./respond";
import type { EmuResponse, RequestContext, Route } from "./router";
import { apiError, matchRoute } from "./router";
import { adminError, ADMIN_PREFIX } from "./routes/admin";
import { API_PREFIXES } from "./routes/restore-jobs";
import type { World } from "./world";
import type { TokenBucket } from "./v2/token-bucket";
import { negotiateVersion, resourceVersions, V2_PREFIX, v2Headers, type VersionStatus } from "./v2/versioning";

export interface ServerDeps {
  readonly world: World;
  /** Undefined when auth is off. */
  readonly auth?: DigestAuth;
  /** Service-account tokens: the token endpoint, and Bearer accepted on API routes. */
  readonly oauth: OAuthServer;
  readonly faults: Faults;
  readonly rateLimiter: RateLimiter;
  /** The v2 rate limit (atlas-v2-and-auth.md §6). */
  readonly tokenBucket: TokenBucket;
  /** Lifecycle status of v2 resource version 2023-01-01. */
  readonly v2VersionStatus: () => VersionStatus;
  readonly log: RequestLog;
  /** Real-time source (ms). */
  readonly clock: () => number;
  readonly apiRoutes: readonly Route[];
  readonly downloadRoutes: readonly Route[];
  readonly oauthRoutes: readonly Route[];
  readonly adminRoutes: readonly Route[];
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createEmulatorServer(deps: ServerDeps): Server {
  const server = createServer({ keepAlive: true, headersTimeout: 60_000, requestTimeout: 300_000 }, (req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      // Last resort: the pipeline itself failed. Say so in Atlas's shape; the details go to the
      // operator as a warning, never to the client.
      process.emitWarning(`[atlas-emulator] ${req.method} request failed in the pipeline: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify(errorBody(atlasError("UNEXPECTED_ERROR"))));
      else res.socket?.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

/** 400 for a request target that is not a path (`OPTIONS *`, `CONNECT host:443`, garbage). */
function badTarget(res: ServerResponse, method: string): void {
  res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify(errorBody(atlasError("INVALID_REQUEST_TARGET", [method]))));
}

/** The request target as a URL: a path (origin-form), or an absolute http(s) URL; else undefined. */
function targetUrl(rawUrl: string): URL | undefined {
  // Concatenate rather than resolve: a request target like "//x/y" must stay a path.
  if (rawUrl.startsWith("/")) return new URL(`http://emulator.invalid${rawUrl}`);
  if (!URL.canParse(rawUrl)) return undefined;
  const url = new URL(rawUrl);
  return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
}

/**
 * `Date` on the EMULATED clock (Node would send real time): a client that measures durations on
 * the server's clock, as RTO figures do, measures emulated minutes in a time-scaled drill.
 */
function stampDate(deps: ServerDeps, res: ServerResponse): void {
  if (!res.headersSent) res.setHeader("date", new Date(deps.world.now()).toUTCString());
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  stampDate(deps, res);
  const rawUrl = req.url ?? "/";
  const url = targetUrl(rawUrl);
  if (!url) {
    req.resume();
    return badTarget(res, (req.method ?? "").replace(/[^A-Z]/gi, "").slice(0, 16));
  }
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  const apiPrefix = API_PREFIXES.find((p) => path === p || path.startsWith(`${p}/`)) ?? "";
  // Control endpoints are not logged: the log is the wire sequence of the emulated API.
  const isAdmin = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
  const entry: RequestLogEntry = {
    method,
    path,
    query: url.search.replace(/^\?/, ""),
    status: 0,
    projectId: apiPrefix ? /\/groups\/([^/]+)/.exec(path)?.[1] : undefined,
    authenticated: false,
    at: deps.clock(),
  };
  if (!isAdmin) deps.log.begin(entry);
  const body = await readBody(req);
  if (body === undefined) return send(res, entry, apiError(atlasError("PAYLOAD_TOO_LARGE", [MAX_BODY_BYTES])), PLAIN);
  const remoteIp = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  const ctx = (params: Record<string, string>): RequestContext => ({
    method, path, query: url.searchParams, params, headers: req.headers, bodyText: body,
    origin: `http://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`, apiPrefix, remoteIp, world: deps.world,
  });

  if (isAdmin) {
    if (!isLoopback(remoteIp)) return send(res, entry, adminError(403, "Emulator control endpoints answer loopback clients only."), PLAIN);
    return send(res, entry, await dispatch(deps.adminRoutes, method, path, ctx), PLAIN);
  }

  const isDownload = path.startsWith("/backup/restore/");
  const isOAuth = path.startsWith(`${OAUTH_PREFIX}/`);
  if (!apiPrefix && !isDownload && !isOAuth) return send(res, entry, apiError(atlasError("RESOURCE_NOT_FOUND", [path])), PLAIN);

  if (apiPrefix && deps.auth && !deps.oauth.acceptsBearer(req.headers.authorization)) {
    const verdict = deps.auth.verify(method, rawUrl, req.headers.authorization);
    if (!verdict.ok) return send(res, entry, challengeResponse(deps.auth.challenge(verdict.stale)), PLAIN);
  }
  entry.authenticated = Boolean(apiPrefix);

  const { latencyMs, action } = deps.faults.take(method, path);
  if (latencyMs > 0) await sleep(latencyMs, undefined, { ref: false });
  if (action?.kind === "resetNext") return destroy(res, entry, "resetNext");
  if (action?.kind === "failNext") {
    entry.fault = "failNext";
    return send(res, entry, faultResponse(action, path), PLAIN);
  }

  let opts: SendOptions = { ...PLAIN, truncate: action?.kind === "truncateNext" };
  let response: EmuResponse;
  const flags = apiPrefix ? [parseBoolean(url.searchParams, "pretty", false), parseBoolean(url.searchParams, "envelope", false)] : [false, false];
  const badFlag = flags.find(isAtlasErrorSpec);
  const v2 = apiPrefix === V2_PREFIX;
  const versionStatus = deps.v2VersionStatus();
  const negotiated = v2 ? negotiateVersion(req.headers.accept, versionStatus, resourceVersions(path)) : undefined;
  const bucket = v2 && negotiated?.ok && entry.projectId ? deps.tokenBucket.take(entry.projectId) : undefined;
  const limited = !v2 && apiPrefix && entry.projectId ? deps.rateLimiter.take(entry.projectId) : { allowed: true as const };
  if (negotiated && !negotiated.ok) {
    response = negotiated.response;
  } else if (bucket && !bucket.allowed) {
    const { capacity, refill, intervalMs } = bucket.limit;
    response = apiError(atlasError("RATE_LIMITED_TOKEN_BUCKET", [path, bucket.retryAfterSeconds, capacity, refill, intervalMs / 1000]), {
      "retry-after": String(bucket.retryAfterSeconds),
    });
  } else if (!limited.allowed) {
    const { requests, windowMs } = limited.limit;
    response = apiError(atlasError("RATE_LIMITED", [path, requests, windowMinutes(windowMs)]), {
      "retry-after": String(limited.retryAfterSeconds),
    });
  } else if (badFlag) {
    response = apiError(badFlag);
  } else {
    opts = { ...opts, pretty: flags[0] === true, envelope: flags[1] === true };
    stampDate(deps, res); // the moment the answer's state is computed (after any injected latency)
    response = await dispatch(apiPrefix ? deps.apiRoutes : isOAuth ? deps.oauthRoutes : deps.downloadRoutes, method, path, ctx);
  }
  if (v2) {
    const version = negotiated?.ok ? negotiated.version : undefined;
    const rate: Record<string, string> = bucket ? { "ratelimit-limit": String(bucket.limit.capacity), "ratelimit-remaining": String(bucket.allowed ? bucket.remaining : 0) } : {};
    response = { ...response, headers: { ...response.headers, ...v2Headers(response, version, versionStatus), ...rate } };
  }
  if (action?.kind === "dropNextResponse") return destroy(res, entry, "dropNextResponse", response);
  if (action?.kind === "trickleNext") return trickle(res, entry, action, response);
  if (action?.kind === "rewriteNext") {
    entry.fault = "rewriteNext";
    return send(res, entry, rewrittenResponse(response, action), PLAIN);
  }
  if (action?.kind === "corruptNextDownload") {
    entry.fault = "corruptNextDownload";
    return send(res, entry, corruptedResponse(response), PLAIN);
  }
  send(res, entry, response, opts);
}

async function dispatch(
  routes: readonly Route[],
  method: string,
  path: string,
  ctx: (params: Record<string, string>) => RequestContext,
): Promise<EmuResponse> {
  const m = matchRoute(routes, method, path);
  if (m.kind === "none") return apiError(atlasError("RESOURCE_NOT_FOUND", [path]));
  if (m.kind === "method-not-allowed") {
    const allow = [...new Set(m.allow)].join(", ");
    return apiError(atlasError("METHOD_NOT_ALLOWED", [method, path, allow]), { allow });
  }
  try {
    return await m.route.resolve(ctx(m.params));
  } catch (e) {
    process.emitWarning(`[atlas-emulator] Handler for ${method} ${m.route.pattern} threw: ${e instanceof Error ? e.stack : String(e)}`);
    return apiError(atlasError("UNEXPECTED_ERROR"));
  }
}

/** The whole body as text, or undefined when over MAX_BODY_BYTES (the rest is drained). */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}

function isLoopback(ip: string): boolean {
  return ip === "::1" || ip.startsWith("127.");
}

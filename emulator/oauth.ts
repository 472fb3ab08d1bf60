/**
 * Service accounts (atlas-v2-and-auth.md §3.1): the OAuth 2.0 client-credentials token endpoint
 * and its revoke endpoint, and the Bearer check the API routes accept beside digest.
 *
 *   POST /api/oauth/token   Basic base64(escape(id):escape(secret)), form grant_type=client_credentials
 *                           → 200 {"access_token","expires_in","token_type":"Bearer"}
 *   POST /api/oauth/revoke  Basic, form token=<t>&token_type_hint=access_token → 200, no body
 *
 * Tokens are opaque random strings (Atlas issues JWTs; clients must not parse them either).
 * Lifetime and expiry run on REAL time, like `expires_in` says: MongoDB's Go SDK (golang.org/x/oauth2)
 * caches a token for `expires_in` real seconds and does not retry a 401, so a token that died on
 * the emulated clock would fail every SDK call of a time-scaled drill after a real minute (issue 19
 * item 2). The token endpoint's rate limit runs on real time too, like the API's.
 * Answers follow the documented bodies: 401 `invalid_client`, 403 `access_denied` once a client
 * holds `maxLiveTokens` live tokens, 429 `RATE_LIMITED` per IP address and client id.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { atlasError } from "./errors";
import { RateLimiter, windowMinutes, type RateLimitSetting } from "./rate-limit";
import type { EmuResponse, RequestContext, Route } from "./router";
import { apiError, json, route } from "./router";

export const OAUTH_PREFIX = "/api/oauth";
export const TOKEN_PATH = `${OAUTH_PREFIX}/token`;
export const REVOKE_PATH = `${OAUTH_PREFIX}/revoke`;

/** Documented defaults (emulator/README.md). */
export const DEFAULT_CLIENT_ID = "mdb_sa_id_emulator";
export const DEFAULT_CLIENT_SECRET = "mdb_sa_sk_emulator";
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
export const DEFAULT_MAX_LIVE_TOKENS = 100;
/** TF's documented 429 says 50 per minute; a review comment said 10 (§3.1: uncertain). */
export const DEFAULT_TOKEN_RATE_LIMIT: RateLimitSetting = { requests: 50, windowMs: 60_000 };

export interface OAuthOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** In real seconds (what `expires_in` promises). */
  readonly tokenLifetimeSeconds: number;
  readonly maxLiveTokens: number;
  readonly tokenRateLimit: RateLimitSetting | false;
  /** Real clock: token expiry and the token endpoint rate limit. */
  readonly realClock: () => number;
}

/** Counters and early-expiry controls (tests, drills, the control endpoint). */
export interface TokenControl {
  /** Tokens issued, live now (neither expired nor revoked), and revoked (by a client or a fault). */
  stats(): { issued: number; live: number; revoked: number };
  /** Make every live token expire now; returns how many. Clients see a 401 on their next request. */
  expireAll(): number;
  /** Revoke every live token now; returns how many. */
  revokeAll(): number;
  /** New token endpoint limit; counters start afresh. */
  setRateLimit(limit: RateLimitSetting | false): void;
}

interface TokenRecord {
  clientId: string;
  expiresAt: number;
  revoked: boolean;
}

const INVALID_CLIENT = { error_description: "Invalid credentials provided.", error: "invalid_client" };
// §3.1 quotes "Access Tokensor" through a translated page; the missing space is taken as a typo.
const TOKEN_CAP = {
  error_description: "Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.",
  error: "access_denied",
};
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };
/** Bound on remembered tokens: expired ones are swept beyond it. */
const SWEEP_AT = 10_000;

export class OAuthServer implements TokenControl {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly limiter: RateLimiter;
  private issued = 0;
  private revoked = 0;

  constructor(private readonly o: OAuthOptions) {
    if (!o.clientId || !o.clientSecret) throw new Error("[atlas-emulator] clientId and clientSecret must be non-empty.");
    if (!(o.tokenLifetimeSeconds > 0)) throw new Error(`[atlas-emulator] Invalid tokenLifetimeSeconds ${o.tokenLifetimeSeconds}. Please pass a positive number.`);
    if (!(Number.isInteger(o.maxLiveTokens) && o.maxLiveTokens >= 1)) throw new Error(`[atlas-emulator] Invalid maxLiveTokens ${o.maxLiveTokens}. Please pass an integer >= 1.`);
    this.limiter = new RateLimiter(o.tokenRateLimit, o.realClock);
  }

  routes(): Route[] {
    return [route("POST", TOKEN_PATH, (ctx) => this.issue(ctx)), route("POST", REVOKE_PATH, (ctx) => this.revoke(ctx))];
  }

  /** True when `authorization` is `Bearer <token>` of a live token. */
  acceptsBearer(authorization: string | undefined): boolean {
    const token = /^bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
    const record = token === undefined ? undefined : this.tokens.get(token);
    return record !== undefined && this.isLive(record);
  }

  stats(): { issued: number; live: number; revoked: number } {
    return { issued: this.issued, live: [...this.tokens.values()].filter((t) => this.isLive(t)).length, revoked: this.revoked };
  }

  expireAll(): number {
    return this.forEachLive((t) => (t.expiresAt = this.o.realClock()));
  }

  revokeAll(): number {
    return this.forEachLive((t) => this.markRevoked(t));
  }

  setRateLimit(limit: RateLimitSetting | false): void {
    this.limiter.set(limit);
  }

  private issue(ctx: RequestContext): EmuResponse {
    const basic = parseBasic(ctx.headers.authorization);
    const limited = this.limiter.take(`${ctx.remoteIp}|${basic?.id ?? ""}`);
    if (!limited.allowed) {
      const { requests, windowMs } = limited.limit;
      return apiError(atlasError("RATE_LIMITED", [TOKEN_PATH, requests, windowMinutes(windowMs)]), { "retry-after": String(limited.retryAfterSeconds) });
    }
    if (!this.authentic(basic)) return json(INVALID_CLIENT, { status: 401, headers: { "www-authenticate": 'Basic realm="oauth"' } });
    const form = new URLSearchParams(ctx.bodyText);
    const grant = form.get("grant_type");
    if (grant === null) return oauthError(400, "invalid_request", "Missing grant_type.");
    if (grant !== "client_credentials") return oauthError(400, "unsupported_grant_type", `Unsupported grant_type ${grant}.`);
    const live = [...this.tokens.values()].filter((t) => t.clientId === basic!.id && this.isLive(t)).length;
    if (live >= this.o.maxLiveTokens) return json(TOKEN_CAP, { status: 403, headers: NO_STORE });
    this.sweep();
    const token = `emu_at_${randomBytes(32).toString("base64url")}`;
    this.tokens.set(token, { clientId: basic!.id, expiresAt: this.o.realClock() + this.o.tokenLifetimeSeconds * 1000, revoked: false });
    this.issued += 1;
    return json({ access_token: token, expires_in: this.o.tokenLifetimeSeconds, token_type: "Bearer" }, { headers: NO_STORE });
  }

  /** RFC 7009: 200 whether or not the token was known; only the owner's credentials may revoke it. */
  private revoke(ctx: RequestContext): EmuResponse {
    const basic = parseBasic(ctx.headers.authorization);
    if (!this.authentic(basic)) return json(INVALID_CLIENT, { status: 401 });
    const token = new URLSearchParams(ctx.bodyText).get("token");
    if (!token) return oauthError(400, "invalid_request", "Missing token.");
    const record = this.tokens.get(token);
    if (record && record.clientId === basic!.id && this.isLive(record)) this.markRevoked(record);
    return { status: 200, raw: "" };
  }

  private authentic(basic: { id: string; secret: string } | undefined): boolean {
    return basic !== undefined && sameText(basic.id, this.o.clientId) && sameText(basic.secret, this.o.clientSecret);
  }

  private isLive(t: TokenRecord): boolean {
    return !t.revoked && this.o.realClock() < t.expiresAt;
  }

  private markRevoked(t: TokenRecord): void {
    t.revoked = true;
    this.revoked += 1;
  }

  private forEachLive(fn: (t: TokenRecord) => void): number {
    let n = 0;
    for (const t of this.tokens.values()) {
      if (!this.isLive(t)) continue;
      fn(t);
      n += 1;
    }
    return n;
  }

  private sweep(): void {
    if (this.tokens.size < SWEEP_AT) return;
    for (const [token, t] of this.tokens) if (!this.isLive(t)) this.tokens.delete(token);
  }
}

function oauthError(status: number, error: string, description: string): EmuResponse {
  return json({ error_description: description, error }, { status, headers: NO_STORE });
}

/** `Basic base64(escape(id):escape(secret))`, escaped as Go's url.QueryEscape (MongoDB's SDK). */
export function parseBasic(header: string | string[] | undefined): { id: string; secret: string } | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const encoded = /^basic\s+([A-Za-z0-9+/=]+)$/i.exec(value?.trim() ?? "")?.[1];
  if (!encoded) return undefined;
  const text = Buffer.from(encoded, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  try {
    const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: unescape(text.slice(0, colon)), secret: unescape(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

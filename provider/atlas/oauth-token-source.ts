/**
 * One service-account token per client id per process (atlas-v2-and-auth.md §3.2, §5.4): every
 * AtlasClient of the same origin, client id and secret shares one TokenSource, and concurrent
 * requests share its one token request, as digest requests share one challenge. Atlas caps a
 * service account at 100 live tokens and rate-limits the token endpoint, so a token per request
 * or per poll would hit both.
 *
 * Renewal: ahead of expiry, as the official provider does (10 minutes early; half the lifetime
 * for tokens shorter than 20 minutes). If the renewal fails while the old token is still valid,
 * the old token is used. Tokens this process minted are revoked by `revokeMintedTokens` at a
 * clean exit (best effort, bounded).
 */
import { createHash } from "node:crypto";
import type { BufferedResponse, ExchangeFn, ExchangeInit } from "./digest-client";
import { requestToken, revokeToken, RevokeRefusedError, type TokenEndpoint } from "./oauth-endpoint";

/** The official provider's `ReuseTokenSourceWithExpiry(…, 10*time.Minute)`. */
export const RENEW_AHEAD_MS = 10 * 60_000;

interface HeldToken {
  token: string;
  expiresAt: number;
  renewAt: number;
}

/** Where a token comes from: a TokenSource, or a fixed pre-minted access token. */
export interface BearerTokens {
  /** A token that should be valid now. */
  token(exchange: ExchangeFn): Promise<string>;
  /** Drop `token` (Atlas answered 401 to it) so the next `token()` mints a new one. */
  invalidate(token: string): void;
  /** True when `invalidate` + `token` can yield a different token. */
  readonly renewable: boolean;
  /** Tokens held or minted, for redaction. */
  known(): string[];
}

export class TokenSource implements BearerTokens {
  readonly renewable = true;
  /** Token requests sent (benchmark, tests). */
  requests = 0;
  #held?: HeldToken;
  #pending?: Promise<HeldToken>;
  #exchange?: ExchangeFn;
  /** Minted and neither revoked nor refused, with their expiry. */
  readonly #minted = new Map<string, number>();
  /** Every token ever held, for redaction. */
  readonly #seen = new Set<string>();

  constructor(
    readonly endpoint: TokenEndpoint,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  async token(exchange: ExchangeFn): Promise<string> {
    this.#exchange = exchange;
    const held = this.#held;
    if (held && this.now() < held.renewAt) return held.token;
    this.#pending ??= this.#mint(exchange).finally(() => (this.#pending = undefined));
    try {
      return (await this.#pending).token;
    } catch (error) {
      // A failed early renewal is not a failure yet: the old token still works.
      if (held && this.#held === held && this.now() < held.expiresAt) return held.token;
      throw error;
    }
  }

  invalidate(token: string): void {
    this.#minted.delete(token); // refused already: nothing to revoke
    if (this.#held?.token === token) this.#held = undefined;
  }

  known(): string[] {
    return [...this.#seen];
  }

  /**
   * Revoke every unexpired token minted here; never throws. Resolves to how many Atlas accepted.
   * The exchange of the client that last asked for a token is tried first; a client closed since
   * (a short-lived reader: the `auto` probe, a download verification) cannot send, so then a plain
   * exchange of this process sends the revocation instead: a token must not outlive its client's
   * close just because the client is gone.
   */
  async revokeMinted(signal?: AbortSignal, fallback: ExchangeFn = plainExchange): Promise<number> {
    const exchange = this.#exchange;
    if (!exchange) return 0;
    const live = [...this.#minted].filter(([, expiresAt]) => this.now() < expiresAt).map(([t]) => t);
    this.#minted.clear();
    this.#held = undefined;
    const revoke = async (t: string) => {
      try {
        await revokeToken(this.endpoint, exchange, t, signal);
      } catch (e) {
        if (e instanceof RevokeRefusedError || signal?.aborted) throw e;
        await revokeToken(this.endpoint, fallback, t, signal);
      }
    };
    const results = await Promise.allSettled(live.map(revoke));
    return results.filter((r) => r.status === "fulfilled").length;
  }

  async #mint(exchange: ExchangeFn): Promise<HeldToken> {
    this.requests += 1;
    const askedAt = this.now();
    const { token, lifetimeMs } = await requestToken(this.endpoint, exchange, this.log);
    const expiresAt = askedAt + lifetimeMs;
    const held = { token, expiresAt, renewAt: expiresAt - Math.min(RENEW_AHEAD_MS, lifetimeMs / 2) };
    for (const [t, at] of this.#minted) if (at <= askedAt) this.#minted.delete(t);
    this.#minted.set(token, expiresAt);
    this.#seen.add(token);
    this.#held = held;
    this.log(`service-account token minted (expires in ${Math.round(lifetimeMs / 1000)} s, renewed ${Math.round((expiresAt - held.renewAt) / 1000)} s early)`);
    return held;
  }
}

/** A pre-minted access token: used as is, never renewed nor revoked. */
export class StaticToken implements BearerTokens {
  readonly renewable = false;
  constructor(private readonly value: string) {}
  async token(): Promise<string> {
    return this.value;
  }
  invalidate(): void {}
  known(): string[] {
    return [this.value];
  }
}

/** A revoke answer is empty: anything longer is not read. */
const MAX_REVOKE_ANSWER_BYTES = 4096;

/** One request through undici's default dispatcher, for a revocation whose client is closed (its answer's body is not read). */
async function plainExchange(url: string, init: ExchangeInit): Promise<BufferedResponse> {
  const { request } = await import("undici");
  const res = await request(url, { method: init.method as "POST", headers: init.headers, body: init.body, signal: init.signal });
  await res.body.dump({ limit: MAX_REVOKE_ANSWER_BYTES }).catch(() => undefined);
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
  return { status: res.statusCode, headers, text: "" };
}

const sources = new Map<string, TokenSource>();

/** The process-wide TokenSource of this origin, client id and secret (the secret only as a hash). */
export function tokenSourceFor(endpoint: TokenEndpoint, now: () => number, log: (line: string) => void): TokenSource {
  const secretHash = createHash("sha256").update(endpoint.clientSecret).digest("hex");
  const key = `${endpoint.origin}\n${endpoint.clientId}\n${secretHash}`;
  let source = sources.get(key);
  if (!source) {
    source = new TokenSource(endpoint, now, log);
    sources.set(key, source);
  }
  return source;
}

/**
 * Best-effort revocation of every token this process minted, for a clean exit: bounded by
 * `timeoutMs`, never throws. Resolves to how many revocations Atlas accepted (200).
 */
export async function revokeMintedTokens(timeoutMs = 2_000): Promise<number> {
  const signal = AbortSignal.timeout(timeoutMs);
  const timeout = new Promise<number>((resolve) => {
    const timer = setTimeout(() => resolve(0), timeoutMs);
    timer.unref();
  });
  const all = Promise.all([...sources.values()].map((s) => s.revokeMinted(signal))).then((n) => n.reduce((a, b) => a + b, 0));
  return Promise.race([all.catch(() => 0), timeout]);
}

/** Forget every TokenSource (tests). */
export function resetTokenSources(): void {
  sources.clear();
}

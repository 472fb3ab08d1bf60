/**
 * `Authorization: Bearer <token>` on API requests. A 401 to a token that should be valid (it was
 * revoked, or Atlas expired it early) drops that token; a GET is then re-sent once with a fresh
 * one. A POST is never re-sent: nothing in the reference proves a 401 POST was not acted on, and
 * an automated restore wipes its target. The 401 then reaches the caller, and the next request
 * gets a fresh token.
 */
import type { Authenticator } from "./authenticator";
import type { BufferedResponse, ExchangeFn, ExchangeInit } from "./digest-client";
import type { BearerTokens } from "./oauth-token-source";

export function createBearerAuthenticator(tokens: BearerTokens, exchange: ExchangeFn, log: (line: string) => void): Authenticator {
  const send = async (url: string, init: ExchangeInit, token: string): Promise<BufferedResponse> =>
    exchange(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
  return {
    async fetch(url, init) {
      const token = await tokens.token(exchange);
      const res = await send(url, init, token);
      if (res.status !== 401 || !tokens.renewable) return res;
      tokens.invalidate(token);
      if (init.method !== "GET") {
        log(`${init.method} -> 401 to Bearer [REDACTED]: token dropped; a ${init.method} is never re-sent`);
        return res;
      }
      log("GET -> 401 to Bearer [REDACTED]: retrying once with a fresh token");
      return send(url, init, await tokens.token(exchange));
    },
    secrets: () => tokens.known(),
  };
}

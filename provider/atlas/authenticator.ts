/**
 * How an API request is authenticated. Digest (an API key pair, digest-client.ts) and Bearer (a
 * service account or a pre-minted access token, bearer-auth.ts) both implement `Authenticator`;
 * the attempt (attempt.ts) does not know which one it holds.
 */
import { createBearerAuthenticator } from "./bearer-auth";
import type { Credential } from "./credentials";
import { createDigestFetcher, type BufferedResponse, type ExchangeFn, type ExchangeInit } from "./digest-client";
import { StaticToken, tokenSourceFor } from "./oauth-token-source";

export interface Authenticator {
  /** Send one API request authenticated; may take more than one exchange (challenge, fresh token). */
  fetch(url: string, init: ExchangeInit): Promise<BufferedResponse>;
  /** Credentials it holds beyond the configured ones (tokens), for redaction. */
  secrets(): string[];
}

export interface AuthenticatorDeps {
  exchange: ExchangeFn;
  /** e.g. `https://cloud.mongodb.com`: the token endpoint lives at its `/api/oauth/token`. */
  origin: string;
  userAgent: string;
  /** Clock token expiry is measured on. */
  now: () => number;
  log: (line: string) => void;
}

export function createAuthenticator(credential: Credential, deps: AuthenticatorDeps): Authenticator {
  switch (credential.kind) {
    case "api-key": {
      const digest = createDigestFetcher(credential.publicKey, credential.privateKey, deps.exchange);
      return { fetch: (url, init) => digest.fetch(url, init), secrets: () => [] };
    }
    case "service-account": {
      const { clientId, clientSecret } = credential;
      const source = tokenSourceFor({ origin: deps.origin, clientId, clientSecret, userAgent: deps.userAgent }, deps.now, deps.log);
      return createBearerAuthenticator(source, deps.exchange, deps.log);
    }
    case "access-token":
      return createBearerAuthenticator(new StaticToken(credential.accessToken), deps.exchange, deps.log);
  }
}

/**
 * What a token endpoint error means and what to do (atlas-v2-and-auth.md §3.1), as a table keyed
 * by the OAuth `error` (or Atlas `errorCode`), with a fallback by HTTP status. Every message
 * states that the API request itself was not sent: minting the token failed first.
 */

export interface TokenErrorFacts {
  status: number;
  /** OAuth `error` (`invalid_client`, `access_denied`) or Atlas `errorCode` (`RATE_LIMITED`). */
  errorCode?: string;
  /** `error_description` or Atlas `detail`, already redacted. */
  detail?: string;
  retryAfterMs?: number;
  /** e.g. `https://cloud.mongodb.com`. */
  origin: string;
}

type Hint = (f: TokenErrorFacts) => string;

const SA_SETTINGS =
  "mongodbatlas:clientId / mongodbatlas:clientSecret (or MONGODB_ATLAS_CLIENT_ID / MONGODB_ATLAS_CLIENT_SECRET)";

const invalidClient: Hint = () =>
  `Atlas does not accept this client id and secret. Check ${SA_SETTINGS}: the client id is the ` +
  "service account's (mdb_sa_id_…), the secret one of its secrets (mdb_sa_sk_…). Secrets expire: " +
  "if it has, create a new one in Organization Access Manager > Service Accounts.";
const tokenCap: Hint = () =>
  "Atlas refuses a new token: this service account already holds its maximum of 100 live access " +
  "tokens. Tokens live one hour; other processes using the same service account (CI jobs that exit " +
  "without revoking their tokens, tools that mint a token per request) have used them up. Wait for " +
  "some to expire or revoke them, or give this stack its own service account.";
const rateLimited: Hint = (f) =>
  "The token endpoint is rate limited: Atlas counts token requests per IP address and service " +
  "account. This process asks for one token per hour; other processes using this service account " +
  "from this address are asking too. " +
  (f.retryAfterMs === undefined ? "Wait a minute, then retry." : `Atlas asks to wait ${Math.ceil(f.retryAfterMs / 1000)} s.`);
const badRequest: Hint = (f) =>
  `The token endpoint rejected the request itself. Check that baseUrl points at Atlas (${f.origin}) ` +
  "and that no proxy rewrites requests.";

const BY_CODE: Readonly<Record<string, Hint>> = {
  invalid_client: invalidClient,
  unauthorized_client: invalidClient,
  access_denied: tokenCap,
  RATE_LIMITED: rateLimited,
  RATE_LIMITED_TOKEN_BUCKET: rateLimited,
  invalid_request: badRequest,
  unsupported_grant_type: badRequest,
  invalid_grant: badRequest,
};

const BY_STATUS: Readonly<Record<number, Hint>> = {
  400: badRequest,
  401: invalidClient,
  403: () => "Check the service account in Organization Access Manager > Service Accounts.",
  404: (f) =>
    `${f.origin} does not serve /api/oauth/token: service accounts need Atlas or Cloud Manager ` +
    "(Ops Manager takes API keys only). Check baseUrl, or use an API key.",
  429: rateLimited,
};

const serverError: Hint = (f) => `The token endpoint answered ${f.status}; try again later.`;

/** `Getting a service-account token (POST /api/oauth/token) failed: 401 invalid_client: … What to do.` */
export function tokenErrorMessage(f: TokenErrorFacts): string {
  const hint = BY_CODE[f.errorCode ?? ""] ?? BY_STATUS[f.status] ?? (f.status >= 500 ? serverError : () => "");
  const detail = (f.detail ?? "").trim().replace(/\.$/, "");
  const head = `Getting a service-account token (POST /api/oauth/token) failed: ${f.status}${f.errorCode ? ` ${f.errorCode}` : ""}`;
  return `${head}${detail ? `: ${detail}` : ""}. The API request was not sent. ${hint(f)}`.trim();
}

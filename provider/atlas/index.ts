/** Barrel of the Atlas legacy restore-jobs client. Wiring only. */
export { AtlasClient } from "./client";
export type { AtlasClientOptions } from "./options";
export type { AtlasClientStats } from "./send-with-retry";
export { resolveApiBase, DEFAULT_BASE_URL, isLoopbackHost } from "./base-url";
export type { ApiFlavour, ResolvedApiBase } from "./base-url";
export {
  ATLAS_ERROR_BRAND,
  AtlasError,
  AtlasApiError,
  AtlasNetworkError,
  AtlasTimeoutError,
  AtlasBadResponseError,
  AtlasConfigError,
  AtlasInvalidArgumentError,
  AtlasAbortedError,
} from "./errors";
export type { AtlasErrorCode, RequestOutcome, TimeoutPhase } from "./errors";
export {
  isAtlasError,
  isAtlasApiError,
  isAtlasNetworkError,
  isAtlasTimeoutError,
  isAtlasBadResponseError,
  isAtlasConfigError,
  isAtlasInvalidArgumentError,
  isAtlasAbortedError,
} from "./guards";
export { defaultRetryPolicy, decideRetry, normalizeRetryPolicy } from "./retry-policy";
export type { RetryPolicy, RetryInput } from "./retry-policy";
export { parseRetryAfter } from "./retry-after";
export { sleep } from "./sleep";
export {
  SlidingWindowLimiter,
  projectLimiter,
  resetRateLimiters,
  systemClock,
  DEFAULT_REQUESTS_PER_MINUTE,
} from "./rate-limiter";
export type { Clock, RateLimiterOptions } from "./rate-limiter";
export { redact, REDACTED } from "./redact";
export { withRequestPriority, requestPriority, isNoSpareBudget, NoSpareBudgetError, type RequestPriority } from "./request-priority";
export { revokeMintedTokens, resetTokenSources, RENEW_AHEAD_MS } from "./oauth-token-source";
export type { CredentialKind } from "./credentials";
export { restoreJobsPath, checkObjectId, checkClusterName, MAX_ITEMS_PER_PAGE } from "./paths";
export { VERSION, USER_AGENT } from "./version";
export * from "./models";
export * from "./cloud-backup";
export { serverDateOf, stampServerDate } from "./server-date";

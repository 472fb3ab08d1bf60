/**
 * Type guards for the Atlas error family, keyed on the `Symbol.for` brand plus the stable `code`
 * (not `instanceof`, which fails across jest realms and duplicate module copies).
 */
import {
  ATLAS_ERROR_BRAND,
  type AtlasAbortedError,
  type AtlasApiError,
  type AtlasBadResponseError,
  type AtlasConfigError,
  type AtlasError,
  type AtlasErrorCode,
  type AtlasInvalidArgumentError,
  type AtlasNetworkError,
  type AtlasTimeoutError,
} from "./errors";

export function isAtlasError(value: unknown): value is AtlasError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { [ATLAS_ERROR_BRAND]?: unknown })[ATLAS_ERROR_BRAND] === true &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

function hasCode<T extends AtlasError>(code: AtlasErrorCode) {
  return (value: unknown): value is T => isAtlasError(value) && value.code === code;
}

export const isAtlasApiError = hasCode<AtlasApiError>("ATLAS_API_ERROR");
export const isAtlasNetworkError = hasCode<AtlasNetworkError>("ATLAS_NETWORK_ERROR");
export const isAtlasTimeoutError = hasCode<AtlasTimeoutError>("ATLAS_TIMEOUT");
export const isAtlasBadResponseError = hasCode<AtlasBadResponseError>("ATLAS_BAD_RESPONSE");
export const isAtlasConfigError = hasCode<AtlasConfigError>("ATLAS_CONFIG_ERROR");
export const isAtlasInvalidArgumentError =
  hasCode<AtlasInvalidArgumentError>("ATLAS_INVALID_ARGUMENT");
export const isAtlasAbortedError = hasCode<AtlasAbortedError>("ATLAS_ABORTED");

/** HTTP status of an API or bad-response error, if any. */
export function statusOf(error: AtlasError): number | undefined {
  const status = (error as { status?: unknown }).status;
  return typeof status === "number" ? status : undefined;
}

/** OS / undici error code of a network or timeout error, if any. */
export function osCodeOf(error: AtlasError): string | undefined {
  const osCode = (error as { osCode?: unknown }).osCode;
  return typeof osCode === "string" ? osCode : undefined;
}

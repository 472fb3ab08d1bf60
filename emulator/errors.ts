/**
 * Atlas error bodies (atlas-restore-api.md §5.1) and the table of codes the emulator answers
 * with (§5.2, §2.3, §5.3). Templates are the documented `detail` texts, with `{n}` standing for
 * the n-th entry of `parameters`. Sources: A-err (Atlas table), CM-err (Cloud Manager table).
 */
import { STATUS_CODES } from "node:http";
import type { ApiErrorBody } from "../provider/atlas/models";

interface ErrorSpec {
  readonly status: number;
  readonly template: string;
  /** The wire `errorCode` when it differs from the table key (one code, two documented texts). */
  readonly errorCode?: string;
}

/** Policy as data: every code the emulator emits, with its HTTP status and documented detail. */
export const ERROR_CODES = {
  // §5.2 project / cluster / job / snapshot lookups (A-err).
  GROUP_NOT_FOUND: { status: 404, template: "No group with ID {0} exists." },
  INVALID_GROUP_ID: { status: 404, template: "An invalid group ID {0} was specified." },
  CLUSTER_NAME_NOT_FOUND: { status: 404, template: "No cluster with name {0} exists in group {1}." },
  CLUSTER_NOT_FOUND: { status: 404, template: "No cluster with ID {0} exists in group {1}." },
  // The v2 API answers a missing cluster *name* with CLUSTER_NOT_FOUND and this text (the Atlas
  // CLI handles this code, CLI `restores/describe.go`; the text as clients quote it).
  CLUSTER_NAMED_NOT_FOUND: { status: 404, errorCode: "CLUSTER_NOT_FOUND", template: "No cluster named {0} exists in group {1}." },
  SNAPSHOT_NOT_FOUND: { status: 404, template: "No snapshot with ID {0} exists for cluster {1}." },
  CHECKPOINT_NOT_FOUND: { status: 404, template: "No checkpoint with ID {0} exists for cluster {1}." },
  RESTORE_JOB_NOT_FOUND: { status: 404, template: "No restore job with ID {0} exists for cluster {1}." },
  RESOURCE_NOT_FOUND: { status: 404, template: "Cannot find resource {0}." },
  // D-ERR 409: a restore of a snapshot Atlas has deleted (it expired, or someone deleted it).
  CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT: { status: 409, template: "Cannot start restore job for deleted snapshot {0}." },
  // Not documented (the emulator's names): HTTP-level refusals, so every error body has the five fields.
  UNAUTHORIZED: { status: 401, template: "You are not authorized for this resource." },
  METHOD_NOT_ALLOWED: { status: 405, template: "{0} is not allowed on {1}; use {2}." },
  PAYLOAD_TOO_LARGE: { status: 413, template: "The request body is over {0} bytes." },
  INVALID_REQUEST_TARGET: { status: 400, template: "The emulator serves paths only (such as /api/atlas/v1.0/groups/…); {0} with this request target is not supported." },
  // Generic request errors (A-err; INVALID_QUERY_PARAMETER, INVALID_JSON*, INVALID_ENUM_VALUE and
  // MISSING_ONE_OF_ATTRIBUTES are from CM-err, the closest documented codes).
  INVALID_ATTRIBUTE: { status: 400, template: "Invalid attribute {0} specified." },
  MISSING_ATTRIBUTE: { status: 400, template: "The required attribute {0} was not specified." },
  MISSING_ONE_OF_ATTRIBUTES: {
    status: 400,
    template: "Either the {0} attribute or the {1} attribute must be specified.",
  },
  INVALID_JSON: { status: 400, template: "Received JSON does not match expected format." },
  INVALID_JSON_ATTRIBUTE: {
    status: 400,
    template: "Received JSON for the {0} attribute does not match expected format.",
  },
  INVALID_ENUM_VALUE: { status: 400, template: "An invalid enumeration value {0} was specified." },
  INVALID_PATH_PARAMETER: { status: 400, template: "Invalid path parameter {0} specified." },
  INVALID_QUERY_PARAMETER: { status: 400, template: "Invalid query parameter {0} specified." },
  // §2.3 restore semantics (A-err).
  UNSUPPORTED_DELIVERY_METHOD: { status: 400, template: "The specified delivery method is not supported." },
  AUTOMATED_RESTORE_OF_SHARD_NOT_ALLOWED: {
    status: 400,
    template: "Not allowed to do an automated restore of individual shard snapshots of a sharded cluster.",
  },
  // "targert" (sic) is the documented text (A-err); kept so logs match real Atlas.
  INVALID_SNAPSHOT_RESTORE_ENCRYPTION: {
    status: 400,
    template: "Encryption settings of targert cluster and source snapshot are different.",
  },
  CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION: {
    status: 400,
    template: "Cannot download snapshots with Encryption at Rest enabled.",
  },
  // §5.2 access list (third-party observation) and §5.3 rate limit (CM-err template).
  IP_ADDRESS_NOT_ON_ACCESS_LIST: {
    status: 403,
    template: "IP address {0} is not allowed to access this resource.",
  },
  RATE_LIMITED: { status: 429, template: "Resource {0} is limited to {1} requests every {2} minutes." },
  UNEXPECTED_ERROR: { status: 500, template: "Unexpected error." },
  // Download server (§3.3): no documented codes; these mirror the delivery statusName values.
  MAX_DOWNLOADS_EXCEEDED: {
    status: 410,
    template: "The download link for restore job {0} has been used the maximum number of times ({1}).",
  },
  EXPIRED: { status: 410, template: "The download link for restore job {0} expired at {1}." },
  // Cloud Backup (v2) codes, atlas-v2-and-auth.md §1.5 (D-ERR) and §6.
  INCORRECT_BACKUP_API_ENDPOINT: {
    status: 400,
    template: "Incorrect Public API endpoint for Cloud Backups. Please use the following end point: {0}.",
  },
  CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API: { status: 400, template: "Flex cluster {0} cannot be used in the Cluster API." },
  // Not documented (the OpenAPI says only "wait until Atlas completes" the previous one).
  ON_DEMAND_SNAPSHOT_IN_PROGRESS: { status: 400, template: "An on-demand snapshot ({0}) is still queued or in progress; wait until it completes." },
  CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API: { status: 400, template: "Cannot use non-flex cluster {0} in the flex API." },
  TENANT_RESTORE_NOT_FOUND: { status: 404, template: "No restore job with ID {0} exists for flex cluster {1}." },
  TENANT_SNAPSHOT_NOT_FOUND: { status: 404, template: "No snapshot with ID {0} exists for flex cluster {1}." },
  ATLAS_CLUSTER_RESTORE_IN_PROGRESS: { status: 409, template: "Cluster restore already in progress." },
  CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT: {
    status: 409,
    template: "Cannot start restore job for incomplete cluster snapshot {0}.",
  },
  CANNOT_DOWNLOAD_INCOMPLETE_SNAPSHOT: { status: 409, template: "Cannot download incomplete snapshot {0}." },
  INVALID_RESTORE_PROCESS: { status: 409, template: "Process is not valid for automated restore." },
  CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY: {
    status: 400,
    template: "Cannot download snapshot {0} concurrently: there is already an active download for that snapshot.",
  },
  TOO_MANY_SNAPSHOT_DOWNLOADS: { status: 400, template: "The project is at its limit for active downloads ({0})." },
  INVALID_PIT_RESTORE_TIME: { status: 400, template: "Please provide a valid UTC time or an operation time (ts)." },
  // "T0" with a zero is the documented code (D-ERR).
  UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME: {
    status: 404,
    template: "Unable to find a snapshot prior to the point-in-time restore optime {0}.",
  },
  CANNOT_CANCEL_AUTOMATED_RESTORE: { status: 400, template: "Cannot cancel an automated restore." },
  ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED: { status: 405, template: "Cancelling a shard restore job is not allowed." },
  INVALID_VERSION_DATE: { status: 400, template: "There is no version number in the request." },
  VERSION_GONE: { status: 410, template: "The API version {0} has been sunset." },
  RATE_LIMITED_TOKEN_BUCKET: {
    status: 429,
    template: "Resource {0} is rate limited: retry after {1} seconds (capacity {2}, refill {3} every {4} seconds).",
  },
} as const satisfies Record<string, ErrorSpec>;

export type AtlasErrorCode = keyof typeof ERROR_CODES;

/** A decided error, not yet serialized. `note` is appended to the documented detail. */
export interface AtlasErrorSpec {
  readonly code: AtlasErrorCode;
  readonly parameters: readonly unknown[];
  readonly note?: string;
}

export function atlasError(code: AtlasErrorCode, parameters: readonly unknown[] = [], note?: string): AtlasErrorSpec {
  return { code, parameters, note };
}

export function isAtlasErrorSpec(value: unknown): value is AtlasErrorSpec {
  return typeof value === "object" && value !== null && "code" in value && "parameters" in value
    && typeof (value as { code: unknown }).code === "string" && Object.hasOwn(ERROR_CODES, (value as { code: string }).code);
}

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Unknown";
}

/** Serialize to the five-field body of §5.1. */
export function errorBody(spec: AtlasErrorSpec): ApiErrorBody {
  const { status, template } = ERROR_CODES[spec.code];
  const filled = template.replace(/\{(\d+)\}/g, (_, i: string) => String(spec.parameters[Number(i)] ?? ""));
  return {
    detail: spec.note ? `${filled} ${spec.note}` : filled,
    error: status,
    errorCode: (ERROR_CODES[spec.code] as ErrorSpec).errorCode ?? spec.code,
    parameters: [...spec.parameters],
    reason: reasonPhrase(status),
  };
}

export function errorStatus(spec: AtlasErrorSpec): number {
  return ERROR_CODES[spec.code].status;
}

/**
 * §6: the 401 of a missing or failed digest / Bearer. Live Atlas was observed answering it
 * without `errorCode`; the OpenAPI `ApiError` (and so the v2 SDK's error model) requires one, so
 * the emulator sends the documented shape with `UNAUTHORIZED` (docs/atlas-api-facts.md).
 */
export const UNAUTHORIZED_BODY: ApiErrorBody = errorBody(atlasError("UNAUTHORIZED"));

/**
 * The versioned media type of the Admin API v2 (atlas-v2-and-auth.md §1.2). The restore-job and
 * snapshot operations exist in version 2023-01-01 only. Where the reference is uncertain (§8),
 * the emulator chooses, and emulator/README.md documents:
 *   Accept without `application/vnd.atlas.<date>+json`   → 406 INVALID_VERSION_DATE (D-VER says 406)
 *   `application/vnd.atlas.<not a date>+json`            → 400 INVALID_VERSION_DATE (D-ERR)
 *   a known later date (versions.json, e.g. 2025-03-12)  → served as 2023-01-01 (the SDK's own
 *                                                          samples send it to these endpoints)
 *   any other date, or `preview`                         → 406 (no such version of the resource)
 *   version status "sunset"                              → 410 VERSION_GONE
 * Success answers carry `Content-Type: application/vnd.atlas.2023-01-01+json;charset=utf-8` (a 204
 * too, REC `DELETE …/backup/snapshots/{id}`), errors plain `application/json` (REC).
 */
import { atlasError } from "../errors";
import type { EmuResponse } from "../router";
import { apiError, json } from "../router";

export const V2_PREFIX = "/api/atlas/v2";
/** The version of the backup resources (restore jobs, snapshots, legacy restore jobs on v2). */
export const RESOURCE_VERSION = "2023-01-01";

/** The SDK's version dates (atlas-openapi/versions.json); a later one resolves down to the resource's newest older one. */
const KNOWN_VERSIONS = new Set([
  "2023-01-01", "2023-02-01", "2023-10-01", "2023-11-15", "2024-05-30",
  "2024-08-05", "2024-10-23", "2024-11-13", "2025-02-19", "2025-03-12",
]);

/**
 * The versions each resource is served in (SPEC `x-xgen-version`), first match wins. The cluster
 * GET the Atlas CLI probes answers `ClusterDescription20240805` (REC: `Content-Type:
 * application/vnd.atlas.2024-08-05+json`); the Flex backup resources are 2024-11-13.
 */
const RESOURCE_VERSIONS: readonly { readonly path: RegExp; readonly versions: readonly string[] }[] = [
  { path: /^\/api\/atlas\/v2\/groups\/[^/]+\/flexClusters\//, versions: ["2024-11-13"] },
  { path: /^\/api\/atlas\/v2\/groups\/[^/]+\/clusters\/[^/]+\/?$/, versions: ["2024-08-05"] },
];

export function resourceVersions(path: string): readonly string[] {
  return RESOURCE_VERSIONS.find((r) => r.path.test(path))?.versions ?? [RESOURCE_VERSION];
}

/** `current`; `deprecated` adds Deprecation / Sunset headers; `sunset` answers 410 VERSION_GONE. */
export type VersionStatus = "current" | "deprecated" | "sunset";

/** The dates a deprecated version announces (the form REC observed on another resource). */
export const DEPRECATION_HEADERS = {
  deprecation: "Mon, 5 Aug 2024 00:00:00 GMT",
  sunset: "Thu, 1 Jul 2027 00:00:00 GMT",
} as const;

export type Negotiated = { readonly ok: true; readonly version: string } | { readonly ok: false; readonly response: EmuResponse };

function notAcceptable(detail: string): EmuResponse {
  return json(
    { detail, error: 406, errorCode: "INVALID_VERSION_DATE", parameters: [], reason: "Not Acceptable" },
    { status: 406 },
  );
}

/**
 * Decide the resource version of one v2 request from its Accept header and the versions the
 * resource is served in (`resourceVersions`). `status` is the lifecycle of version 2023-01-01.
 */
export function negotiateVersion(accept: string | string[] | undefined, status: VersionStatus, offered: readonly string[] = [RESOURCE_VERSION]): Negotiated {
  const newest = offered.at(-1) ?? RESOURCE_VERSION;
  const text = (Array.isArray(accept) ? accept.join(",") : accept ?? "").toLowerCase();
  const m = /application\/vnd\.atlas\.([^+;,\s]+)\+json/.exec(text);
  if (!m) {
    return {
      ok: false,
      response: notAcceptable(`There is no version number in the request. Send Accept: application/vnd.atlas.${newest}+json.`),
    };
  }
  const date = m[1];
  if (date !== "preview" && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return { ok: false, response: apiError(atlasError("INVALID_VERSION_DATE", [date])) };
  // ISO dates compare as strings: the newest offered version not later than the one asked for.
  const version = KNOWN_VERSIONS.has(date) ? offered.filter((v) => v <= date).at(-1) : undefined;
  if (!version) {
    return { ok: false, response: notAcceptable(`Version ${date} does not exist for this resource; use ${newest}.`) };
  }
  if (status === "sunset" && version === RESOURCE_VERSION) return { ok: false, response: apiError(atlasError("VERSION_GONE", [RESOURCE_VERSION])) };
  return { ok: true, version };
}

/** Headers every v2 answer gets: versioned content type on success, X-Error-Code on errors (REC). */
export function v2Headers(r: EmuResponse, version: string | undefined, status: VersionStatus): Record<string, string> {
  const headers: Record<string, string> = {};
  const errorCode = (r.json as { errorCode?: unknown } | undefined)?.errorCode;
  if (r.status >= 400) {
    if (typeof errorCode === "string") headers["x-error-code"] = errorCode;
  } else if (version && (r.json !== undefined || r.status === 204)) {
    headers["content-type"] = `application/vnd.atlas.${version}+json;charset=utf-8`;
  }
  if (status === "deprecated" && version === RESOURCE_VERSION) Object.assign(headers, DEPRECATION_HEADERS);
  return headers;
}

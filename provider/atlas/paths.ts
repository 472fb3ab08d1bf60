/**
 * API paths of the legacy restore-jobs resource (`atlas-restore-api.md` §1), built only from
 * validated parameters. Validation happens before any I/O and the values are then
 * percent-encoded, so no input (`../`, `?`, `#`, `%2F`, spaces) can address another path.
 */
import { AtlasInvalidArgumentError } from "./errors";
import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "./models";
import { quote } from "./redact";

/** Largest `itemsPerPage` the API accepts (§4). */
export const MAX_ITEMS_PER_PAGE = 500;

function check(argument: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new AtlasInvalidArgumentError(
      `${argument} ${quote(value)} is invalid: expected ${expected} (pattern ${pattern.source}).`,
      argument,
    );
  }
  return value;
}

/** A 24-hex ObjectId such as a project (group), job or batch id. */
export function checkObjectId(argument: string, value: unknown): string {
  return check(argument, value, OBJECT_ID_PATTERN, "a 24-character lowercase hexadecimal id");
}

/**
 * An Atlas cluster name. On Cloud/Ops Manager (`/api/public/v1.0`) a cluster is addressed by its
 * 24-hex id, which also matches this pattern.
 */
export function checkClusterName(value: unknown): string {
  return check(
    "clusterName",
    value,
    CLUSTER_NAME_PATTERN,
    "a cluster name of ASCII letters, digits and hyphens, not starting with a hyphen " +
      "(or, on Cloud/Ops Manager, the cluster's 24-hex id)",
  );
}

/** `/groups/{projectId}/clusters/{clusterName}/restoreJobs[/{jobId}]`, validated and encoded. */
export function restoreJobsPath(projectId: unknown, clusterName: unknown, jobId?: unknown): string {
  const base =
    `/groups/${encodeURIComponent(checkObjectId("projectId", projectId))}` +
    `/clusters/${encodeURIComponent(checkClusterName(clusterName))}/restoreJobs`;
  return jobId === undefined
    ? base
    : `${base}/${encodeURIComponent(checkObjectId("jobId", jobId))}`;
}

/** `/groups/{projectId}/clusters/{clusterName}/snapshots` (legacy backup), validated and encoded. */
export function snapshotsPath(projectId: unknown, clusterName: unknown): string {
  return restoreJobsPath(projectId, clusterName).replace(/\/restoreJobs$/, "/snapshots");
}

export interface ListQuery {
  batchId?: unknown;
  itemsPerPage?: unknown;
  pageNum?: number;
}

/** Query string (with leading `?`, or empty) for a list request. */
export function listQuery(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.batchId !== undefined) params.set("batchId", checkObjectId("batchId", query.batchId));
  if (query.itemsPerPage !== undefined) {
    const n = query.itemsPerPage;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_ITEMS_PER_PAGE) {
      throw new AtlasInvalidArgumentError(
        `itemsPerPage ${quote(n)} is invalid: expected an integer from 1 to ${MAX_ITEMS_PER_PAGE}.`,
        "itemsPerPage",
      );
    }
    params.set("itemsPerPage", String(n));
  }
  if (query.pageNum !== undefined) params.set("pageNum", String(query.pageNum));
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** Path for messages and logs: 24-hex ids shortened to their first 4 digits (`6b99…`). */
export function displayPath(path: string): string {
  return path.replace(/\b([a-f0-9]{4})[a-f0-9]{20}\b/g, "$1…");
}

/** `{ projectId, clusterName, jobId }` recovered from a restore-jobs path, for error hints. */
export function pathParams(path: string | undefined): Record<string, string> {
  // Legacy `…/restoreJobs[/id]` and v2 `…/backup/restoreJobs[/id]` / `…/backup/snapshots…`.
  const match = /^\/groups\/([^/?]+)\/clusters\/([^/?]+)\/(?:(?:backup\/)?restoreJobs(?:\/([^/?]+))?|backup\/snapshots)/.exec(
    path ?? "",
  );
  if (!match) return {};
  const out: Record<string, string> = {
    projectId: decodeURIComponent(match[1]),
    clusterName: decodeURIComponent(match[2]),
  };
  if (match[3] !== undefined) out.jobId = decodeURIComponent(match[3]);
  return out;
}

/**
 * What an Atlas error means and what to do about it, as a table keyed by `errorCode`, with a
 * fallback keyed by HTTP status. Codes come from `atlas-restore-api.md` §5.2 (Atlas and Cloud
 * Manager error tables, plus observed access-list codes).
 */
import type { ApiFlavour } from "./base-url";
import type { CredentialKind } from "./credentials";
import type { RequestOutcome } from "./errors";
import { displayPath, pathParams } from "./paths";

export interface ApiErrorFacts {
  method: string;
  path: string;
  status: number;
  errorCode?: string;
  detail?: string;
  reason?: string;
  parameters: unknown[];
  /** `badRequestDetail.fields[].field` from a 400 body. */
  fields: string[];
  apiBase: string;
  origin: string;
  flavour: ApiFlavour;
  /** The credential that was refused. @default "api-key" */
  credential?: CredentialKind;
  /** What the answer proves (request-outcome.ts): a refused POST started nothing. */
  requestOutcome?: RequestOutcome;
}

type Hint = (facts: ApiErrorFacts, p: Record<string, string>) => string;

const KEY_SETTINGS =
  "the API key pair (mongodbatlas:publicKey / mongodbatlas:privateKey, or " +
  "MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY)";

/** Atlas does not document Bearer on the v1.0 paths (atlas-v2-and-auth.md §3.1). */
const V1_BEARER_NOTE =
  "Atlas documents service accounts for the v2 API; whether the legacy v1.0 restore paths accept " +
  "them is undocumented, so if this persists with a valid token, use an API key for this provider.";

/** What a 401 means, per credential. */
const UNAUTHORIZED_BY_CREDENTIAL: Readonly<Record<CredentialKind, Hint>> = {
  "api-key": (_f, p) =>
    `Check ${KEY_SETTINGS}, that the key belongs to the organization that owns project ` +
    `${p.projectId ?? "(projectId)"}, and that this machine is on the key's API access list.`,
  "service-account": (f, p) =>
    "Atlas refused the service account's token (a GET is retried once with a freshly minted one). Check that " +
    `the service account (mongodbatlas:clientId / MONGODB_ATLAS_CLIENT_ID) is a member of the organization that owns project ` +
    `${p.projectId ?? "(projectId)"} with access to it, and that this machine is on its API access list.` +
    (f.method === "POST" ? " The POST was not re-sent; run the operation again (a fresh token is used)." : "") +
    ` ${V1_BEARER_NOTE}`,
  "access-token": () =>
    "Atlas refused the access token (mongodbatlas:accessToken / MONGODB_ATLAS_ACCESS_TOKEN): tokens are valid for " +
    "one hour and are not renewed by this provider; mint a new one, or configure the service account " +
    `(mongodbatlas:clientId / mongodbatlas:clientSecret) instead. ${V1_BEARER_NOTE}`,
};

const IP_PATTERN = /\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/i;

function ipOf(facts: ApiErrorFacts): string | undefined {
  for (const candidate of [...facts.parameters, facts.detail]) {
    const match = typeof candidate === "string" ? IP_PATTERN.exec(candidate) : null;
    if (match) return match[0];
  }
  return undefined;
}

const unauthorized: Hint = (f, p) => UNAUTHORIZED_BY_CREDENTIAL[f.credential ?? "api-key"](f, p);
const accessList: Hint = (f) =>
  `Add ${ipOf(f) ?? "this machine's public IP address"} to the API key's access list ` +
  `(Organization Access Manager > API Keys), then retry.`;
/**
 * The project or cluster Atlas says is missing (`parameters[0]`) when it is not the one in the
 * path: then it is the target of an automated restore (`delivery.target…`), not the source.
 */
function missingTarget(f: ApiErrorFacts, inPath: string | undefined): string | undefined {
  const named = f.parameters[0];
  return typeof named === "string" && inPath !== undefined && named !== inPath ? named : undefined;
}

const project: Hint = (f, p) => {
  const target = missingTarget(f, p.projectId);
  if (target) {
    return `Check delivery.targetProjectId ${target}: no such project is visible to this API key at ${f.apiBase} (it is the target of the automated restore).`;
  }
  return `Check projectId ${p.projectId ?? ""}: no such project is visible to this API key at ${f.apiBase}.`;
};
const cluster: Hint = (f, p) => {
  const target = missingTarget(f, p.clusterName);
  if (target) {
    const field = f.errorCode === "CLUSTER_NAME_NOT_FOUND" ? "delivery.targetClusterName" : "delivery.targetClusterId";
    const inProject = typeof f.parameters[1] === "string" ? ` in project ${f.parameters[1]}` : "";
    return `Check ${field} "${target}": there is no such cluster${inProject} (it is the target of the automated restore).`;
  }
  return (
    `Check clusterName "${p.clusterName ?? ""}": project ${p.projectId ?? ""} has no such cluster` +
    (f.flavour === "public" ? " (Cloud/Ops Manager address a cluster by its 24-hex id)." : ".")
  );
};
const snapshot: Hint = () =>
  "Check snapshotId: that snapshot does not exist for this cluster (it may have expired); " +
  "list the cluster's snapshots and pick an existing one.";
const checkpoint: Hint = () =>
  "Check checkpointId: that checkpoint does not exist for this cluster (sharded clusters only).";
const job: Hint = (_f, p) =>
  `Check the restore job id${p.jobId ? ` ${p.jobId}` : ""}: it does not exist for cluster ` +
  `"${p.clusterName ?? ""}" in project ${p.projectId ?? ""} (it may belong to another cluster).`;
const rateLimited: Hint = () =>
  "Rate limited: Atlas allows 100 requests per minute per project. Wait a minute, lower " +
  "requestsPerMinute, or check for other clients using the same project.";
const apiBaseSwitch = (suffix: string, what: string): Hint => (f, p) =>
  `Project ${p.projectId ?? ""} is ${what}: set baseUrl to ${f.origin}${suffix}.`;

const V2_VERSION = "application/vnd.atlas.2023-01-01+json";
/** Cloud Backup (Admin API v2) codes, atlas-v2-and-auth.md §1.2, §1.5, §6. */
const CLOUD_BACKUP_HINTS: Readonly<Record<string, Hint>> = {
  // The path says which API was used: a legacy path means the cluster uses Cloud Backup.
  INCORRECT_BACKUP_API_ENDPOINT: (f, p) =>
    /\/backup\//.test(f.path)
      ? `Cluster "${p.clusterName ?? ""}" uses legacy backup, not Cloud Backup: use the RestoreJob resource (legacy restore jobs) for it.`
      : `Cluster "${p.clusterName ?? ""}" uses Cloud Backup (every Atlas cluster created since March 2020): use the CloudBackupRestoreJob resource for it, not RestoreJob.`,
  CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API: (_f, p) =>
    `Cluster "${p.clusterName ?? ""}" is a Flex cluster: Flex restores use their own API, which this provider does not support yet (neither RestoreJob nor CloudBackupRestoreJob can restore it).`,
  ATLAS_CLUSTER_RESTORE_IN_PROGRESS: () =>
    "Another restore into the target cluster is still running; wait for it to finish (a second one would wipe the target again).",
  CANNOT_CANCEL_AUTOMATED_RESTORE: () => "Only download restore jobs can be cancelled; an automated or point-in-time restore runs to completion.",
  ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED: () => "A sharded cluster's automated restore cannot be cancelled; it runs to completion.",
  CANNOT_DOWNLOAD_SNAPSHOT_CONCURRENTLY: () => "That snapshot already has an active download; use it, cancel it, or wait until its link expires.",
  TOO_MANY_SNAPSHOT_DOWNLOADS: () => "The project has 20 active downloads (Atlas's limit); cancel some or wait until their links expire.",
  INVALID_VERSION_DATE: () =>
    `Atlas did not accept the API version (this client sends ${V2_VERSION}). Check that no proxy rewrites the Accept header; if Atlas has retired that version, upgrade pulumi-atlas-restore.`,
  VERSION_GONE: () =>
    `Atlas has retired API version 2023-01-01 of this endpoint (sunset). Upgrade pulumi-atlas-restore to a release that speaks a current version.`,
  RATE_LIMITED_TOKEN_BUCKET: () =>
    "Rate limited: Atlas allows Cloud Backup calls in a per-project token bucket (1200, refilled by 500 a minute) shared by every client of the project. Wait a minute or check for other clients.",
};

const BY_CODE: Readonly<Record<string, Hint>> = {
  ...CLOUD_BACKUP_HINTS,
  IP_ADDRESS_NOT_ON_ACCESS_LIST: accessList,
  ORG_REQUIRES_ACCESS_LIST: accessList,
  IP_ADDRESS_NOT_ON_WHITELIST: accessList,
  NOT_IN_GROUP: unauthorized,
  GROUP_NOT_FOUND: project,
  INVALID_GROUP_ID: project,
  INVALID_ATLAS_GROUP: project,
  NOT_ATLAS_GROUP: apiBaseSwitch("/api/public/v1.0", "a Cloud Manager project, not an Atlas one"),
  ATLAS_GROUP: apiBaseSwitch("/api/atlas/v1.0", "an Atlas project"),
  CLUSTER_NAME_NOT_FOUND: cluster,
  CLUSTER_NOT_FOUND: cluster,
  INVALID_CLUSTER_ID: cluster,
  BACKUP_CONFIG_NOT_FOUND: (_f, p) =>
    `Backup is not configured for cluster "${p.clusterName ?? ""}"; enable it before restoring.`,
  SNAPSHOT_NOT_FOUND: snapshot,
  INVALID_SNAPSHOT_ID: snapshot,
  CHECKPOINT_NOT_FOUND: checkpoint,
  INVALID_CHECKPOINT_ID: checkpoint,
  RESTORE_JOB_NOT_FOUND: job,
  RESTORE_JOB_NOT_FOUND_IN_GROUP: job,
  INVALID_JOB_ID: job,
  RESOURCE_NOT_FOUND: (f) => `Check baseUrl: ${f.apiBase} does not serve this path.`,
  RATE_LIMITED: rateLimited,
  UNSUPPORTED_DELIVERY_METHOD: () => "Use delivery.methodName HTTP or AUTOMATED_RESTORE.",
  AUTOMATED_RESTORE_OF_SHARD_NOT_ALLOWED: () =>
    "Restore the sharded cluster's snapshot, not an individual shard's.",
  CANNOT_RESTORE_TO_TARGET: () =>
    "The API key needs Project Owner on the source project and on the target cluster's project.",
  INVALID_SNAPSHOT_RESTORE_ENCRYPTION: () =>
    "Source snapshot and target cluster must have the same encryption-at-rest settings.",
  CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION: () => "Use AUTOMATED_RESTORE instead of HTTP delivery.",
};

const BY_STATUS: Readonly<Record<number, Hint>> = {
  400: (f) =>
    f.fields.length > 0
      ? `Fix field ${f.fields.join(", ")} of the request.`
      : "Fix the request as the detail says.",
  401: unauthorized,
  403: (f) =>
    `The ${f.credential === undefined || f.credential === "api-key" ? "API key" : "service account"} lacks a role: creating a restore job needs Project Owner, reading needs ` +
    "Project Read Only. Also check its API access list.",
  404: (f, p) =>
    `Check projectId, clusterName${p.jobId ? ", the job id" : ""} and baseUrl (${f.apiBase}).`,
  409: () => "The snapshot or cluster does not allow this restore now (deleted or incomplete snapshot?).",
  // v2 versioning (atlas-v2-and-auth.md §1.2): 406 = no such version, 410 = sunset.
  406: CLOUD_BACKUP_HINTS.INVALID_VERSION_DATE,
  410: CLOUD_BACKUP_HINTS.VERSION_GONE,
  429: rateLimited,
};

const serverError: Hint = (f) =>
  `Atlas answered ${f.status}. ` +
  (f.method === "POST"
    ? f.requestOutcome === "rejected"
      ? "Atlas refused the request without acting on it: no restore was started. Try again later."
      : "The restore may or may not have started: list restore jobs before re-sending."
    : "Try again later.");

/** Field names a 400 points at: `badRequestDetail`, else the parameters of attribute errors. */
function fieldsOf(facts: ApiErrorFacts): string[] {
  if (facts.fields.length > 0) return facts.fields;
  if (facts.status === 400 && /ATTRIBUTE|PARAMETER/.test(facts.errorCode ?? "")) {
    return facts.parameters.filter((x): x is string => typeof x === "string");
  }
  return [];
}

/** `POST /groups/6b99…/clusters/Cluster0/restoreJobs failed: 404 CODE: detail. What to do.` */
export function apiErrorMessage(facts: ApiErrorFacts): string {
  const withFields = { ...facts, fields: fieldsOf(facts) };
  const p = pathParams(facts.path);
  const hint =
    BY_CODE[facts.errorCode ?? ""] ??
    BY_STATUS[facts.status] ??
    (facts.status >= 500 ? serverError : () => "");
  const label = facts.errorCode ?? facts.reason ?? "";
  const detail = (facts.detail ?? "").trim().replace(/\.$/, "");
  const head = `${facts.method} ${displayPath(facts.path)} failed: ${facts.status}${label ? ` ${label}` : ""}`;
  return `${head}${detail ? `: ${detail}` : ""}. ${hint(withFields, p)}`.trim();
}

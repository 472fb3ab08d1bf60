/**
 * The contract nobody on this project wrote: MongoDB's own OpenAPI description of the Admin API
 * v2 (a subset, see atlas-openapi/README.md), compiled with ajv. `responseContract` checks an
 * answer against the schema the spec declares for (operation, status); `requestContract` checks
 * a request body against the operation's requestBody schema and refuses readOnly fields.
 *
 * The spec is OpenAPI 3.0 (`nullable`, `readOnly`, `example`, `x-*`): ajv runs non-strict so it
 * ignores the annotations, and ajv-formats supplies date-time / int32 / int64.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import spec from "./atlas-openapi/cloud-backup-subset.json";
import emulatorSpec from "./atlas-openapi/emulator-subset.json";

export const V2_MEDIA_TYPE = "application/vnd.atlas.2023-01-01+json";
const CLUSTER = "/api/atlas/v2/groups/{groupId}/clusters/{clusterName}";
const FLEX = "/api/atlas/v2/groups/{groupId}/flexClusters/{name}/backup";

/** Operation path templates of the subset, by short name. */
export const OPERATIONS = {
  restoreJobs: `${CLUSTER}/backup/restoreJobs`,
  restoreJob: `${CLUSTER}/backup/restoreJobs/{restoreJobId}`,
  snapshots: `${CLUSTER}/backup/snapshots`,
  snapshot: `${CLUSTER}/backup/snapshots/{snapshotId}`,
  shardedSnapshot: `${CLUSTER}/backup/snapshots/shardedCluster/{snapshotId}`,
  shardedSnapshots: `${CLUSTER}/backup/snapshots/shardedClusters`,
  legacyRestoreJobs: `${CLUSTER}/restoreJobs`,
  legacySnapshots: `${CLUSTER}/snapshots`,
  // emulator-subset.json: what the emulator serves beyond the provider's wire types.
  legacySnapshot: `${CLUSTER}/snapshots/{snapshotId}`,
  checkpoints: `${CLUSTER}/backupCheckpoints`,
  checkpoint: `${CLUSTER}/backupCheckpoints/{checkpointId}`,
  cluster: CLUSTER,
  flexRestoreJobs: `${FLEX}/restoreJobs`,
  flexRestoreJob: `${FLEX}/restoreJobs/{restoreJobId}`,
  flexSnapshots: `${FLEX}/snapshots`,
  flexSnapshot: `${FLEX}/snapshots/{snapshotId}`,
} as const;
export type Operation = keyof typeof OPERATIONS;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed OpenAPI document
/** The two subsets as one document (they are cut from the same spec, so shared components are equal). */
const doc = structuredClone(spec) as unknown as Json;
const extra = emulatorSpec as unknown as Json;
Object.assign(doc.paths, extra.paths);
for (const [kind, entries] of Object.entries(extra.components as Json)) doc.components[kind] = { ...entries, ...doc.components[kind] };

/**
 * Where the live wire differs from the spec, the wire wins (atlas-v2-and-auth.md §1.4, REC).
 * Non-PIT jobs answer `desiredTimestamp: {"increment":null,"time":null,"date":null}`. The other
 * known deviations (`targetDeploymentItemName`, `desiredTimestamp.time`, no `createdAt`,
 * `frequencyType: "ondemand"`) already validate: this transformed spec has no enums and no
 * `additionalProperties: false`.
 */
for (const key of ["date", "increment"]) doc.components.schemas.ApiBSONTimestamp.properties[key].nullable = true;
// `increment` is an ordinal within the second (the legacy docs' samples answer 1), but the spec
// copies the epoch-seconds minimum (1199145600) onto it: a spec slip, dropped here.
delete doc.components.schemas.ApiBSONTimestamp.properties.increment.minimum;

// unicodeRegExp off: some spec patterns escape ":" (`\:`), which is invalid in unicode mode.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
ajv.addSchema(doc, "atlas");

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
const deref = (node: Json): Json => (typeof node?.$ref === "string" ? deref(node.$ref.slice(2).split("/").reduce((n: Json, k: string) => n[k], doc)) : node);

const cache = new Map<string, ValidateFunction>();
function compiled(ref: string): ValidateFunction {
  let v = cache.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: `atlas#/${ref}` });
    cache.set(ref, v);
  }
  return v;
}

function problems(v: ValidateFunction): string {
  return (v.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`).join("; ");
}

/** Throws unless `body` matches the schema declared for this answer (status and media type). */
export function responseContract(op: Operation, method: string, status: number, body: unknown): void {
  const path = OPERATIONS[op];
  const response = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (!response) throw new Error(`The spec declares no ${status} answer for ${method} ${path}.`);
  const r = deref(response);
  const mediaType = Object.keys(r.content ?? {})[0];
  if (mediaType === undefined || !r.content[mediaType].schema) {
    // e.g. the cancel's 204: a media type with no schema, i.e. no body.
    if (body !== undefined && body !== "") throw new Error(`${method} ${path} ${status} has no body in the spec, got one.`);
    return;
  }
  const base = typeof response.$ref === "string" ? response.$ref.slice(2) : pointer("paths", path, method.toLowerCase(), "responses", String(status));
  const v = compiled(`${base}/${pointer("content", mediaType, "schema")}`);
  if (!v(body)) throw new Error(`${method} ${path} ${status} breaks the contract: ${problems(v)}`);
}

/** The media type the spec declares for a success answer (the versioned one). */
export function successMediaType(op: Operation, method: string, status = 200): string | undefined {
  const content = deref(doc.paths[OPERATIONS[op]][method.toLowerCase()].responses[String(status)]).content;
  return content ? Object.keys(content)[0] : undefined;
}

/** The versioned media type a client sends for the operation: that of its first 2xx answer or request body. */
export function operationMediaType(op: Operation, method: string): string {
  const operation = doc.paths[OPERATIONS[op]][method.toLowerCase()];
  const success = Object.entries(operation.responses as Json).find(([status]) => status.startsWith("2"))?.[1];
  const content = deref(success ?? {}).content ?? operation.requestBody?.content ?? {};
  return Object.keys(content)[0] ?? V2_MEDIA_TYPE;
}

/** Throws unless `body` matches the requestBody schema and sets no readOnly field. */
export function requestContract(op: Operation, method: string, body: unknown): void {
  const path = OPERATIONS[op];
  const content = doc.paths[path][method.toLowerCase()].requestBody.content;
  const mediaType = Object.keys(content)[0];
  const v = compiled(pointer("paths", path, method.toLowerCase(), "requestBody", "content", mediaType, "schema"));
  if (!v(body)) throw new Error(`${method} ${path} request body breaks the contract: ${problems(v)}`);
  const schema = deref(content[mediaType].schema);
  const readOnly = Object.keys(body as object).filter((k) => schema.properties?.[k]?.readOnly);
  if (readOnly.length > 0) throw new Error(`${method} ${path} request body sets readOnly field(s) ${readOnly.join(", ")}.`);
}

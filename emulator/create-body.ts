/**
 * Pure: parse the create-restore-job body (atlas-restore-api.md §2.1) into a normalized request,
 * or the Atlas error it earns. Field-combination rules live in create-validation.ts.
 *
 * - Unknown fields are rejected, naming the field: "Invalid fields are rejected rather than
 *   ignored" (A-ref "JSON", §2).
 * - Numbers may arrive as numeric strings, as in the official examples (§2.1 note).
 * - `checkPointId` is accepted as an alias of `checkpointId` (MongoDB's Go client, GOCLI).
 * - `null` counts as absent (Jackson semantics).
 */
import { z } from "zod";
import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "./ids";
import type { AtlasErrorSpec } from "./errors";
import { atlasError } from "./errors";
import { shortField } from "./body-fields";

/** Create request after parsing: numbers are numbers, `oplogTs` is epoch seconds. */
export interface CreateRequest {
  readonly methodName: "HTTP" | "AUTOMATED_RESTORE";
  readonly expirationHours?: number;
  readonly maxDownloads?: number;
  readonly targetGroupId?: string;
  readonly targetClusterId?: string;
  readonly targetClusterName?: string;
  readonly snapshotId?: string;
  readonly checkpointId?: string;
  readonly oplogTs?: number;
  readonly oplogInc?: number;
  readonly pointInTimeUTCMillis?: number;
}

/** OAS1 `BackupRestoreJobDelivery.methodName` enum; only HTTP and AUTOMATED_RESTORE work here (§1.1, §2.1). */
const KNOWN_METHODS = ["CLIENT_PIT_HTTP", "QUERY", "AUTOMATED_RESTORE", "HTTP", "THIRD_PARTY_COPY", "CLIENT_PIT_SCP", "SCP"];
const INT32_MAX = 2_147_483_647;

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: "must be an integer (or a numeric string)" })
      .int({ error: "must be an integer" })
      .min(min, { error: `must be >= ${min}` })
      .max(max, { error: `must be <= ${max}` })
      .nullish(),
  );
const objectId = z.string().regex(OBJECT_ID_PATTERN, "must be a 24-hex id").nullish();
/** Docs: epoch seconds as a string (A-ex); OAS1: an ISO-8601 date-time. Accept both. */
const oplogTs = z
  .union([
    z.number().int().min(0),
    z.string().regex(/^\s*\d+\s*$/).transform(Number),
    z.iso.datetime({ offset: true }).transform((s) => Math.floor(Date.parse(s) / 1000)),
  ], { error: "must be epoch seconds or an ISO-8601 date-time" })
  .nullish();

const bodySchema = z.strictObject({
  delivery: z.strictObject({
    methodName: z.string(),
    expirationHours: integer(1, INT32_MAX),
    maxDownloads: integer(1, INT32_MAX),
    targetGroupId: objectId,
    targetClusterId: objectId,
    targetClusterName: z.string().regex(CLUSTER_NAME_PATTERN, "must be a cluster name").nullish(),
  }),
  snapshotId: objectId,
  checkpointId: objectId,
  checkPointId: objectId,
  oplogTs,
  oplogInc: integer(1, INT32_MAX),
  // OAS1: int64, minimum 1199145600000 (2008-01-01).
  pointInTimeUTCMillis: integer(1_199_145_600_000),
});

export function parseCreateBody(text: string): CreateRequest | AtlasErrorSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return atlasError("INVALID_JSON");
  }
  if (!isRecord(raw)) return atlasError("INVALID_JSON");
  if (raw.delivery === undefined || raw.delivery === null) return atlasError("MISSING_ATTRIBUTE", ["delivery"]);
  if (!isRecord(raw.delivery)) return atlasError("INVALID_JSON_ATTRIBUTE", ["delivery"]);
  const method = raw.delivery.methodName;
  if (method === undefined || method === null) return atlasError("MISSING_ATTRIBUTE", ["delivery.methodName"]);
  if (typeof method !== "string") return atlasError("INVALID_JSON_ATTRIBUTE", ["delivery.methodName"]);
  if (!KNOWN_METHODS.includes(method)) return atlasError("INVALID_ENUM_VALUE", [method], "(delivery.methodName)");
  if (method !== "HTTP" && method !== "AUTOMATED_RESTORE") {
    // §1.1 / §2.3 rule 8: SCP, QUERY and the other OAS1 values are not supported on this endpoint.
    return atlasError("UNSUPPORTED_DELIVERY_METHOD", [method], `Use HTTP or AUTOMATED_RESTORE, not ${method}.`);
  }
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success) return issueToError(parsed.error.issues);
  const b = parsed.data;
  const d = b.delivery;
  if (b.checkpointId != null && b.checkPointId != null && b.checkpointId !== b.checkPointId) {
    return atlasError("INVALID_ATTRIBUTE", ["checkPointId"], "checkPointId is an alias of checkpointId; send only one.");
  }
  return strip({
    methodName: method,
    expirationHours: d.expirationHours,
    maxDownloads: d.maxDownloads,
    targetGroupId: d.targetGroupId,
    targetClusterId: d.targetClusterId,
    targetClusterName: d.targetClusterName,
    snapshotId: b.snapshotId,
    checkpointId: b.checkpointId ?? b.checkPointId,
    oplogTs: b.oplogTs,
    oplogInc: b.oplogInc,
    pointInTimeUTCMillis: b.pointInTimeUTCMillis,
  });
}


/** Unknown fields first (they are the likeliest client bug), then the first invalid value. */
function issueToError(issues: readonly z.core.$ZodIssue[]): AtlasErrorSpec {
  const unknown = issues.find((i) => i.code === "unrecognized_keys");
  if (unknown && unknown.code === "unrecognized_keys") {
    const field = shortField([...unknown.path.map(String), unknown.keys[0] ?? ""].join("."));
    return atlasError("INVALID_ATTRIBUTE", [field], "Unknown field: Atlas rejects fields it does not know instead of ignoring them.");
  }
  const first = issues[0];
  const field = first ? first.path.map(String).join(".") : "(body)";
  return atlasError("INVALID_ATTRIBUTE", [field], first ? `${field} ${first.message}.` : undefined);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Nullable<T> = { [K in keyof T]: T[K] | null | undefined };

function strip(r: Nullable<CreateRequest> & { methodName: CreateRequest["methodName"] }): CreateRequest {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null && v !== undefined)) as unknown as CreateRequest;
}

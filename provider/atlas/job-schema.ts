/**
 * What we READ BACK from Atlas, validated before anything uses it (`atlas-restore-api.md` §3.3).
 * A proxy, a gateway or a server bug can answer anything; what reaches the domain, the resource
 * id and Pulumi state must be small and well-formed.
 *
 * Strict where a value drives a decision or becomes an id: `id` and `batchId` are 24-hex,
 * `statusName` and `delivery.statusName` come from closed tables (an `Object.prototype` key such
 * as "constructor" is not a status), `created` is a bounded string. Lenient where Atlas is:
 * unknown fields are dropped, and a malformed optional display field (`timestamp`, `hashes`,
 * `links`, a URL, …) is dropped rather than failing the job, so a restore that exists is still
 * recorded. zod never descends into a value of the wrong shape, so a body nested thousands deep
 * costs one check, and nothing nested reaches outputs.
 */
import { z } from "zod";
import { DELIVERY_STATUSES, JOB_STATUSES, OBJECT_ID_PATTERN, type RestoreJob } from "./models";

/** Bounds on strings read back. Generous against Atlas's real values, small against a hostile one. */
export const READ_BACK_LIMITS = {
  /** Names, dates, enums and other short fields. */
  shortString: 256,
  /** Download URLs (a base64 token in the path) and auth values. */
  url: 8192,
  /** `hashes`: one per downloaded file; a sharded restore has one per shard + config server. */
  hashes: 100,
  /** `links` of a job or a page. */
  links: 20,
  /** Jobs on one page: `itemsPerPage` is at most 500 (§4). */
  jobsPerPage: 500,
} as const;

const L = READ_BACK_LIMITS;
const hexId = z.string().regex(OBJECT_ID_PATTERN, { error: "is not a 24-hex id" });
const short = z.string().max(L.shortString);
const long = z.string().max(L.url);
/** A display-only field: kept when well-formed, otherwise left out. */
const droppable = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const count = z.number().int().min(0).max(2 ** 31 - 1);

export const linkSchema = z.object({ href: long, rel: short });

const hashSchema = z.object({ typeName: z.literal("SHA1"), fileName: z.string().max(1024), hash: short });

/** A dropped field is absent, not present as `undefined` (Pulumi state cannot hold `undefined`). */
const absentWhenUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const deliverySchema = z.object({
  methodName: short,
  statusName: z.enum(DELIVERY_STATUSES, { error: "is not a delivery status Atlas documents" }),
  expirationHours: droppable(count),
  maxDownloads: droppable(count),
  url: droppable(long),
  urlV2: droppable(long),
  authHeader: droppable(short),
  authValue: droppable(long),
  authBearer: droppable(long),
  expires: droppable(short),
  targetGroupId: droppable(hexId),
  targetClusterId: droppable(hexId),
  targetClusterName: droppable(short),
}).transform(absentWhenUndefined);

/** One restore job as read back; the output is a RestoreJob with only bounded fields. */
export const restoreJobSchema = z.object({
  id: hexId,
  groupId: short,
  clusterId: droppable(short),
  clusterName: droppable(short),
  batchId: hexId.optional(),
  created: short,
  snapshotId: droppable(hexId),
  checkpointId: droppable(hexId),
  pointInTime: droppable(z.boolean()),
  encryptionEnabled: droppable(z.boolean()),
  masterKeyUUID: droppable(short),
  statusName: z.enum(JOB_STATUSES, { error: "is not a job status Atlas documents" }),
  timestamp: droppable(z.object({ date: short, increment: count })),
  hashes: droppable(z.array(hashSchema).max(L.hashes)),
  delivery: deliverySchema,
  links: droppable(z.array(linkSchema).max(L.links)),
  hostId: droppable(short),
  deploymentJobId: droppable(short),
}).transform(absentWhenUndefined);

// The schema's output must be usable as the wire model everything else is written against.
type Assignable<A, B> = A extends B ? true : never;
const _outputIsRestoreJob: Assignable<z.output<typeof restoreJobSchema>, RestoreJob> = true;
void _outputIsRestoreJob;

/** A page of jobs (`{results, links?, totalCount?}`, §4). */
export const jobPageSchema = z.object({
  results: z.array(restoreJobSchema).max(L.jobsPerPage),
  // Unusable links only cost the `next` hint: the caller falls back to pageNum.
  links: z.array(linkSchema).max(L.links).catch([]),
  totalCount: droppable(count),
});

/**
 * A legacy snapshot as read back (`GET …/clusters/{c}/snapshots`): the fields a `snapshot`
 * selector and `listSnapshots` use, bounded like a job's.
 */
export const legacySnapshotSchema = z.object({
  id: hexId,
  clusterId: droppable(short),
  complete: droppable(z.boolean()),
  created: droppable(z.object({ date: short, increment: count })),
  expires: droppable(short),
}).transform(absentWhenUndefined);

/** A page of legacy snapshots. */
export const snapshotPageSchema = z.object({
  results: z.array(legacySnapshotSchema).max(L.jobsPerPage),
  links: z.array(linkSchema).max(L.links).catch([]),
  totalCount: droppable(count),
});

/** `results[0].statusName is not a job status Atlas documents` — the first problem, briefly. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "the answer does not have the expected shape";
  const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  const message = issue.message.length > 160 ? `${issue.message.slice(0, 160)}…` : issue.message;
  return `${where || "the body"} ${message}`;
}

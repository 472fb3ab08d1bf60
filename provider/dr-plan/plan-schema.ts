import { z } from "zod";
import { clusterName, objectId } from "../restore-core/common-schemas";
import { snapshotSelectorSchema } from "../restore-core/snapshot-selector";
import type { DisasterRecoveryPlanArgs } from "./plan-args";

/**
 * The shape of a DisasterRecoveryPlanArgs, checked before anything else: each message says what
 * is wrong and what to write instead; `planIssues` prefixes it with the path (e.g.
 * `entries.config-db.delivery.targetClusterName`). What spans fields or entries (one restore
 * point form, targets, `after`) is the rule table's job (plan-rules.ts).
 */

/** Entry keys name child resources (`<plan>-<key>`): keep them plain. */
export const ENTRY_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

const minutes = (what: string) =>
  z.number({ error: `${what} must be a number of minutes` }).positive({ error: `${what} must be greater than 0` }).max(10080, { error: `${what} must be at most 10080 (one week)` });

const api = z.enum(["cloudBackup", "legacy", "auto"], {
  error: 'api must be "cloudBackup" (Admin API v2 Cloud Backup), "legacy" (legacy restore jobs) or "auto" (ask the server)',
});

const trigger = z.string({ error: "trigger must be a string (e.g. the date of a drill)" }).max(256, { error: "trigger must be at most 256 characters" });

/** Every restore point form as optional fields: exactly one form is a rule (plan-rules.ts). */
const restorePoint = z.strictObject(
  {
    snapshotId: objectId("snapshotId").optional(),
    snapshot: snapshotSelectorSchema.optional(),
    pointInTimeUTCSeconds: z
      .number({ error: "pointInTimeUTCSeconds must be a whole number of seconds since the epoch" })
      .int({ error: "pointInTimeUTCSeconds must be a whole number of seconds" })
      .min(1199145600, { error: "pointInTimeUTCSeconds must be on or after 2008-01-01 (1199145600)" })
      .max(2147483647, { error: "pointInTimeUTCSeconds must be at most 2147483647; it is SECONDS (divide milliseconds by 1000)" })
      .optional(),
    oplogTs: z.number({ error: "oplogTs must be a whole number of epoch seconds" }).int({ error: "oplogTs must be a whole number" }).min(1199145600, { error: "oplogTs must be on or after 2008-01-01 (1199145600)" }).max(2147483647, { error: "oplogTs must be at most 2147483647" }).optional(),
    oplogInc: z.number({ error: "oplogInc must be a whole number >= 1" }).int({ error: "oplogInc must be a whole number >= 1" }).min(1, { error: "oplogInc must be a whole number >= 1" }).optional(),
  },
  { error: "restorePoint must be an object: { snapshotId }, { snapshot }, { pointInTimeUTCSeconds } or { oplogTs, oplogInc }" },
);

const delivery = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("download"),
      expirationHours: z.number({ error: "expirationHours must be a whole number of hours" }).int({ error: "expirationHours must be a whole number" }).min(1, { error: "expirationHours must be at least 1" }).max(8760, { error: "expirationHours must be at most 8760" }).optional(),
      maxDownloads: z.number({ error: "maxDownloads must be a whole number" }).int({ error: "maxDownloads must be a whole number" }).min(1, { error: "maxDownloads must be at least 1" }).max(2147483647, { error: "maxDownloads must be at most 2147483647" }).optional(),
    }),
    z.strictObject({
      type: z.literal("automated"),
      targetProjectId: objectId("targetProjectId"),
      targetClusterName: clusterName("targetClusterName", ""),
    }),
  ],
  { error: 'delivery.type must be "download" (archives to fetch) or "automated" (restore into targetProjectId / targetClusterName, wiping it)' },
);

const entry = z.strictObject(
  {
    source: z.strictObject({ projectId: objectId("source.projectId"), clusterName: clusterName("source.clusterName", "; on Cloud/Ops Manager use the cluster id") }, { error: "source must be { projectId, clusterName }" }),
    api: api.optional(),
    restorePoint,
    delivery,
    rtoTargetMinutes: minutes("rtoTargetMinutes").optional(),
    rpoTargetMinutes: minutes("rpoTargetMinutes").optional(),
    after: z.array(z.string({ error: "after lists entry keys (strings)" }), { error: "after must be a list of entry keys" }).optional(),
    verify: z.enum(["none", "download"], { error: 'verify must be "none" or "download"' }).optional(),
    trigger: trigger.optional(),
    waitTimeoutMinutes: minutes("waitTimeoutMinutes").optional(),
    adopt: objectId("adopt (an existing batchId or restore job id)").optional(),
  },
  { error: "each entry must be an object with source, restorePoint and delivery" },
);

export const planSchema = z.strictObject(
  {
    entries: z
      .record(z.string().regex(ENTRY_KEY_PATTERN, { error: "entry keys must be 1-63 letters, digits, '-' or '_', starting with a letter or digit (they name resources)" }), entry, {
        error: "entries must be an object of named entries, e.g. { \"config-db\": { source, restorePoint, delivery } }",
      })
      .refine((e) => Object.keys(e).length > 0, { error: "entries must declare at least one restore" }),
    overwritableTargets: z
      .array(z.string().regex(/^[0-9a-f]{24}\/[a-zA-Z0-9][a-zA-Z0-9-]*$/, { error: 'each overwritableTargets item must be "<projectId>/<clusterName>", e.g. "6d72ec0087d9d61443b4d001/DrReplicaSet0"' }), {
        error: 'overwritableTargets must be a list of "<projectId>/<clusterName>"',
      })
      .optional(),
    maxConcurrentRestores: z.number({ error: "maxConcurrentRestores must be a whole number >= 1" }).int({ error: "maxConcurrentRestores must be a whole number >= 1" }).min(1, { error: "maxConcurrentRestores must be a whole number >= 1" }).optional(),
    defaults: z
      .strictObject({ api: api.optional(), rtoTargetMinutes: minutes("rtoTargetMinutes").optional(), rpoTargetMinutes: minutes("rpoTargetMinutes").optional(), waitTimeoutMinutes: minutes("waitTimeoutMinutes").optional(), trigger: trigger.optional() })
      .optional(),
  },
  { error: "a DR plan must be an object with entries (and optionally overwritableTargets, maxConcurrentRestores, defaults)" },
);

/** One shape mistake: where, and what to do. */
export interface PlanIssue {
  /** e.g. `entries.config-db.delivery.targetClusterName`. */
  path: string;
  message: string;
}

/** The plan's shape mistakes (empty when it is well formed). */
export function planIssues(args: unknown): PlanIssue[] {
  const parsed = planSchema.safeParse(args);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => {
    const path = i.path.map(String).join(".") || "(plan)";
    const { keys, issues } = i as { keys?: string[]; issues?: { message: string }[] };
    const message =
      i.code === "unrecognized_keys" && keys
        ? `unknown field(s) ${keys.join(", ")}; remove them (see DisasterRecoveryPlanArgs)`
        : i.code === "invalid_key" && issues?.[0] // the key's own message, not the record's
          ? issues[0].message
          : i.message;
    return { path, message: message.replace(/\.$/, "") };
  });
}

/** A plan that passed `planIssues`, typed. */
export type CheckedPlan = DisasterRecoveryPlanArgs;

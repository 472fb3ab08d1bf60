import { z } from "zod";
import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "../atlas/models";
import { snapshotSelectorSchema } from "./snapshot-selector";

/**
 * One schema per input field, each with a message that says what is wrong and what is expected.
 * Patterns are the API's own (OAS1, reference §1/§2.1); checking them here means a typo fails
 * `pulumi preview` with no request sent, instead of failing half-way through `pulumi up`.
 */
export const objectId = (what: string) =>
  z.string({ error: `${what} must be a string of 24 hexadecimal characters` }).regex(OBJECT_ID_PATTERN, {
    error: `${what} must be 24 lowercase hexadecimal characters (an Atlas ObjectId such as 5a681ff180eef54e09de20d1)`,
  });

/** `hint` ends the pattern message (RestoreJob: Cloud/Ops Manager address clusters by id). */
export const clusterName = (what: string, hint = "; on Cloud/Ops Manager use the cluster id") =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, { error: `${what} is required and must not be empty` })
    .max(64, { error: `${what} is longer than 64 characters; Atlas cluster names are at most 64` })
    .regex(CLUSTER_NAME_PATTERN, {
      error: `${what} must start with a letter or digit and contain only ASCII letters, digits and hyphens (Atlas pattern ^[a-zA-Z0-9][a-zA-Z0-9-]*$)${hint}`,
    });

const positiveInt = (what: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v),
    z
      .number({ error: `${what} must be a whole number` })
      .int({ error: `${what} must be a whole number` })
      .min(min, { error: `${what} must be at least ${min}` })
      .max(max, { error: `${what} must be at most ${max}` }),
  );

/**
 * Epoch seconds or an ordinal, as a number or a string of digits (the Atlas docs send strings),
 * within [min, max]: a BSON timestamp is two unsigned 32-bit halves, and OAS1 types oplogInc as
 * int32.
 */
const digits = (what: string, min: number, max: number, minLabel = String(min)) => {
  const error = `${what} must be a whole number (a number or a string of digits)`;
  return z.preprocess(
    (v) => (typeof v === "string" && /^\d{1,12}$/.test(v) ? Number(v) : v),
    z
      .number({ error })
      .min(min, { error: `${what} must be a whole number >= ${minLabel}` })
      .max(max, { error: `${what} must be a whole number <= ${max}` })
      .int({ error }),
  );
};

/** No Atlas backup predates 2008 (OAS1's minimum for pointInTimeUTCMillis). */
const EARLIEST_MS = 1199145600000;
/** 9999-12-31T23:59:59.999Z: the last instant an ISO 8601 date (and Atlas's) can write. */
const LATEST_MS = 253402300799999;

export const deliverySchema = z
  .object({
    methodName: z.enum(["HTTP", "AUTOMATED_RESTORE"], {
      error:
        'delivery.methodName must be "HTTP" (download the snapshot) or "AUTOMATED_RESTORE" (restore into a target cluster); SCP and QUERY are not supported by this API',
    }),
    expirationHours: positiveInt("delivery.expirationHours", 1, 8760).optional(),
    maxDownloads: positiveInt("delivery.maxDownloads", 1, 2147483647).optional(),
    targetProjectId: objectId("delivery.targetProjectId").optional(),
    targetClusterName: clusterName("delivery.targetClusterName").optional(),
    targetClusterId: objectId("delivery.targetClusterId").optional(),
  })
  .strict();

/** Field schemas of the top-level inputs (combinations are checked in `check-rules.ts`). */
export const fieldSchemas: Record<string, z.ZodType> = {
  projectId: objectId("projectId"),
  clusterName: clusterName("clusterName"),
  snapshotId: objectId("snapshotId"),
  snapshot: snapshotSelectorSchema,
  trigger: z.string({ error: "trigger must be a string (e.g. the date of a drill)" }).max(256, { error: "trigger must be at most 256 characters" }),
  checkpointId: objectId("checkpointId"),
  oplogTs: digits("oplogTs (epoch seconds)", EARLIEST_MS / 1000, 2 ** 32 - 1, `${EARLIEST_MS / 1000} (2008-01-01)`),
  oplogInc: digits("oplogInc", 1, 2 ** 31 - 1),
  pointInTimeUTCMillis: z
    .number({ error: "pointInTimeUTCMillis must be a number of milliseconds since the epoch" })
    .min(EARLIEST_MS, { error: `pointInTimeUTCMillis must be on or after 2008-01-01 (${EARLIEST_MS})` })
    .max(LATEST_MS, { error: `pointInTimeUTCMillis must be at most ${LATEST_MS} (9999-12-31); it is milliseconds, not microseconds` })
    .int({ error: "pointInTimeUTCMillis must be a whole number of milliseconds" }),
  delivery: deliverySchema,
  waitFor: z.enum(["none", "ready"], {
    error: 'waitFor must be "none" (return once the job is created) or "ready" (wait for every part)',
  }),
  waitTimeoutMinutes: z
    .number({ error: "waitTimeoutMinutes must be a number of minutes" })
    .positive({ error: "waitTimeoutMinutes must be greater than 0" })
    .max(10080, { error: "waitTimeoutMinutes must be at most 10080 (one week)" }),
  adopt: objectId("adopt (an existing batchId or restore job id)"),
};

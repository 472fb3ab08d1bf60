import { z } from "zod";
import { clusterName as anyClusterName, commonFieldSchemas, objectId } from "../restore-core/common-schemas";
import { snapshotSelectorSchema } from "../restore-core/snapshot-selector";

/** Cloud/Ops Manager address clusters by id. */
const clusterName = (what: string) => anyClusterName(what, "; on Cloud/Ops Manager use the cluster id");

/**
 * One schema per input field, each with a message that says what is wrong and what is expected.
 * Patterns are the API's own (OAS1, reference §1/§2.1); checking them here means a typo fails
 * `pulumi preview` with no request sent, instead of failing half-way through `pulumi up`.
 */
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
  checkpointId: objectId("checkpointId"),
  oplogTs: digits("oplogTs (epoch seconds)", EARLIEST_MS / 1000, 2 ** 32 - 1, `${EARLIEST_MS / 1000} (2008-01-01)`),
  oplogInc: digits("oplogInc", 1, 2 ** 31 - 1),
  pointInTimeUTCMillis: z
    .number({ error: "pointInTimeUTCMillis must be a number of milliseconds since the epoch" })
    .min(EARLIEST_MS, { error: `pointInTimeUTCMillis must be on or after 2008-01-01 (${EARLIEST_MS})` })
    .max(LATEST_MS, { error: `pointInTimeUTCMillis must be at most ${LATEST_MS} (9999-12-31); it is milliseconds, not microseconds` })
    .int({ error: "pointInTimeUTCMillis must be a whole number of milliseconds" }),
  delivery: deliverySchema,
  ...commonFieldSchemas("an existing batchId or restore job id", "wait for every part"),
};

import { z } from "zod";
import { clusterName, commonFieldSchemas, objectId } from "../restore-core/common-schemas";
import { snapshotSelectorSchema } from "../restore-core/snapshot-selector";

/**
 * One schema per input, each message saying what is wrong and what is expected. Bounds are the
 * v2 API's (atlas-v2-and-auth.md §1.3): PIT fields are int32 epoch SECONDS >= 1199145600.
 */
const INT32_MAX = 2147483647;
const MIN_SECONDS = 1199145600;

/** An int32 number of epoch seconds; a millisecond value gets told apart and explained. */
const epochSeconds = (what: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\d{1,13}$/.test(v) ? Number(v) : v),
    z
      .number({ error: `${what} must be a whole number of seconds since the epoch` })
      .int({ error: `${what} must be a whole number of seconds` })
      .min(MIN_SECONDS, { error: `${what} must be on or after 2008-01-01 (${MIN_SECONDS} seconds)` })
      .refine((n) => n <= INT32_MAX, {
        error: (i) =>
          Number(i.input) >= 1e12
            ? `${what} ${String(i.input)} looks like milliseconds: Cloud Backup takes SECONDS (the legacy RestoreJob's pointInTimeUTCMillis takes milliseconds); divide by 1000`
            : `${what} must be at most ${INT32_MAX} (an int32 number of seconds)`,
      }),
  );

export const cloudFieldSchemas: Record<string, z.ZodType> = {
  projectId: objectId("projectId"),
  clusterName: clusterName("clusterName"),
  deliveryType: z.enum(["download", "automated", "pointInTime"], {
    error: 'deliveryType must be "download" (files to fetch), "automated" (restore a snapshot into a target cluster) or "pointInTime" (restore to a moment into a target cluster)',
  }),
  snapshotId: objectId("snapshotId"),
  snapshot: snapshotSelectorSchema,
  allowFallbackSnapshot: z.boolean({ error: "allowFallbackSnapshot must be true or false" }),
  pointInTimeUTCSeconds: epochSeconds("pointInTimeUTCSeconds"),
  oplogTs: epochSeconds("oplogTs"),
  oplogInc: z.preprocess(
    (v) => (typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : v),
    z.number({ error: "oplogInc must be a whole number >= 1" }).int({ error: "oplogInc must be a whole number >= 1" }).min(1, { error: "oplogInc must be a whole number >= 1" }).max(INT32_MAX, { error: `oplogInc must be at most ${INT32_MAX}` }),
  ),
  targetProjectId: objectId("targetProjectId"),
  targetClusterName: clusterName("targetClusterName"),
  ...commonFieldSchemas("an existing Cloud Backup restore job id", "wait for the restore"),
};

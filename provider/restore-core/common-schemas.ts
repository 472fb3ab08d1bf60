import { z } from "zod";
import { CLUSTER_NAME_PATTERN, OBJECT_ID_PATTERN } from "../atlas/models";

/**
 * Input schemas every restore resource shares, each message saying what is wrong and what is
 * expected. Patterns are the API's own (OAS1, reference §1/§2.1): a typo fails `pulumi preview`
 * with no request sent, instead of failing half-way through `pulumi up`.
 */
export const objectId = (what: string) =>
  z.string({ error: `${what} must be a string of 24 hexadecimal characters` }).regex(OBJECT_ID_PATTERN, {
    error: `${what} must be 24 lowercase hexadecimal characters (an Atlas ObjectId such as 5a681ff180eef54e09de20d1)`,
  });

/** `hint` ends the pattern message (RestoreJob: Cloud/Ops Manager address clusters by id). */
export const clusterName = (what: string, hint = "") =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, { error: `${what} is required and must not be empty` })
    .max(64, { error: `${what} is longer than 64 characters; Atlas cluster names are at most 64` })
    .regex(CLUSTER_NAME_PATTERN, {
      error: `${what} must start with a letter or digit and contain only ASCII letters, digits and hyphens (Atlas pattern ^[a-zA-Z0-9][a-zA-Z0-9-]*$)${hint}`,
    });

/** The longest wait: one week, in minutes. */
export const MAX_WAIT_MINUTES = 10080;

export const triggerSchema = z.string({ error: "trigger must be a string (e.g. the date of a drill)" }).max(256, { error: "trigger must be at most 256 characters" });

export const waitTimeoutMinutesSchema = z
  .number({ error: "waitTimeoutMinutes must be a number of minutes" })
  .positive({ error: "waitTimeoutMinutes must be greater than 0" })
  .max(MAX_WAIT_MINUTES, { error: `waitTimeoutMinutes must be at most ${MAX_WAIT_MINUTES} (one week)` });

export const concurrencyLimitSchema = z.strictObject(
  {
    group: z.string({ error: "concurrencyLimit.group must be a string naming the group" }).min(1, { error: "concurrencyLimit.group must not be empty" }).max(256, { error: "concurrencyLimit.group must be at most 256 characters" }),
    max: z.number({ error: "concurrencyLimit.max must be a whole number >= 1" }).int({ error: "concurrencyLimit.max must be a whole number >= 1" }).min(1, { error: "concurrencyLimit.max must be a whole number >= 1" }).max(1000, { error: "concurrencyLimit.max must be at most 1000" }),
    rank: z.number({ error: "concurrencyLimit.rank must be a whole number >= 1" }).int({ error: "concurrencyLimit.rank must be a whole number >= 1" }).min(1, { error: "concurrencyLimit.rank must be a whole number >= 1" }).max(1000, { error: "concurrencyLimit.rank must be at most 1000" }).optional(),
  },
  { error: 'concurrencyLimit must be { group: "<name>", max: <number>, rank?: <number> }' },
);

export const awaitedBySchema = z
  .array(z.string({ error: "awaitedBy must list names (strings) of what waits for this restore" }).min(1, { error: "awaitedBy must not hold an empty name" }).max(256, { error: "awaitedBy names must be at most 256 characters" }), {
    error: 'awaitedBy must be a list of names of what waits for this restore, e.g. ["orders"]',
  })
  .max(1000, { error: "awaitedBy must list at most 1000 names" });

/** Schemas of the inputs every restore resource has (adopt's wording is the API's). */
export const commonFieldSchemas = (adoptWhat: string, waitForReady: string): Record<string, z.ZodType> => ({
  trigger: triggerSchema,
  waitFor: z.enum(["none", "ready"], { error: `waitFor must be "none" (return once the job is created) or "ready" (${waitForReady})` }),
  waitTimeoutMinutes: waitTimeoutMinutesSchema,
  concurrencyLimit: concurrencyLimitSchema,
  awaitedBy: awaitedBySchema,
  adopt: objectId(`adopt (${adoptWhat})`),
});

/**
 * The data of a drill report (version 1): what one drill run restored, from which point, how long
 * it took against its objectives, and whether it passed. The JSON file is this value as is; the
 * Markdown and HTML pages render it. Never holds a secret (no key, token or delivery URL).
 *
 * One source of truth: the zod schemas below. The TypeScript types are inferred from them (deeply
 * readonly), and docs/drill-report.schema.json is generated from them (`npm run schema:drill-report`;
 * a test fails when the file is out of date). Each field's description lives in its `.describe()`,
 * so the JSON Schema, not this file, is where readers find the documented format.
 */
import { z } from "zod";

export const DRILL_REPORT_VERSION = 1;

// Strict objects: an unknown field is refused, as the JSON Schema's `additionalProperties: false`
// does, so a field that should not be there (a delivery URL, say) cannot ride along unnoticed.

/** A timestamp: ISO 8601 with `Z` or an offset. */
const timestamp = (what: string) => z.iso.datetime({ offset: true }).describe(what);
const seconds = (what: string) => z.number().nonnegative().describe(`${what}, in seconds.`);
const count = (what: string) => z.number().int().nonnegative().describe(what);
const objective = (what: string) =>
  z.enum(["met", "missed", "not measured"]).describe(`${what} against its target: met, missed, or not measured (no target or no figure).`);

export const DrillPartEventSchema = z
  .strictObject({
    at: timestamp("ISO 8601, server clock where the server said it, else the runner's."),
    state: z.enum(["requested", "preparing", "ready", "failed", "expired", "cancelled"]).describe("The part's state from this moment on."),
  })
  .meta({ id: "DrillPartEvent", description: "Status of one part (a shard, the config server, or a replica set) at a moment." });

export const DrillPartSchema = z
  .strictObject({
    name: z.string().min(1).describe("Replica set / shard name, or the job id where no name is known."),
    jobId: z.string().min(1).optional().describe("The part's restore job id, where it has its own."),
    status: z.string().describe("The part's own status as the API reports it."),
    events: z.array(DrillPartEventSchema).describe("The part's timeline, oldest first."),
  })
  .meta({ id: "DrillPart", description: "One part of a restore: a job of a legacy batch, or a Cloud Backup component." });

export const DrillVerificationSchema = z
  .strictObject({
    part: z.string().min(1).describe("The part whose archive was verified."),
    ok: z.boolean().describe("True when every check passed."),
    bytes: count("Archive size in bytes, as streamed.").optional(),
    checksumAlgorithm: z.string().min(1).optional().describe("e.g. `sha1`; absent where Atlas gives no hash."),
    checksum: z
      .enum(["match", "mismatch", "not given"])
      .describe(
        "The archive's checksum against the hash Atlas gives: match, mismatch, or not given. \"not given\" where Atlas lists no hash (always for Cloud Backup), and where the archive could not be downloaded whole (see `error`).",
      ),
    wiredTigerFiles: count("WiredTiger files found in the archive.").optional(),
    error: z.string().optional().describe("Why it failed; never contains the URL."),
  })
  .meta({ id: "DrillVerification", description: 'Result of `verify: "download"` for one archive.' });

const SourceSchema = z
  .strictObject({ projectId: z.string().min(1), clusterName: z.string().min(1) })
  .describe("The cluster restored from.");

const DeliverySchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("download") }),
    z.strictObject({ type: z.literal("automated"), targetProjectId: z.string().min(1), targetClusterName: z.string().min(1) }),
  ])
  .describe("download, or automated into a target.");

const RestorePointSchema = z
  .strictObject({
    declared: z.string().min(1).describe("The restore point as declared in the plan, e.g. `snapshot 5a68…`, `latest`, `pointInTime 2025-…`."),
    snapshotId: z.string().min(1).optional().describe("The snapshot it resolved to."),
    time: timestamp("The point in time the restored data reflects.").optional(),
  })
  .describe("The restore point as declared, and as resolved (snapshot id, point in time).");

export const DrillEntrySchema = z
  .strictObject({
    name: z.string().min(1).describe("The entry's key in the plan."),
    api: z.enum(["legacy", "cloudBackup"]).describe("The restore API: legacy (restoreJobs) or Cloud Backup (v2 backup/restoreJobs)."),
    source: SourceSchema,
    delivery: DeliverySchema,
    restorePoint: RestorePointSchema,
    status: z.string().min(1).describe("READY / COMPLETED when usable; FAILED, EXPIRED, CANCELLED, IN_PROGRESS, NOT STARTED."),
    passed: z.boolean().describe("True when the restore became usable and met every objective it has a target for."),
    ids: z.array(z.string().min(1)).describe("Resource id / job ids, for the auditor to look up."),
    requestedAt: timestamp("When the restore was requested.").optional(),
    readyAt: timestamp("When the restored data became usable.").optional(),
    rtoSeconds: seconds("Measured recovery time: request → restored data usable").optional(),
    rtoTargetSeconds: seconds("Recovery time objective").optional(),
    rpoSeconds: seconds("Measured recovery point: request time − restore point time").optional(),
    rpoTargetSeconds: seconds("Recovery point objective").optional(),
    rto: objective("The measured RTO"),
    rpo: objective("The measured RPO"),
    parts: z.array(DrillPartSchema).describe("Every part of the restore, with its timeline."),
    verification: z.array(DrillVerificationSchema).optional().describe('Download verification results, where the entry asked for `verify: "download"`.'),
    error: z.string().optional().describe("Why it failed, as the provider said it (secrets already removed)."),
  })
  .meta({ id: "DrillEntry", description: "One restore of the plan." });

const SummarySchema = z
  .strictObject({
    entries: count("Restores in the run."),
    passed: count("Restores that passed."),
    failed: count("Restores that failed."),
    rtoMissed: count("Restores that missed their RTO target."),
    rpoMissed: count("Restores that missed their RPO target."),
  })
  .describe("Counts over the entries.");

export const DrillReportSchema = z
  .strictObject({
    version: z.literal(DRILL_REPORT_VERSION).describe("The report format's version; a reader checks it before anything else."),
    plan: z.string().min(1).describe("Plan name / file."),
    stacks: z.array(z.string().min(1)).describe("The stack(s) run."),
    startedAt: timestamp("When the run started."),
    finishedAt: timestamp("When the run finished."),
    // Origins only: a path could carry a delivery token, so the schema refuses one.
    servers: z
      .array(z.string().regex(/^https?:\/\/[^/?#@\s]+$/, "an origin: scheme://host[:port], no path, query or user-info"))
      .describe("The API server(s): origin only, e.g. `https://cloud.mongodb.com` or the emulator's."),
    ranBy: z.string().min(1).describe("Who ran it: the API key's public part or the service account's client id. Never a secret."),
    engine: z.enum(["pulumi-cli", "plugin"]).describe("Engine used: the Pulumi CLI (Automation API) or the plugin path."),
    passed: z.boolean().describe("True when every entry passed and the run had no other error."),
    summary: SummarySchema,
    entries: z.array(DrillEntrySchema).describe("Every restore of the plan."),
    errors: z.array(z.string()).describe("Failures that belong to no entry (the program, the engine, a stack)."),
  })
  .meta({
    title: "Drill report",
    description:
      "What one disaster-recovery drill run of pulumi-atlas-restore restored, from which point, how long it took against its objectives, and whether it passed. Never holds a secret.",
  });

/** The inferred types are mutable; a report is a record, so every level is readonly. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** Status of one part (a shard, the config server, or a replica set) at a moment. */
export type DrillPartEvent = DeepReadonly<z.infer<typeof DrillPartEventSchema>>;
/** One part of a restore: a job of a legacy batch, or a Cloud Backup component. */
export type DrillPart = DeepReadonly<z.infer<typeof DrillPartSchema>>;
/** Result of `verify: "download"` for one archive. */
export type DrillVerification = DeepReadonly<z.infer<typeof DrillVerificationSchema>>;
/** One restore of the plan. */
export type DrillEntry = DeepReadonly<z.infer<typeof DrillEntrySchema>>;
/** A whole drill run (version 1). */
export type DrillReport = DeepReadonly<z.infer<typeof DrillReportSchema>>;

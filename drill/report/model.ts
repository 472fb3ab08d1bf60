/**
 * The data of a drill report (version 2): what one drill run restored, from which point, how long
 * it took against its objectives, and whether it passed. The JSON file is this value as is; the
 * Markdown and HTML pages render it. Never holds a secret (no key, token or delivery URL).
 *
 * Version 2 (from 1): every time is on one declared clock (`clock`: the API server's, read from
 * its HTTP `Date` at the run's start and end, so run start ≤ each request ≤ ready ≤ run end), the
 * server is described (`server` replaces `servers`: an emulator and its time scale, or the real
 * host), the run has an id (`runId`), each entry says what THIS run did with it (`run`,
 * `reusedFrom`) and why a time was not used (`notes`), an objective can be `unknown` (a target
 * without a figure: a failure), `api` can be `not resolved`, and the summary counts usable,
 * requested and reused restores and words the verdict.
 *
 * One source of truth: the zod schemas below. The TypeScript types are inferred from them (deeply
 * readonly), and docs/drill-report.schema.json is generated from them (`npm run schema:drill-report`;
 * a test fails when the file is out of date). Each field's description lives in its `.describe()`,
 * so the JSON Schema, not this file, is where readers find the documented format.
 */
import { z } from "zod";

export const DRILL_REPORT_VERSION = 2;

// Strict objects: an unknown field is refused, as the JSON Schema's `additionalProperties: false`
// does, so a field that should not be there (a delivery URL, say) cannot ride along unnoticed.

/** A timestamp: ISO 8601 with `Z` or an offset. */
const timestamp = (what: string) => z.iso.datetime({ offset: true }).describe(what);
const seconds = (what: string) => z.number().nonnegative().describe(`${what}, in seconds.`);
const count = (what: string) => z.number().int().nonnegative().describe(what);
const objective = (what: string) =>
  z
    .enum(["met", "missed", "unknown", "not measured"])
    .describe(
      `${what} against its target: met, missed, unknown (a target is set but the figure could not be measured: a failure, the entry's note says why), or not measured (no target).`,
    );

export const DrillPartEventSchema = z
  .strictObject({
    at: timestamp("ISO 8601, on the report's `clock` (the server's)."),
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

const ReusedFromSchema = z
  .strictObject({
    runId: z.string().min(1).optional().describe("The run that requested the restore (absent when state does not record it)."),
    requestedAt: timestamp("When that run requested it, on the report's clock.").optional(),
  })
  .describe("The earlier run whose restore this run reused (nothing was requested for this entry in this run).");

export const DrillEntrySchema = z
  .strictObject({
    name: z.string().min(1).describe("The entry's key in the plan."),
    api: z
      .enum(["legacy", "cloudBackup", "not resolved"])
      .describe("The restore API: legacy (restoreJobs) or Cloud Backup (v2 backup/restoreJobs); `not resolved` for an `api: auto` entry that never got as far as asking the server."),
    run: z
      .enum(["requested", "reused", "not requested"])
      .describe(
        "What THIS run did: `requested` the restore (between the run's start and end), `reused` a restore an earlier run requested (`reusedFrom`; nothing requested now, its times are before this run), or `not requested` (no restore exists: it failed before the request or never started).",
      ),
    reusedFrom: ReusedFromSchema.optional(),
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
    notes: z
      .array(z.string().min(1))
      .optional()
      .describe("Facts a reader needs to weigh this entry: why a figure is unknown, a server time not used (outside the run), downloads a verification used or why it was not repeated."),
    error: z.string().optional().describe("Why it failed, as the provider said it (secrets already removed)."),
  })
  .meta({ id: "DrillEntry", description: "One restore of the plan." });

const SummarySchema = z
  .strictObject({
    entries: count("Restores in the run."),
    passed: count("Restores that passed."),
    failed: count("Restores that did not pass, for whatever reason."),
    usable: count("Restores whose data is usable (READY / COMPLETED), whether or not they met their objectives."),
    rtoMissed: count("Restores that missed their RTO target."),
    rpoMissed: count("Restores that missed their RPO target."),
    unmeasured: count("Usable restores that fail only because a figure with a target could not be measured."),
    requested: count("Restores this run requested."),
    reused: count("Restores this run reused from an earlier run (nothing requested for them)."),
    verdict: z.string().min(1).describe("The verdict in one line, saying what failed."),
  })
  .describe("Counts over the entries, and the verdict in words.");

const ClockSchema = z
  .strictObject({
    source: z
      .enum(["server", "runner"])
      .describe(
        "The clock of every time in this report: `server` (the API server's: its HTTP `Date` at the run's start and end, its own job times in between), or `runner` (this machine's, only when the server's could not be read; part times are still the server's then, see `description`).",
      ),
    description: z.string().min(1).describe("The clock in words, e.g. whose it is, its precision and how it relates to real time."),
    precisionSeconds: seconds("How precise the run's start and end are on that clock (an HTTP `Date` names a whole second: the start is that second's beginning, the end its last millisecond)"),
    serverAheadSeconds: z.number().optional().describe("The server's clock minus the runner's at the run's start, in seconds (negative: behind). An emulator's runs ahead by its time scale."),
    realSeconds: seconds("The run's length in real time, on the runner's clock"),
  })
  .describe("The one clock every time of the report is on.");

const ServerSchema = z
  .strictObject({
    // An origin only: a path could carry a delivery token, so the schema refuses one.
    origin: z.string().regex(/^https?:\/\/[^/?#@\s]+$/, "an origin: scheme://host[:port], no path, query or user-info").describe("The API server's origin, e.g. `https://cloud.mongodb.com`."),
    host: z.string().min(1).describe("Its host name (and port)."),
    kind: z.enum(["emulator", "atlas", "other"]).describe("`emulator` (the local Atlas emulator: not a real backup), `atlas` (MongoDB Atlas or Atlas for Government), or `other` (Cloud Manager, Ops Manager, or a server this run could not identify)."),
    timeScale: z.number().positive().optional().describe("Emulator only: emulated seconds per real second (its clock, and so every time and duration here, runs this much faster)."),
    description: z.string().min(1).describe("The server in words."),
  })
  .describe("The API server the drill ran against.");

export const DrillReportSchema = z
  .strictObject({
    version: z.literal(DRILL_REPORT_VERSION).describe("The report format's version; a reader checks it before anything else."),
    plan: z.string().min(1).describe("Plan name / file."),
    runId: z.string().min(1).describe("This run's id: every restore it requested carries it as its trigger, so a later run with the same id reuses them and any other run requests afresh."),
    stacks: z.array(z.string().min(1)).describe("The stack(s) run."),
    startedAt: timestamp("When the run started, on `clock`."),
    finishedAt: timestamp("When the run finished, on `clock`."),
    clock: ClockSchema,
    server: ServerSchema,
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

/** The clock every time is on. */
export type DrillClock = DeepReadonly<z.infer<typeof ClockSchema>>;
/** The API server a drill ran against. */
export type DrillServer = DeepReadonly<z.infer<typeof ServerSchema>>;

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
/** A whole drill run (version 2). */
export type DrillReport = DeepReadonly<z.infer<typeof DrillReportSchema>>;

/**
 * The data of a drill report (version 1): what one drill run restored, from which point, how long
 * it took against its objectives, and whether it passed. The JSON file is this value as is; the
 * Markdown and HTML pages render it. Never holds a secret (no key, token or delivery URL).
 */

export const DRILL_REPORT_VERSION = 1;

/** Status of one part (a shard, the config server, or a replica set) at a moment. */
export interface DrillPartEvent {
  /** ISO 8601, server clock where the server said it, else the runner's. */
  readonly at: string;
  /** e.g. requested, preparing, ready, failed, expired, cancelled. */
  readonly state: "requested" | "preparing" | "ready" | "failed" | "expired" | "cancelled";
}

/** One part of a restore: a job of a legacy batch, or a Cloud Backup component. */
export interface DrillPart {
  /** Replica set / shard name, or the job id where no name is known. */
  readonly name: string;
  readonly jobId?: string;
  /** The part's own status as the API reports it. */
  readonly status: string;
  /** The part's timeline, oldest first. */
  readonly events: readonly DrillPartEvent[];
}

/** Result of `verify: "download"` for one archive. */
export interface DrillVerification {
  readonly part: string;
  readonly ok: boolean;
  readonly bytes?: number;
  /** e.g. `sha1`; absent where Atlas gives no hash. */
  readonly checksumAlgorithm?: string;
  /**
   * "match" | "mismatch" | "not given". "not given" where Atlas lists no hash (always for Cloud
   * Backup), and where the archive could not be downloaded whole (see `error`).
   */
  readonly checksum: "match" | "mismatch" | "not given";
  /** WiredTiger files found in the archive. */
  readonly wiredTigerFiles?: number;
  /** Why it failed; never contains the URL. */
  readonly error?: string;
}

/** One restore of the plan. */
export interface DrillEntry {
  /** The entry's key in the plan. */
  readonly name: string;
  readonly api: "legacy" | "cloudBackup";
  readonly source: { readonly projectId: string; readonly clusterName: string };
  /** download, or automated into a target. */
  readonly delivery: { readonly type: "download" } | { readonly type: "automated"; readonly targetProjectId: string; readonly targetClusterName: string };
  /** The restore point as declared, and as resolved (snapshot id, point in time). */
  readonly restorePoint: { readonly declared: string; readonly snapshotId?: string; readonly time?: string };
  /** READY / COMPLETED when usable; FAILED, EXPIRED, CANCELLED, IN_PROGRESS, NOT STARTED. */
  readonly status: string;
  readonly passed: boolean;
  /** Resource id / job ids, for the auditor to look up. */
  readonly ids: readonly string[];
  readonly requestedAt?: string;
  readonly readyAt?: string;
  /** request → restored data usable. */
  readonly rtoSeconds?: number;
  readonly rtoTargetSeconds?: number;
  /** request time − restore point time. */
  readonly rpoSeconds?: number;
  readonly rpoTargetSeconds?: number;
  /** Per objective: met, missed, or not measured (no target or no figure). */
  readonly rto: "met" | "missed" | "not measured";
  readonly rpo: "met" | "missed" | "not measured";
  readonly parts: readonly DrillPart[];
  readonly verification?: readonly DrillVerification[];
  /** Why it failed, as the provider said it (secrets already removed). */
  readonly error?: string;
}

/** A whole drill run. */
export interface DrillReport {
  readonly version: typeof DRILL_REPORT_VERSION;
  /** Plan name / file, and stack(s) run. */
  readonly plan: string;
  readonly stacks: readonly string[];
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The API server(s): origin only, e.g. `https://cloud.mongodb.com` or the emulator's. */
  readonly servers: readonly string[];
  /** Who ran it: the API key's public part or the service account's client id. Never a secret. */
  readonly ranBy: string;
  /** Engine used: the Pulumi CLI (Automation API) or the plugin path. */
  readonly engine: "pulumi-cli" | "plugin";
  readonly passed: boolean;
  readonly summary: { readonly entries: number; readonly passed: number; readonly failed: number; readonly rtoMissed: number; readonly rpoMissed: number };
  readonly entries: readonly DrillEntry[];
  /** Failures that belong to no entry (the program, the engine, a stack). */
  readonly errors: readonly string[];
}

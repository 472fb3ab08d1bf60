/**
 * The user's API of a disaster-recovery plan: many restores declared as one value. Plain data (no
 * Pulumi Inputs) on purpose: the plan's safety rules must be checked, whole, before any request,
 * and a plan file (YAML/JSON) for the drill runner is the same shape.
 */

/** Which restore API serves an entry's source cluster. */
export type RestoreApi =
  /** Cloud Backup (Admin API v2): every Atlas cluster created since March 2020 (`CloudBackupRestoreJob`). */
  | "cloudBackup"
  /** Legacy restore jobs: Cloud Manager, Ops Manager, legacy-backup Atlas clusters (`RestoreJob`). */
  | "legacy"
  /** Ask the server which one the cluster uses (a read, never a restore request). */
  | "auto";

/** What to restore from: exactly one of the forms. */
export type RestorePointArgs =
  /** A pinned snapshot id. */
  | { readonly snapshotId: string }
  /** A selector resolved once, at create (`resolvedSnapshotId`): a newer snapshot never restores again. */
  | { readonly snapshot: { readonly latest: true } | { readonly latestBefore: string } }
  /** A point in time, epoch **seconds** for both APIs (converted to ms for the legacy API). Automated only. */
  | { readonly pointInTimeUTCSeconds: number }
  /** An oplog position. Automated only. */
  | { readonly oplogTs: number; readonly oplogInc: number };

/** Where the restored data goes. */
export type RestoreDeliveryPlanArgs =
  /** `.tar.gz` downloads, one per shard and config server. */
  | {
      readonly type: "download";
      /** Hours the links stay valid once ready. */
      readonly expirationHours?: number;
      /** Uses of each link (legacy API). */
      readonly maxDownloads?: number;
    }
  /** Restore into a target cluster, **wiping it first**. The target must be in `overwritableTargets`. */
  | { readonly type: "automated"; readonly targetProjectId: string; readonly targetClusterName: string };

/** One restore of the plan. Its key in `entries` names the child resource, so it must stay stable. */
export interface DrPlanEntryArgs {
  /** The cluster to restore from. */
  readonly source: { readonly projectId: string; readonly clusterName: string };
  /** @default the plan's `defaults.api`, else "auto" */
  readonly api?: RestoreApi;
  readonly restorePoint: RestorePointArgs;
  readonly delivery: RestoreDeliveryPlanArgs;
  /** Recovery time objective: request → restored data usable, in minutes. */
  readonly rtoTargetMinutes?: number;
  /** Recovery point objective: request time − restore point time, in minutes. */
  readonly rpoTargetMinutes?: number;
  /** Entries (keys of `entries`) that must be restored before this one starts. */
  readonly after?: readonly string[];
  /**
   * `"download"`: after READY, the drill runner streams each archive and checks its size, its
   * checksum (where Atlas gives one) and that it is a readable tar.gz of WiredTiger files. Uses up
   * one of `maxDownloads`. @default "none"
   */
  readonly verify?: "none" | "download";
  /** Any string (e.g. a drill date): changing it restores this entry again. */
  readonly trigger?: string;
  /** @default the plan's `defaults.waitTimeoutMinutes`, else the resource's default */
  readonly waitTimeoutMinutes?: number;
  /**
   * Manage an existing restore (a batchId or job id) instead of starting one, e.g. the restore an
   * interrupted run started: no restore request is sent, and the restore must be the one the
   * entry declares. Adding it with the id the entry already holds, or removing it, starts nothing.
   */
  readonly adopt?: string;
}

/** Values an entry takes when it does not set its own. */
export interface DrPlanDefaults {
  readonly api?: RestoreApi;
  readonly rtoTargetMinutes?: number;
  readonly rpoTargetMinutes?: number;
  readonly waitTimeoutMinutes?: number;
  readonly trigger?: string;
}

/** A whole plan. */
export interface DisasterRecoveryPlanArgs {
  /** The restores, keyed by a stable entry name (letters, digits, `-`, `_`). */
  readonly entries: Readonly<Record<string, DrPlanEntryArgs>>;
  /**
   * Every cluster an automated entry may wipe, as `"<projectId>/<clusterName>"`. An automated
   * restore replaces its target's data: a typo must not wipe production.
   */
  readonly overwritableTargets?: readonly string[];
  /** At most this many restores run at once (through Pulumi's dependencies). @default unbounded */
  readonly maxConcurrentRestores?: number;
  readonly defaults?: DrPlanDefaults;
}

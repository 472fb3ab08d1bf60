import * as pulumi from "@pulumi/pulumi";
import type { CloudRestoreStatus } from "../cloud-backup-job/status";
import type { ConcurrencyLimit } from "../restore-core/slots";
import type { RestorePartTiming } from "../restore-core/timing";
import { onlyDeclarationOfTarget } from "./one-declaration-per-target";
import { cloudBackupRestoreJobProvider } from "./provider-shim";

/**
 * A MongoDB Atlas **Cloud Backup** restore job (Admin API v2; every Atlas cluster created since
 * March 2020), as a resource: declaring it starts exactly one restore, waits until it is ready
 * (by default) and exposes the job, its derived status and its download URLs. For Cloud Manager,
 * Ops Manager and legacy-backup Atlas clusters use `RestoreJob`. Flex and serverless clusters are
 * not supported.
 *
 * **Note:** an `automated` or `pointInTime` restore wipes all data on the target cluster.
 * Changing what is restored or where replaces the resource, which starts a new restore. With the
 * `snapshot` selector the snapshot is chosen once, at create (`resolvedSnapshotId`): a newer
 * snapshot never restores again. Change `trigger` to restore again on purpose.
 */
export class CloudBackupRestoreJob extends pulumi.dynamic.Resource {
  /** The Cloud Backup restore job id. */
  declare readonly jobId: pulumi.Output<string>;
  /** IN_PROGRESS, READY (download with URLs), COMPLETED (automated / PIT), FAILED, CANCELLED or EXPIRED. */
  declare readonly status: pulumi.Output<CloudRestoreStatus>;
  /**
   * Download URLs keyed by replica set name: one per shard and config server for a sharded
   * cluster, one under the cluster's name for a replica set. **Secret.**
   */
  declare readonly deliveryUrls: pulumi.Output<Record<string, string>>;
  /** Private-endpoint download URLs, keyed like `deliveryUrls`, where Atlas gives them. **Secret.** */
  declare readonly privateDownloadDeliveryUrls: pulumi.Output<Record<string, { deliveryUrl: string; endpointId?: string }[]> | undefined>;
  /** When the download links expire (ISO 8601). */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /** When an automated / PIT restore finished (ISO 8601); never set for downloads. */
  declare readonly finishedAt: pulumi.Output<string | undefined>;
  /** The snapshot's time, or the point in time restored to (ISO 8601). */
  declare readonly restorePointTime: pulumi.Output<string | undefined>;
  /** The snapshot restored, as resolved once at create (the `snapshot` selector's pick). */
  declare readonly resolvedSnapshotId: pulumi.Output<string | undefined>;
  /** When Atlas created the job, on its clock: read from the job's ObjectId (v2 jobs have no `createdAt`). */
  declare readonly requestedAt: pulumi.Output<string | undefined>;
  /**
   * When the restore was first usable, on the server's clock: `finishedAt` for automated / PIT;
   * for a download, the `Date` header of the first poll that saw every URL (precise to one poll interval).
   */
  declare readonly readyAt: pulumi.Output<string | undefined>;
  /** Per part (a sharded download's components, else the job): name, status, requestedAt, readyAt. No secrets. */
  declare readonly parts: pulumi.Output<RestorePartTiming[]>;

  constructor(name: string, args: CloudBackupRestoreJobArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      jobId: undefined, status: undefined, deliveryUrls: undefined, privateDownloadDeliveryUrls: undefined,
      expiresAt: undefined, finishedAt: undefined, restorePointTime: undefined, resolvedSnapshotId: undefined,
      requestedAt: undefined, readyAt: undefined, parts: undefined,
    };
    // CloudBackupRestoreJob.get passes no args; a declaration is checked against the program's others.
    const target =
      args.deliveryType === undefined
        ? {}
        : {
            targetClusterName: onlyDeclarationOfTarget(name, pulumi.all([args.deliveryType, args.targetProjectId, args.targetClusterName]), ([type, project, cluster]) =>
              type !== "download" && project && cluster ? `${project}/${cluster}` : undefined,
            ).apply(([, , cluster]) => cluster),
          };
    super(
      cloudBackupRestoreJobProvider,
      name,
      { ...args, ...target, ...outputs },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "deliveryUrls", "privateDownloadDeliveryUrls"] },
      "atlas",
      "CloudBackupRestoreJob",
    );
  }

  /**
   * Reads an existing restore job into the program without managing it, by resource id
   * `{projectId}/{clusterName}/{jobId}`. To manage one started elsewhere, declare a
   * CloudBackupRestoreJob with `adopt` instead.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): CloudBackupRestoreJob {
    return new CloudBackupRestoreJob(name, {} as CloudBackupRestoreJobArgs, { ...opts, id });
  }
}

/** Which snapshot to restore, resolved once at create: the newest completed (non-fallback) one, optionally before a time. */
export type SnapshotSelectorArgs = { latest: true } | { latestBefore: string };

/**
 * Arguments of a CloudBackupRestoreJob. The restore point: `snapshotId` or `snapshot` (download,
 * automated), `pointInTimeUTCSeconds` or `oplogTs` + `oplogInc` (pointInTime); or `adopt`.
 */
export interface CloudBackupRestoreJobArgs {
  /** Project that owns the source cluster: 24 hex characters. */
  readonly projectId: pulumi.Input<string>;
  /** Source cluster name. */
  readonly clusterName: pulumi.Input<string>;
  /**
   * `"download"`: Atlas prepares `.tar.gz` files (one per shard and config server) for about an hour.
   * `"automated"`: restores a snapshot into `targetClusterName`, **wiping it first**.
   * `"pointInTime"`: restores into the target up to a moment (continuous cloud backup).
   */
  readonly deliveryType: pulumi.Input<"download" | "automated" | "pointInTime">;
  /** Snapshot to restore (download, automated); for pointInTime, optionally the one to start from. */
  readonly snapshotId?: pulumi.Input<string>;
  /** Choose the snapshot once, at create, instead of naming it; stored as `resolvedSnapshotId`. */
  readonly snapshot?: pulumi.Input<SnapshotSelectorArgs>;
  /** Allow a fallback snapshot ("may contain inconsistent data") to be restored or picked. @default false */
  readonly allowFallbackSnapshot?: pulumi.Input<boolean>;
  /** pointInTime: epoch **seconds** (int32; the legacy RestoreJob takes milliseconds). */
  readonly pointInTimeUTCSeconds?: pulumi.Input<number>;
  /** pointInTime: oplog timestamp (epoch seconds), with `oplogInc`. */
  readonly oplogTs?: pulumi.Input<number>;
  /** pointInTime: operation ordinal within `oplogTs` (>= 1). */
  readonly oplogInc?: pulumi.Input<number>;
  /** automated, pointInTime (required): project of the target cluster (Atlas's `targetGroupId`). */
  readonly targetProjectId?: pulumi.Input<string>;
  /** automated, pointInTime (required): the cluster to restore into. */
  readonly targetClusterName?: pulumi.Input<string>;
  /** Any string (e.g. a drill date): changing it starts a new restore; nothing else about time does. */
  readonly trigger?: pulumi.Input<string>;
  /** `"ready"` waits until READY / COMPLETED and fails if the restore fails; `"none"` returns once created. @default "ready" */
  readonly waitFor?: pulumi.Input<"none" | "ready">;
  /** How long to wait, in minutes; on timeout the restore stays in state. @default 240 */
  readonly waitTimeoutMinutes?: pulumi.Input<number>;
  /**
   * Manage an existing restore job (its id) instead of starting one: no restore request is sent,
   * and the job must be the one this declaration describes. Adding it with the id of the job the
   * resource already manages, or removing it, never starts a restore.
   */
  readonly adopt?: pulumi.Input<string>;
  /**
   * At most `max` restores of `group` run at once in one `pulumi up` (a DisasterRecoveryPlan sets
   * it for its entries). A restore waiting for a slot has sent nothing yet; a failed one frees its
   * slot. Changing it never starts a new restore.
   */
  readonly concurrencyLimit?: pulumi.Input<ConcurrencyLimit>;
  /**
   * Names of what waits for this restore to be ready (a DisasterRecoveryPlan sets it on entries
   * that others run `after`; set it when another resource `dependsOn` this one). While it is
   * non-empty the wait polls at most 10 s apart instead of 30 s, the extra polls bounded per
   * project (20 a minute, whatever the number of restores). Changing it never starts a new restore.
   */
  readonly awaitedBy?: pulumi.Input<string[]>;
}

import * as pulumi from "@pulumi/pulumi";
import type { RestoreJobPart, RestorePartTiming } from "../restore-job/outputs";
import type { ConcurrencyLimit } from "../restore-core/slots";
import type { RestoreStatus } from "../restore-job/status";
import { onlyDeclarationOfTarget } from "./one-declaration-per-target";
import { restoreJobProvider } from "./provider-shim";

/**
 * A MongoDB Atlas (or Cloud Manager / Ops Manager) backup restore job, as a resource: declaring it
 * starts exactly one restore of the given restore point, waits until it is ready (by default),
 * and exposes the batch, its parts, statuses and delivery URLs.
 *
 * **Note:** an `AUTOMATED_RESTORE` wipes all data on the target cluster. Changing what is restored
 * or where (project, cluster, restore point, delivery) replaces the resource, which starts a new
 * restore; pin the restore point (a "latest snapshot" lookup would restore again on every change).
 */
export class RestoreJob extends pulumi.dynamic.Resource {
  /** Shared by every part of a sharded-cluster restore; absent for a replica set. */
  declare readonly batchId: pulumi.Output<string | undefined>;
  /** Ids of every restore job (part) of this restore. */
  declare readonly jobIds: pulumi.Output<string[]>;
  /** Every part: cluster, statuses, snapshot, delivery (URL and auth values are secrets), hashes. */
  declare readonly jobs: pulumi.Output<RestoreJobPart[]>;
  /** Download URL of every part (urlV2 where Atlas gives it, else url). **Secret.** */
  declare readonly deliveryUrls: pulumi.Output<string[]>;
  /** IN_PROGRESS, READY, FAILED or EXPIRED, over all parts. */
  declare readonly status: pulumi.Output<RestoreStatus>;
  /** One line a part: `<job id> <job status>/<delivery status> (<part state>)`. */
  declare readonly statusDetail: pulumi.Output<string[]>;
  /** When the restore was requested (ISO 8601). */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When the first download link expires (ISO 8601), for HTTP delivery. */
  declare readonly expiresAt: pulumi.Output<string | undefined>;
  /** The snapshot restored: what the `snapshot` selector picked once, at create, or `snapshotId`. */
  declare readonly resolvedSnapshotId: pulumi.Output<string | undefined>;
  /** When Atlas took the request, on its clock: the earliest part's `created` (ISO 8601). */
  declare readonly requestedAt: pulumi.Output<string | undefined>;
  /**
   * When every part was first seen usable, on the server's clock: the `Date` header of the first
   * poll that saw it (the legacy API gives no finish time), so precise to one poll interval.
   */
  declare readonly readyAt: pulumi.Output<string | undefined>;
  /** The snapshot's time, or the point in time restored to (ISO 8601), where known. */
  declare readonly restorePointTime: pulumi.Output<string | undefined>;
  /** Per part (job of the batch): name, job id, status, requestedAt, readyAt. No secrets. */
  declare readonly parts: pulumi.Output<RestorePartTiming[]>;

  constructor(name: string, args: RestoreJobArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { batchId: undefined, jobIds: undefined, jobs: undefined, deliveryUrls: undefined, status: undefined, statusDetail: undefined, createdAt: undefined, expiresAt: undefined, resolvedSnapshotId: undefined, requestedAt: undefined, readyAt: undefined, restorePointTime: undefined, parts: undefined };
    // RestoreJob.get passes no args; a declaration is checked against the program's others.
    const delivery =
      args.delivery === undefined
        ? undefined
        : onlyDeclarationOfTarget(name, args.delivery, (d) => (d?.methodName === "AUTOMATED_RESTORE" ? `${d.targetProjectId}/${d.targetClusterName ?? d.targetClusterId}` : undefined));
    super(
      restoreJobProvider,
      name,
      { ...args, ...(delivery ? { delivery } : {}), ...outputs },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "deliveryUrls"] },
      "atlas",
      "RestoreJob",
    );
  }

  /**
   * Reads an existing restore into the program without managing it, by resource id
   * `{projectId}/{clusterName}/{batchId or job id}`. To manage a restore started elsewhere, declare
   * a RestoreJob with `adopt` instead (`pulumi import` does not work for dynamic providers).
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): RestoreJob {
    return new RestoreJob(name, {} as RestoreJobArgs, { ...opts, id });
  }
}

/** Where and how the restored data is delivered. */
export interface RestoreDeliveryArgs {
  /**
   * `"HTTP"`: Atlas prepares `.tar.gz` downloads (one per shard and config server).
   * `"AUTOMATED_RESTORE"`: Atlas restores into `targetClusterName`/`targetClusterId` in
   * `targetProjectId`, **wiping that cluster's data first**.
   */
  readonly methodName: pulumi.Input<"HTTP" | "AUTOMATED_RESTORE">;
  /** HTTP only: hours the links stay valid once ready (>= 1). Atlas's default applies when omitted. */
  readonly expirationHours?: pulumi.Input<number>;
  /** HTTP only: how many times each link can be used (>= 1). Atlas's default applies when omitted. */
  readonly maxDownloads?: pulumi.Input<number>;
  /** AUTOMATED_RESTORE only (required): project of the target cluster (the API's `targetGroupId`). */
  readonly targetProjectId?: pulumi.Input<string>;
  /** AUTOMATED_RESTORE only: target cluster name. Set this or `targetClusterId`. */
  readonly targetClusterName?: pulumi.Input<string>;
  /** AUTOMATED_RESTORE only: target cluster id. Set this or `targetClusterName`. */
  readonly targetClusterId?: pulumi.Input<string>;
}

/**
 * Arguments of a RestoreJob. Set exactly one restore point: `snapshotId`, `snapshot` (selector),
 * `checkpointId`, `oplogTs` + `oplogInc`, or `pointInTimeUTCMillis` (or `adopt` an existing restore).
 */
export interface RestoreJobArgs {
  /** Project (the API's GROUP-ID) that owns the source cluster: 24 hex characters. */
  readonly projectId: pulumi.Input<string>;
  /** Source cluster name (on Cloud/Ops Manager, the cluster id). */
  readonly clusterName: pulumi.Input<string>;
  /** Snapshot to restore. */
  readonly snapshotId?: pulumi.Input<string>;
  /**
   * Choose the snapshot once, at create, instead of naming it: the newest complete one (before
   * `latestBefore`, if given), stored as `resolvedSnapshotId`. A newer snapshot never restores
   * again; change the selector or `trigger` to restore again.
   */
  readonly snapshot?: pulumi.Input<{ latest: true } | { latestBefore: string }>;
  /** Any string (e.g. a drill date): changing it starts a new restore of the same declaration. */
  readonly trigger?: pulumi.Input<string>;
  /** Sharded clusters, AUTOMATED_RESTORE only: checkpoint to restore up to (FCV 4.0 or earlier). */
  readonly checkpointId?: pulumi.Input<string>;
  /** Replica sets, AUTOMATED_RESTORE only: oplog timestamp (epoch seconds) to restore up to and including. With `oplogInc`. */
  readonly oplogTs?: pulumi.Input<number | string>;
  /** Replica sets, AUTOMATED_RESTORE only: operation ordinal within `oplogTs` (>= 1). */
  readonly oplogInc?: pulumi.Input<number | string>;
  /** Replica sets, AUTOMATED_RESTORE only: point in time (epoch ms) within the last 24 hours. */
  readonly pointInTimeUTCMillis?: pulumi.Input<number>;
  /** How the restored data is delivered. Changing it starts a new restore. */
  readonly delivery: pulumi.Input<RestoreDeliveryArgs>;
  /**
   * `"ready"`: `pulumi up` waits until every part is ready (HTTP links available, or the automated
   * restore finished) and fails if a part fails. `"none"`: returns once Atlas accepted the job.
   * Changing it never starts a new restore. @default "ready"
   */
  readonly waitFor?: pulumi.Input<"none" | "ready">;
  /**
   * How long to wait, in minutes (Pulumi's `customTimeouts` do not reach dynamic providers). On
   * timeout the restore stays in state and the next `pulumi up` resumes waiting. @default 240
   */
  readonly waitTimeoutMinutes?: pulumi.Input<number>;
  /**
   * Take over a restore started elsewhere (a batchId or a restore job id) instead of starting one:
   * no restore request is sent. `pulumi import` does not work for dynamic providers; this does.
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

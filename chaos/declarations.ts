/**
 * One restore as a user declares it, and the inputs each way of declaring it takes: a
 * `RestoreJob`, a `CloudBackupRestoreJob`, or an entry of a `DisasterRecoveryPlan`. Shared by the
 * conformance suite's subjects and the chaos campaign, so both declare exactly the same thing.
 */
import type { DrPlanEntryArgs, RestoreApi } from "../provider";
import type { SourceCluster, TargetCluster } from "./world";

/** What a user declares: one restore of `source`. */
export interface Declaration {
  source: SourceCluster;
  /** A download, or an automated restore into `target` (which it wipes). */
  target?: TargetCluster;
  /** Restore the newest snapshot, chosen once at create, instead of `source.snapshotId`. */
  latest?: boolean;
  /** Downloads: uses of each link (legacy API). @default 3 */
  maxDownloads?: number;
  trigger?: string;
  adopt?: string;
  waitFor?: "none" | "ready";
  waitTimeoutMinutes?: number;
  /** Plan entries only: RTO target. */
  rtoTargetMinutes?: number;
}

const restorePoint = (d: Declaration) => (d.latest ? { snapshot: { latest: true as const } } : { snapshotId: d.source.snapshotId });

const common = (d: Declaration) => ({
  ...(d.trigger !== undefined ? { trigger: d.trigger } : {}),
  ...(d.adopt !== undefined ? { adopt: d.adopt } : {}),
  waitFor: d.waitFor ?? "ready",
  waitTimeoutMinutes: d.waitTimeoutMinutes ?? 2,
});

/** A RestoreJob's inputs (legacy restore jobs). */
export const legacyInputs = (d: Declaration) => ({
  projectId: d.source.projectId,
  clusterName: d.source.name,
  ...restorePoint(d),
  delivery: d.target
    ? { methodName: "AUTOMATED_RESTORE", targetProjectId: d.target.projectId, targetClusterName: d.target.name }
    : { methodName: "HTTP", maxDownloads: d.maxDownloads ?? 3, expirationHours: 2 },
  ...common(d),
});

/** A CloudBackupRestoreJob's inputs. */
export const cloudInputs = (d: Declaration) => ({
  projectId: d.source.projectId,
  clusterName: d.source.name,
  ...restorePoint(d),
  deliveryType: d.target ? "automated" : "download",
  ...(d.target ? { targetProjectId: d.target.projectId, targetClusterName: d.target.name } : {}),
  ...common(d),
});

/** A DisasterRecoveryPlan entry (a plan entry always waits; it has no `waitFor`). */
export const planEntry = (d: Declaration, api: RestoreApi): DrPlanEntryArgs => ({
  source: { projectId: d.source.projectId, clusterName: d.source.name },
  api,
  restorePoint: restorePoint(d),
  delivery: d.target
    ? { type: "automated", targetProjectId: d.target.projectId, targetClusterName: d.target.name }
    : { type: "download", ...(d.maxDownloads !== undefined ? { maxDownloads: d.maxDownloads } : {}) },
  waitTimeoutMinutes: d.waitTimeoutMinutes ?? 2,
  ...(d.trigger !== undefined ? { trigger: d.trigger } : {}),
  ...(d.adopt !== undefined ? { adopt: d.adopt } : {}),
  ...(d.rtoTargetMinutes !== undefined ? { rtoTargetMinutes: d.rtoTargetMinutes } : {}),
});

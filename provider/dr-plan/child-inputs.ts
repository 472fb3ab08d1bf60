import type { CloudBackupRestoreJobInputs } from "../cloud-backup-job/inputs";
import type { RestoreJobInputs } from "../restore-job/inputs";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs, RestoreApi } from "./plan-args";

/** An API an entry resolves to (after "auto" is decided). */
export type ResolvedApi = Exclude<RestoreApi, "auto">;

/** The entry's api, else the plan's default, else "auto". */
export function declaredApi(plan: DisasterRecoveryPlanArgs, key: string): RestoreApi {
  return plan.entries[key].api ?? plan.defaults?.api ?? "auto";
}

/** The automated target as `"<projectId>/<clusterName>"`, or undefined for a download. */
export function targetOf(entry: DrPlanEntryArgs): string | undefined {
  const d = entry.delivery;
  return d.type === "automated" ? `${d.targetProjectId}/${d.targetClusterName}` : undefined;
}

export const sourceOf = (entry: DrPlanEntryArgs) => `${entry.source.projectId}/${entry.source.clusterName}`;

/** What differs between entries and defaults: the entry's own value wins. */
function shared(plan: DisasterRecoveryPlanArgs, entry: DrPlanEntryArgs) {
  const trigger = entry.trigger ?? plan.defaults?.trigger;
  const waitTimeoutMinutes = entry.waitTimeoutMinutes ?? plan.defaults?.waitTimeoutMinutes;
  return {
    ...(trigger !== undefined ? { trigger } : {}),
    ...(waitTimeoutMinutes !== undefined ? { waitTimeoutMinutes } : {}),
    ...(entry.adopt !== undefined ? { adopt: entry.adopt } : {}),
  };
}

/**
 * The legacy RestoreJob inputs of an entry. The plan's point in time is epoch SECONDS for both
 * APIs; the legacy API takes milliseconds, so it is converted here.
 */
export function legacyInputs(plan: DisasterRecoveryPlanArgs, key: string): RestoreJobInputs {
  const entry = plan.entries[key];
  const p = entry.restorePoint as Record<string, unknown>;
  const d = entry.delivery;
  return {
    projectId: entry.source.projectId,
    clusterName: entry.source.clusterName,
    ...("snapshotId" in p ? { snapshotId: p.snapshotId as string } : {}),
    ...("snapshot" in p ? { snapshot: p.snapshot as RestoreJobInputs["snapshot"] } : {}),
    ...("pointInTimeUTCSeconds" in p ? { pointInTimeUTCMillis: (p.pointInTimeUTCSeconds as number) * 1000 } : {}),
    ...("oplogTs" in p ? { oplogTs: p.oplogTs as number } : {}),
    ...("oplogInc" in p ? { oplogInc: p.oplogInc as number } : {}),
    delivery:
      d.type === "automated"
        ? { methodName: "AUTOMATED_RESTORE", targetProjectId: d.targetProjectId, targetClusterName: d.targetClusterName }
        : { methodName: "HTTP", ...(d.expirationHours !== undefined ? { expirationHours: d.expirationHours } : {}), ...(d.maxDownloads !== undefined ? { maxDownloads: d.maxDownloads } : {}) },
    ...shared(plan, entry),
  };
}

const isPointInTime = (p: Record<string, unknown>) => "pointInTimeUTCSeconds" in p || "oplogTs" in p || "oplogInc" in p;

/** The CloudBackupRestoreJob inputs of an entry: automated + a point in time is `pointInTime`. */
export function cloudInputs(plan: DisasterRecoveryPlanArgs, key: string): CloudBackupRestoreJobInputs {
  const entry = plan.entries[key];
  const p = entry.restorePoint as Record<string, unknown>;
  const d = entry.delivery;
  const deliveryType = d.type === "download" ? "download" : isPointInTime(p) ? "pointInTime" : "automated";
  return {
    projectId: entry.source.projectId,
    clusterName: entry.source.clusterName,
    deliveryType,
    ...("snapshotId" in p ? { snapshotId: p.snapshotId as string } : {}),
    ...("snapshot" in p ? { snapshot: p.snapshot as CloudBackupRestoreJobInputs["snapshot"] } : {}),
    ...("pointInTimeUTCSeconds" in p ? { pointInTimeUTCSeconds: p.pointInTimeUTCSeconds as number } : {}),
    ...("oplogTs" in p ? { oplogTs: p.oplogTs as number } : {}),
    ...("oplogInc" in p ? { oplogInc: p.oplogInc as number } : {}),
    ...(d.type === "automated" ? { targetProjectId: d.targetProjectId, targetClusterName: d.targetClusterName } : {}),
    ...shared(plan, entry),
  };
}

/** The child inputs for the API the entry resolved to. */
export function childInputs(plan: DisasterRecoveryPlanArgs, key: string, api: ResolvedApi): RestoreJobInputs | CloudBackupRestoreJobInputs {
  return api === "legacy" ? legacyInputs(plan, key) : cloudInputs(plan, key);
}

import type { CombinationRule as CoreRule } from "../restore-core/check-engine";
import type { RestoreJobInputs } from "./inputs";
import { isSet, restorePointsOf } from "./inputs";

type CombinationRule = CoreRule<RestoreJobInputs>;

const POINTS = "snapshotId, a snapshot selector (snapshot), checkpointId, oplogTs + oplogInc, or pointInTimeUTCMillis";
const automated = (i: Partial<RestoreJobInputs>) => i.delivery?.methodName === "AUTOMATED_RESTORE";
const DAY_MS = 24 * 60 * 60 * 1000;
/** Tolerated clock difference before a restore point counts as "in the future". */
const FUTURE_SLACK_MS = 60_000;
/** `a`, `a and b`, `a, b and c`. */
const listed = (items: string[]) => (items.length <= 2 ? items.join(" and ") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/**
 * The invalid combinations of the restore-jobs API (Atlas API reference §2.3), as data. Each rule names the
 * property the user has to change. Rules that need the cluster's topology (replica set vs sharded,
 * rule 7) cannot be decided without a request; Atlas reports those at create time.
 */
export const COMBINATION_RULES: CombinationRule[] = [
  {
    property: "snapshotId",
    violated: (i) => (restorePointsOf(i).length === 0 && !isSet(i.adopt) ? `Set exactly one restore point: ${POINTS}.` : undefined),
  },
  {
    property: "snapshotId",
    violated: (i) => {
      const kinds = restorePointsOf(i);
      return kinds.length > 1 ? `Only one restore point may be set, but ${listed(kinds)} are ${kinds.length === 2 ? "both" : "all"} set. Keep one: ${POINTS}.` : undefined;
    },
  },
  {
    property: "oplogInc",
    violated: (i) => (isSet(i.oplogTs) && !isSet(i.oplogInc) ? "oplogTs needs oplogInc: set both to restore to an oplog position." : undefined),
  },
  {
    property: "oplogTs",
    violated: (i) => (isSet(i.oplogInc) && !isSet(i.oplogTs) ? "oplogInc needs oplogTs: set both to restore to an oplog position." : undefined),
  },
  ...(["checkpointId", "oplogTs", "pointInTimeUTCMillis"] as const).map((key) => ({
    property: key,
    violated: (i: Partial<RestoreJobInputs>) =>
      isSet(i[key]) && i.delivery !== undefined && !automated(i)
        ? `${key} restores need delivery.methodName "AUTOMATED_RESTORE"; HTTP delivery only restores a snapshot (snapshotId).`
        : undefined,
  })),
  {
    property: "pointInTimeUTCMillis",
    violated: (i, ctx) => {
      // An adopted restore already exists: the age limit is for starting one.
      if (!isSet(i.pointInTimeUTCMillis) || ctx.restorePointUnchanged || isSet(i.adopt)) return undefined;
      const t = Number(i.pointInTimeUTCMillis);
      if (t > ctx.now + FUTURE_SLACK_MS) return `pointInTimeUTCMillis ${new Date(t).toISOString()} is in the future.`;
      if (t < ctx.now - DAY_MS)
        return `pointInTimeUTCMillis ${new Date(t).toISOString()} is more than 24 hours ago; Atlas only restores to a point within the last 24 hours. Use a snapshotId for older data.`;
      return undefined;
    },
  },
  {
    property: "oplogTs",
    violated: (i, ctx) => {
      if (!isSet(i.oplogTs) || ctx.restorePointUnchanged) return undefined;
      const t = Number(i.oplogTs) * 1000;
      return t > ctx.now + FUTURE_SLACK_MS
        ? `oplogTs ${i.oplogTs} (${new Date(t).toISOString()}) is in the future; it is seconds since the epoch of an oplog entry that already exists.`
        : undefined;
    },
  },
  {
    property: "delivery.targetProjectId",
    violated: (i) =>
      automated(i) && !isSet(i.delivery?.targetProjectId)
        ? "An AUTOMATED_RESTORE needs delivery.targetProjectId: the project of the cluster to restore into (its data will be wiped)."
        : undefined,
  },
  {
    property: "delivery.targetClusterName",
    violated: (i) => {
      if (!automated(i)) return undefined;
      const byName = isSet(i.delivery?.targetClusterName);
      const byId = isSet(i.delivery?.targetClusterId);
      if (!byName && !byId) return "An AUTOMATED_RESTORE needs delivery.targetClusterName or delivery.targetClusterId: the cluster to restore into.";
      if (byName && byId) return "Set only one of delivery.targetClusterName and delivery.targetClusterId.";
      return undefined;
    },
  },
  ...(["targetProjectId", "targetClusterName", "targetClusterId"] as const).map((key) => ({
    property: `delivery.${key}`,
    violated: (i: Partial<RestoreJobInputs>) =>
      i.delivery?.methodName === "HTTP" && isSet(i.delivery?.[key])
        ? `delivery.${key} only applies to AUTOMATED_RESTORE; remove it or set delivery.methodName to "AUTOMATED_RESTORE".`
        : undefined,
  })),
  ...(["expirationHours", "maxDownloads"] as const).map((key) => ({
    property: `delivery.${key}`,
    violated: (i: Partial<RestoreJobInputs>) =>
      automated(i) && isSet(i.delivery?.[key])
        ? `delivery.${key} only applies to HTTP delivery (a download link); an AUTOMATED_RESTORE has none.`
        : undefined,
  })),
];

import type { CombinationRule } from "../restore-core/check-engine";
import { cloudRestorePointsOf, isSet, type CloudBackupRestoreJobInputs } from "./inputs";

type Inputs = Partial<CloudBackupRestoreJobInputs>;
type Rule = CombinationRule<CloudBackupRestoreJobInputs>;

const POINTS = {
  download: "snapshotId or snapshot ({ latest: true } / { latestBefore })",
  automated: "snapshotId or snapshot ({ latest: true } / { latestBefore })",
  pointInTime: "pointInTimeUTCSeconds, or oplogTs + oplogInc",
} as const;
const ALLOWED_POINTS = {
  download: ["snapshotId", "snapshot"],
  automated: ["snapshotId", "snapshot"],
  pointInTime: ["pointInTimeUTCSeconds", "oplog"],
} as const;
const targeted = (i: Inputs) => i.deliveryType === "automated" || i.deliveryType === "pointInTime";

/**
 * The invalid combinations of the v2 create body (atlas-v2-and-auth.md §1.3), as data. Each rule
 * names the property to change. What needs the cluster (topology, snapshot existence, fallback
 * or not for an explicit snapshotId) is decided at create, before the POST.
 */
export const CLOUD_COMBINATION_RULES: Rule[] = [
  {
    property: "snapshotId",
    violated: (i) => {
      if (isSet(i.adopt) || !i.deliveryType) return undefined;
      const kinds = cloudRestorePointsOf(i);
      if (kinds.length === 0) return `A ${i.deliveryType} restore needs a restore point: ${POINTS[i.deliveryType]}.`;
      if (kinds.length > 1) return `Set only one restore point, but ${kinds.join(" and ")} are all set.`;
      const allowed: readonly string[] = ALLOWED_POINTS[i.deliveryType];
      return allowed.includes(kinds[0]) ? undefined : `${kinds[0]} does not apply to a ${i.deliveryType} restore; use ${POINTS[i.deliveryType]}.`;
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
  ...(["targetProjectId", "targetClusterName"] as const).map((key): Rule => ({
    property: key,
    violated: (i) => {
      if (targeted(i) && !isSet(i[key])) return `A ${i.deliveryType} restore needs ${key}: the cluster to restore into (its data will be wiped).`;
      if (i.deliveryType === "download" && isSet(i[key])) return `${key} only applies to automated and pointInTime restores; a download has no target.`;
      return undefined;
    },
  })),
  {
    property: "pointInTimeUTCSeconds",
    violated: (i, ctx) => {
      const t = i.pointInTimeUTCSeconds ?? i.oplogTs;
      if (t === undefined || ctx.restorePointUnchanged) return undefined;
      return Number(t) * 1000 > ctx.now + 60_000 ? `The point in time ${new Date(Number(t) * 1000).toISOString()} is in the future.` : undefined;
    },
  },
  {
    property: "allowFallbackSnapshot",
    violated: (i) =>
      i.allowFallbackSnapshot && i.deliveryType === "pointInTime"
        ? "allowFallbackSnapshot applies to snapshot restores (download, automated), not to pointInTime."
        : undefined,
  },
];

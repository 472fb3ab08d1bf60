import type { CloudSnapshot } from "../atlas/cloud-backup";
import type { SnapshotSelector } from "./inputs";

/**
 * The snapshot a selector picks from a cluster's snapshot list: the newest COMPLETED one (created
 * at or before `latestBefore`, if given), never a fallback snapshot ("may contain inconsistent
 * data … last resort", D-RST) unless `allowFallback`. Atlas has no server-side "latest"; the
 * list's order is not relied on (sorted by `createdAt` here).
 */
export function pickSnapshot(snapshots: readonly CloudSnapshot[], selector: SnapshotSelector, allowFallback = false): CloudSnapshot | undefined {
  const before = "latestBefore" in selector ? Date.parse(selector.latestBefore) : Infinity;
  return snapshots
    .filter((s) => s.status === "completed" && s.createdAt !== undefined && !Number.isNaN(Date.parse(s.createdAt)))
    .filter((s) => allowFallback || s.snapshotType !== "fallback")
    .filter((s) => Date.parse(s.createdAt as string) <= before)
    .sort((a, b) => Date.parse(b.createdAt as string) - Date.parse(a.createdAt as string))[0];
}

export function describeSelector(selector: SnapshotSelector): string {
  return "latestBefore" in selector ? `the latest completed snapshot before ${selector.latestBefore}` : "the latest completed snapshot";
}

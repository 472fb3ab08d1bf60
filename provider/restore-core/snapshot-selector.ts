import { z } from "zod";

/**
 * Which snapshot to restore, chosen from the cluster's snapshot list ONCE, when the restore is
 * created, and stored as `resolvedSnapshotId`. Diff compares the selector, never the resolution,
 * so a new snapshot in Atlas never starts another restore (terraform-provider-mongodbatlas
 * #2804). Shared by RestoreJob (legacy snapshots) and CloudBackupRestoreJob (Cloud Backup).
 */
export type SnapshotSelector = { latest: true } | { latestBefore: string };

const isoTime = z
  .string({ error: "snapshot.latestBefore must be an ISO-8601 time such as 2026-01-03T00:00:00Z" })
  .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), {
    error: "snapshot.latestBefore must be an ISO-8601 time such as 2026-01-03T00:00:00Z",
  });

export const snapshotSelectorSchema = z.union(
  [z.strictObject({ latest: z.literal(true) }), z.strictObject({ latestBefore: isoTime })],
  { error: 'snapshot must be { latest: true } or { latestBefore: "<ISO-8601 time>" }' },
);

/** A snapshot as the selector sees it, whichever API listed it. */
export interface SnapshotCandidate {
  id: string;
  /** When it was taken; absent while it is being taken. */
  createdAt?: string;
  completed: boolean;
  /** Cloud Backup fallback snapshots "may contain inconsistent data" (D-RST). */
  fallback: boolean;
}

/**
 * The newest COMPLETED candidate (taken at or before `latestBefore`, if given), never a fallback
 * one unless `allowFallback`. No API has a server-side "latest"; list order is not relied on.
 */
export function pickSnapshot<T extends SnapshotCandidate>(candidates: readonly T[], selector: SnapshotSelector, allowFallback = false): T | undefined {
  const before = "latestBefore" in selector ? Date.parse(selector.latestBefore) : Infinity;
  const time = (c: T) => Date.parse(c.createdAt ?? "");
  return candidates
    .filter((c) => c.completed && !Number.isNaN(time(c)) && (allowFallback || !c.fallback) && time(c) <= before)
    .sort((a, b) => time(b) - time(a))[0];
}

export function describeSelector(selector: SnapshotSelector): string {
  return "latestBefore" in selector ? `the latest completed snapshot before ${selector.latestBefore}` : "the latest completed snapshot";
}

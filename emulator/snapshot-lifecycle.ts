/**
 * Pure: snapshots on the emulated clock, and the restore window of point-in-time restores.
 *
 *   expiry       Atlas deletes a snapshot at its `expiresAt` (BackupSnapshot.expires: "Date and
 *                time when MongoDB Cloud deletes the snapshot", OpenAPI): from then on it is in no
 *                list, GET answers 404 and a restore of it 409 (as for a DELETEd one).
 *   on-demand    queued → inProgress → completed over `snapshotDurationMs` (REC TestRestores:
 *                queued at the request, inProgress ~30 s later, completed ~2.5 min after it, its
 *                `createdAt` some 95 s in; `expiresAt` = request + retention, then completion +
 *                retention once completed).
 *   PIT window   Cloud Backup: `restoreWindowDays` (default 7); legacy backup: the documented
 *                24 hours. A PIT restore must name a moment inside the window, and start from a
 *                snapshot inside it too: the oplog that would roll an older one forward is gone.
 */
import type { AtlasErrorSpec } from "./errors";
import { atlasError } from "./errors";
import type { ClusterState, SnapshotState } from "./world-state";

export const DAY_MS = 86_400_000;
/** Fixture snapshots without `expiresAt` stay this long after they entered the world. */
export const DEFAULT_FIXTURE_RETENTION_MS = 30 * DAY_MS;
export const DEFAULT_SNAPSHOT_DURATION_MS = 150_000;
/** Share of the duration spent `queued`, and the point (share) whose data the snapshot holds. */
const QUEUED_SHARE = 0.2;
export const SNAPSHOT_POINT_SHARE = 0.6;
export const DEFAULT_RESTORE_WINDOW_DAYS = 7;
/** atlas-restore-api.md §2.3 rule 4: "within last 24 hours of the current time". */
export const LEGACY_PIT_WINDOW_MS = DAY_MS;

export type SnapshotStatus = SnapshotState["status"];

export interface SnapshotPhase {
  readonly status: SnapshotStatus;
  /** What `expiresAt` / `expires` shows now. */
  readonly expiresAt: number;
  /** Deleted by a DELETE or by its expiry. */
  readonly gone: boolean;
}

/** A fixture snapshot's default expiry: the retention counted from when it entered the world, or from `created` if later. */
export function fixtureExpiry(createdMs: number, enteredAtMs: number): number {
  return Math.max(createdMs, enteredAtMs) + DEFAULT_FIXTURE_RETENTION_MS;
}

export function snapshotPhase(s: SnapshotState, now: number): SnapshotPhase {
  const gone = s.deletedAt !== undefined || now >= s.expiresAt;
  const od = s.onDemand;
  if (!od) return { status: s.status, expiresAt: s.expiresAt, gone };
  const queuedUntil = od.requestedAt + (od.completedAt - od.requestedAt) * QUEUED_SHARE;
  const status: SnapshotStatus = now >= od.completedAt ? "completed" : now >= queuedUntil ? "inProgress" : "queued";
  return { status, expiresAt: status === "completed" ? s.expiresAt : od.requestedAt + od.retentionMs, gone };
}

/** The snapshots Atlas still has, newest first. */
export function liveSnapshots(cluster: ClusterState, now: number): SnapshotState[] {
  return [...cluster.snapshots.values()]
    .filter((s) => !snapshotPhase(s, now).gone)
    .sort((a, b) => Date.parse(b.created) - Date.parse(a.created));
}

export type SnapshotLookup =
  | { readonly kind: "live"; readonly snapshot: SnapshotState; readonly phase: SnapshotPhase }
  | { readonly kind: "gone"; readonly snapshot: SnapshotState }
  | { readonly kind: "none" };

export function lookupSnapshot(cluster: ClusterState, id: string, now: number): SnapshotLookup {
  const snapshot = cluster.snapshots.get(id);
  if (!snapshot) return { kind: "none" };
  const phase = snapshotPhase(snapshot, now);
  return phase.gone ? { kind: "gone", snapshot } : { kind: "live", snapshot, phase };
}

/** The 409 a restore of a deleted or expired snapshot earns (D-ERR). */
export function deletedSnapshot(s: SnapshotState, now: number): AtlasErrorSpec {
  const when = s.deletedAt ?? s.expiresAt;
  return atlasError("CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT", [s.id], `Atlas deleted it at ${new Date(Math.min(when, now)).toISOString()}${s.deletedAt === undefined ? " (it expired)" : ""}.`);
}

/** Start of the point-in-time restore window, emulated ms. */
export function restoreWindowStart(cluster: ClusterState, now: number): number {
  if (cluster.backup !== "cloud") return now - LEGACY_PIT_WINDOW_MS;
  return now - (cluster.restoreWindowDays ?? DEFAULT_RESTORE_WINDOW_DAYS) * DAY_MS;
}

function windowText(cluster: ClusterState): string {
  return cluster.backup === "cloud" ? `${cluster.restoreWindowDays ?? DEFAULT_RESTORE_WINDOW_DAYS}-day restore window` : "24-hour point-in-time window";
}

export interface PitRequest {
  /** The moment to restore to, emulated ms. */
  readonly atMs: number;
  /** A snapshot the request names (v2 PIT may name one), else the newest completed one before `atMs`. */
  readonly snapshotId?: string;
  /** Which time of a snapshot counts (Cloud Backup: `created`; legacy: its oplog `timestamp`). */
  readonly pointOf: (s: SnapshotState) => number;
  /** The error for a moment outside the window (each API words it its own way). */
  readonly outsideWindow: (note: string) => AtlasErrorSpec;
}

/**
 * The snapshot a PIT restore starts from, or what Atlas answers instead. Where Atlas's exact
 * answer is not documented (a base snapshot older than the window) the closest documented code is
 * used: UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME (docs/atlas-api-facts.md).
 */
export function pitBaseSnapshot(cluster: ClusterState, r: PitRequest, now: number): SnapshotState | AtlasErrorSpec {
  const start = restoreWindowStart(cluster, now);
  const at = new Date(r.atMs).toISOString();
  if (r.atMs < start) {
    return r.outsideWindow(`${at} is before ${cluster.name}'s ${windowText(cluster)} (it starts ${new Date(start).toISOString()}).`);
  }
  const seconds = Math.floor(r.atMs / 1000);
  let base: SnapshotState | undefined;
  if (r.snapshotId !== undefined) {
    const found = lookupSnapshot(cluster, r.snapshotId, now);
    if (found.kind === "gone") return deletedSnapshot(found.snapshot, now);
    if (found.kind === "none") return atlasError("SNAPSHOT_NOT_FOUND", [r.snapshotId, cluster.name]);
    if (found.phase.status !== "completed") return atlasError("CANNOT_START_RESTORE_JOB_FOR_INCOMPLETE_CLUSTER_SNAPSHOT", [r.snapshotId]);
    if (r.pointOf(found.snapshot) > r.atMs) return atlasError("UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME", [seconds], `Snapshot ${r.snapshotId} was taken after ${at}.`);
    base = found.snapshot;
  } else {
    base = liveSnapshots(cluster, now)
      .filter((s) => snapshotPhase(s, now).status === "completed" && r.pointOf(s) <= r.atMs)
      .sort((a, b) => r.pointOf(b) - r.pointOf(a))[0];
    if (!base) return atlasError("UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME", [seconds]);
  }
  if (r.pointOf(base) < start) {
    return atlasError(
      "UNABLE_T0_FIND_SNAPSHOT_PRIOR_TO_PIT_RESTORE_OPTIME",
      [seconds],
      `The newest snapshot before it (${base.id}, ${new Date(r.pointOf(base)).toISOString()}) is older than ${cluster.name}'s ${windowText(cluster)}: its oplog is no longer kept.${cluster.backup === "cloud" ? " Take an on-demand snapshot first." : ""}`,
    );
  }
  return base;
}

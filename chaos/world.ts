/**
 * Clusters of their own for every scenario (and every chaos schedule): a source cluster of one
 * restore API with one snapshot, and target clusters to restore into. Ids are fresh, so no
 * scenario sees another's jobs, and scenarios may run side by side on one emulator. The
 * conformance suite (tests/conformance) and the chaos campaign share these.
 */
import { FIXTURE_IDS, type Emulator } from "../emulator";

/** The two restore APIs: legacy restore jobs (`RestoreJob`), Cloud Backup (`CloudBackupRestoreJob`). */
export type Api = "legacy" | "cloudBackup";

export interface SourceCluster {
  projectId: string;
  name: string;
  snapshotId: string;
}

export interface TargetCluster {
  projectId: string;
  name: string;
}

/** How the cluster's restores play out, in emulated ms. */
export interface RestorePlay {
  jobDurationMs?: number;
  outcome?: "FINISHED" | "BROKEN";
}

let n = 0;
let ids = 0;

/** A 24-hex id that exists nowhere in the fixtures (time-stamped, then a process-wide counter). */
export function freshId(): string {
  ids += 1;
  return `7c${Date.now().toString(16).padStart(12, "0").slice(-12)}${ids.toString(16).padStart(10, "0")}`;
}

/** Options of a new source cluster: its restores, its project, its name, when its snapshot was taken. */
export interface SourceOptions extends RestorePlay {
  projectId?: string;
  name?: string;
  /** When the snapshot was taken (ms). @default a day ago, so it is inside any restore window */
  snapshotAt?: number;
  /** A sharded cluster of this many shards (its restores are batches of parts). @default a replica set */
  shards?: number;
}

const topology = (shards?: number) => (shards ? { type: "SHARDED" as const, shards } : { type: "REPLICA_SET" as const });

/** A snapshot of `source` taken at `at` (ms), e.g. a newer one than a selector picked. */
export function addSnapshot(emulator: Emulator, source: SourceCluster, at: number): string {
  const id = freshId();
  const taken = new Date(at).toISOString();
  emulator.addSnapshot(source.projectId, source.name, { id, created: taken, timestamp: { date: taken, increment: 1 } });
  return id;
}

/** A replica set (or sharded cluster) served by `api`, with one completed snapshot. */
export function newSource(emulator: Emulator, api: Api, o: SourceOptions = {}): SourceCluster {
  const name = o.name ?? `Conf${api === "legacy" ? "Legacy" : "Cloud"}${++n}`;
  const projectId = o.projectId ?? FIXTURE_IDS.projectId;
  const snapshotId = freshId();
  const taken = new Date(o.snapshotAt ?? Date.now() - 86_400_000).toISOString();
  emulator.addCluster(projectId, {
    name,
    id: freshId(),
    ...topology(o.shards),
    backup: api === "legacy" ? "legacy" : "cloud",
    restoreBehaviour: { jobDurationMs: o.jobDurationMs ?? 20_000, outcome: o.outcome ?? "FINISHED" },
    snapshots: [{ id: snapshotId, created: taken, timestamp: { date: taken, increment: 1 } }],
  });
  return { projectId, name, snapshotId };
}

/** A cluster to restore into (by default in the fixtures' DR project), of the source's topology. */
export function newTarget(emulator: Emulator, api: Api, o: { projectId?: string; name?: string; shards?: number } = {}): TargetCluster {
  const name = o.name ?? `ConfTarget${++n}`;
  const projectId = o.projectId ?? FIXTURE_IDS.drProjectId;
  emulator.addCluster(projectId, { name, id: freshId(), ...topology(o.shards), backup: api === "legacy" ? "legacy" : "cloud" });
  return { projectId, name };
}

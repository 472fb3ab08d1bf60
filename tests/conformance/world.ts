/**
 * Clusters of their own for every scenario: a source cluster of the subject's API with one
 * snapshot, and target clusters in the DR project. Ids are fresh, so no scenario sees another's
 * jobs, and scenarios may run side by side on one emulator.
 */
import { FIXTURE_IDS, type Emulator } from "../../emulator";
import { freshId } from "../reliability/helpers";
import type { Api } from "./subjects";

export interface SourceCluster {
  projectId: string;
  name: string;
  snapshotId: string;
}

export interface TargetCluster {
  projectId: string;
  name: string;
}

let n = 0;

/** A replica set served by `api`, with one completed snapshot (taken yesterday, so inside any restore window). */
export function newSource(emulator: Emulator, api: Api, restore: { jobDurationMs?: number; outcome?: "FINISHED" | "BROKEN" } = {}): SourceCluster {
  const name = `Conf${api === "legacy" ? "Legacy" : "Cloud"}${++n}`;
  const snapshotId = freshId();
  const taken = new Date(Date.now() - 86_400_000).toISOString();
  emulator.addCluster(FIXTURE_IDS.projectId, {
    name,
    id: freshId(),
    type: "REPLICA_SET",
    backup: api === "legacy" ? "legacy" : "cloud",
    restoreBehaviour: { jobDurationMs: restore.jobDurationMs ?? 20_000, outcome: restore.outcome ?? "FINISHED" },
    snapshots: [{ id: snapshotId, created: taken, timestamp: { date: taken, increment: 1 } }],
  });
  return { projectId: FIXTURE_IDS.projectId, name, snapshotId };
}

/** A cluster in the DR project to restore into. */
export function newTarget(emulator: Emulator, api: Api): TargetCluster {
  const name = `ConfTarget${++n}`;
  emulator.addCluster(FIXTURE_IDS.drProjectId, { name, id: freshId(), type: "REPLICA_SET", backup: api === "legacy" ? "legacy" : "cloud" });
  return { projectId: FIXTURE_IDS.drProjectId, name };
}

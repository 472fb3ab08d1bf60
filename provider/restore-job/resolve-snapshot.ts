import type { LegacySnapshot } from "../atlas/models";
import { RestoreError } from "./errors";
import type { RestoreJobInputs } from "./inputs";
import { describeSelector, pickSnapshot } from "../restore-core/snapshot-selector";

/** The one call the selector needs (AtlasClient implements it). */
export interface LegacySnapshotsApi {
  listSnapshots(projectId: string, clusterName: string): Promise<LegacySnapshot[]>;
}

/**
 * The inputs to POST with: a `snapshot` selector replaced by the snapshot it picks NOW (the
 * newest complete legacy snapshot, before `latestBefore` if given), and that id. Called once, at
 * create; the stored inputs keep the selector, so later diffs never see the resolution.
 */
export async function resolveSnapshotSelector(
  api: LegacySnapshotsApi,
  inputs: RestoreJobInputs,
  log: (line: string) => void,
): Promise<{ inputs: RestoreJobInputs; resolvedSnapshotId?: string }> {
  const { snapshot, ...rest } = inputs;
  if (!snapshot) return { inputs, resolvedSnapshotId: inputs.snapshotId };
  const candidates = (await api.listSnapshots(inputs.projectId, inputs.clusterName)).map((s) => ({
    id: s.id, createdAt: s.created?.date, completed: s.complete === true, fallback: false,
  }));
  const picked = pickSnapshot(candidates, snapshot);
  if (!picked) {
    throw new RestoreError(
      "NO_MATCHING_SNAPSHOT",
      `Cluster ${inputs.clusterName} has no ${describeSelector(snapshot)}. Check its snapshots, widen snapshot.latestBefore, or set snapshotId. Nothing was started.`,
    );
  }
  log(`${inputs.clusterName}: snapshot selector picked ${picked.id} (taken ${picked.createdAt}); it stays pinned as resolvedSnapshotId`);
  return { inputs: { ...rest, snapshotId: picked.id }, resolvedSnapshotId: picked.id };
}

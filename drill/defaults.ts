/**
 * The drill's default ids: those of the local emulator's seed world (emulator/fixtures.ts
 * FIXTURE_IDS; tests/start keeps the two in step). They exist only in the emulator: against Atlas,
 * set each one in stack config. Kept apart from the program so it can be read without running it.
 */
export const DRILL_DEFAULTS = {
  /** Project of the clusters to restore from. */
  projectId: "6b99999887d9d61443b41657",
  /** A sharded cluster, and a snapshot of it, to download. */
  shardedCluster: "Cluster0",
  shardedSnapshotId: "5a681ff180eef54e09de20d1",
  /** A replica set, and a snapshot of it, to restore into the DR cluster. */
  replicaSet: "ReplicaSet0",
  replicaSetSnapshotId: "6b9a100287d9d61443b4b002",
  /** The DR project and the cluster whose data the automated restore replaces. */
  drProjectId: "6d72ec0087d9d61443b4d001",
  drCluster: "DrReplicaSet0",
} as const;

/**
 * The drill's default ids: those of the local emulator's seed world (emulator/fixtures.ts
 * FIXTURE_IDS; tests/start keeps the two in step). They exist only in the emulator: against Atlas,
 * set each one in stack config. Kept apart from the program so it can be read without running it.
 */
export const DRILL_DEFAULTS = {
  /** Project of the clusters to restore from. */
  projectId: "6b99999887d9d61443b41657",
  /** A legacy-backup sharded cluster, and a snapshot of it, to download. */
  shardedCluster: "Cluster0",
  shardedSnapshotId: "5a681ff180eef54e09de20d1",
  /** A legacy-backup replica set, and a snapshot of it, to restore into the DR cluster. */
  replicaSet: "ReplicaSet0",
  replicaSetSnapshotId: "6b9a100287d9d61443b4b002",
  /** The DR project and the legacy cluster whose data the legacy automated restore replaces. */
  drProjectId: "6d72ec0087d9d61443b4d001",
  drCluster: "DrReplicaSet0",
  /** A Cloud Backup sharded cluster, and a snapshot of it (its newest completed one), to download. */
  cloudShardedCluster: "CloudCluster0",
  cloudShardedSnapshotId: "6b9a2c0387d9d61443b4c203",
  /** A Cloud Backup replica set, and a snapshot of it (its newest completed one), to restore into the DR cluster. */
  cloudReplicaSet: "CloudReplicaSet0",
  cloudReplicaSetSnapshotId: "6b9a1c0387d9d61443b4c103",
  /** The Cloud Backup cluster in drProjectId whose data the Cloud Backup automated restore replaces. */
  drCloudCluster: "DrCloudReplicaSet0",
} as const;

/** A drill id's stack config key. */
export type DrillIdKey = keyof typeof DRILL_DEFAULTS;

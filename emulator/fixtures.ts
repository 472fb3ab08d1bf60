/**
 * The default fixture world and its well-known ids. The seed project, cluster and snapshot are
 * those of the 2018 "Create One Restore Job" example (atlas-restore-api.md §3.1, seed page).
 */
import { readFile } from "node:fs/promises";
import type { ClusterFixture, FixtureFile, SnapshotFixture } from "./fixture-schema";
import { fixtureFileSchema, parseOrThrow } from "./fixture-schema";

export * from "./fixture-schema";

/** Well-known ids of `DEFAULT_FIXTURES`; import these instead of repeating literals. */
export const FIXTURE_IDS = {
  /** The seed example's project. */
  projectId: "6b99999887d9d61443b41657",
  /** DR target project (automated restores land here). */
  drProjectId: "6d72ec0087d9d61443b4d001",
  /** SHARDED, 2 shards + config server: the seed example's cluster. */
  cluster0: {
    name: "Cluster0",
    clusterId: "5a66689487d9d61443b46148",
    /** The seed request's snapshot. */
    snapshotId: "5a681ff180eef54e09de20d1",
    checkpointId: "5a6a1c3e80eef54e09de3001",
    // Seed part clusterIds; the seed repeats the first for both shards, here shard 1 has its own.
    shard0: { replicaSetName: "Cluster0-shard-0", clusterId: "6c66689487d9d61443b46150", snapshotId: "5a682026e2bfb30d6616ae54" },
    // The seed's "5a682028fcc17841e4d5851g" is not hex; "g" became "0".
    shard1: { replicaSetName: "Cluster0-shard-1", clusterId: "6c66689487d9d61443b46151", snapshotId: "5a682028fcc17841e4d58510" },
    config: { replicaSetName: "Cluster0-config-0", clusterId: "5a66689487d9d61443b46149", snapshotId: "5a682026e2bfb30d161c3859" },
  },
  /** REPLICA_SET with point-in-time restores enabled. */
  replicaSet0: {
    name: "ReplicaSet0",
    clusterId: "6b9a000187d9d61443b4a001",
    /** Newest snapshot. */
    snapshotId: "6b9a100287d9d61443b4b002",
    olderSnapshotId: "6b9a100187d9d61443b4b001",
  },
  orders0: { name: "Orders0", clusterId: "6b9a000287d9d61443b4a002", snapshotId: "6b9a100387d9d61443b4b003" },
  /** REPLICA_SET with Encryption at Rest (HTTP download of it is refused, §5.2). */
  encrypted0: { name: "Encrypted0", clusterId: "6b9a000387d9d61443b4a003", snapshotId: "6b9a100487d9d61443b4b004" },
  drReplicaSet0: { name: "DrReplicaSet0", clusterId: "6d72ec0187d9d61443b4d101" },
  drOrders0: { name: "DrOrders0", clusterId: "6d72ec0287d9d61443b4d102" },
  /** SHARDED, 2 shards + config server, same topology as Cluster0. */
  drCluster0: { name: "DrCluster0", clusterId: "6d72ec0387d9d61443b4d103" },
  /** REPLICA_SET with Encryption at Rest (target for encrypted snapshots). */
  drEncrypted0: { name: "DrEncrypted0", clusterId: "6d72ec0487d9d61443b4d104" },
  /**
   * Cloud Backup (Admin API v2) REPLICA_SET with continuous backup (PIT). Snapshots oldest to
   * newest: three completed scheduled ones, then a fallback one (the newest, so a "latest
   * completed non-fallback" pick must skip it).
   */
  cloudReplicaSet0: {
    name: "CloudReplicaSet0",
    clusterId: "6b9a0c0187d9d61443b4c001",
    snapshotIds: ["6b9a1c0187d9d61443b4c101", "6b9a1c0287d9d61443b4c102", "6b9a1c0387d9d61443b4c103"],
    /** Newest completed, non-fallback. */
    latestSnapshotId: "6b9a1c0387d9d61443b4c103",
    fallbackSnapshotId: "6b9a1c0487d9d61443b4c104",
  },
  /** Cloud Backup SHARDED, 2 shards + config server; snapshots as CloudReplicaSet0's. */
  cloudCluster0: {
    name: "CloudCluster0",
    clusterId: "6b9a0c0287d9d61443b4c002",
    snapshotIds: ["6b9a2c0187d9d61443b4c201", "6b9a2c0287d9d61443b4c202", "6b9a2c0387d9d61443b4c203"],
    latestSnapshotId: "6b9a2c0387d9d61443b4c203",
    fallbackSnapshotId: "6b9a2c0487d9d61443b4c204",
  },
  /** Cloud Backup REPLICA_SET in the DR project: target of automated / PIT restores. */
  drCloudReplicaSet0: { name: "DrCloudReplicaSet0", clusterId: "6d72ec0587d9d61443b4d105" },
  /** Cloud Backup SHARDED (2 shards) in the DR project: target for CloudCluster0. */
  drCloudCluster0: { name: "DrCloudCluster0", clusterId: "6d72ec0687d9d61443b4d106" },
  /**
   * A second source project (drills spanning projects run one stack per project): a legacy
   * replica set and a Cloud Backup one, each with a DR target in the DR project.
   */
  secondProjectId: "6e5ec0d087d9d61443b4e001",
  inventory0: { name: "Inventory0", clusterId: "6e5ec0d187d9d61443b4e101", snapshotId: "6e5ec1d187d9d61443b4e201" },
  cloudInventory0: {
    name: "CloudInventory0",
    clusterId: "6e5ec0d287d9d61443b4e102",
    snapshotIds: ["6e5ec2d187d9d61443b4e301", "6e5ec2d287d9d61443b4e302"],
    latestSnapshotId: "6e5ec2d287d9d61443b4e302",
    fallbackSnapshotId: "6e5ec2d387d9d61443b4e303",
  },
  drInventory0: { name: "DrInventory0", clusterId: "6d72ec0787d9d61443b4d107" },
  drCloudInventory0: { name: "DrCloudInventory0", clusterId: "6d72ec0887d9d61443b4d108" },
} as const;

const ID = FIXTURE_IDS;
const ts = (date: string) => ({ date, increment: 1 });
const rs = (name: string, id: string, extra: Partial<ClusterFixture> = {}): ClusterFixture => ({
  name,
  id,
  type: "REPLICA_SET",
  mongoDBVersion: "4.0.28",
  ...extra,
});

/** Three completed daily snapshots a day apart, then a fallback one (Cloud Backup fixtures). */
function cloudSnapshots(c: { snapshotIds: readonly string[]; fallbackSnapshotId: string }, firstDay: number): SnapshotFixture[] {
  const at = (i: number) => new Date(Date.UTC(2026, 0, firstDay + i, 6, 0, 0)).toISOString().replace(".000Z", "Z");
  const completed = c.snapshotIds.map((id, i): SnapshotFixture => ({ id, created: at(i), timestamp: ts(at(i)) }));
  const n = c.snapshotIds.length;
  return [...completed, { id: c.fallbackSnapshotId, created: at(n), timestamp: ts(at(n)), snapshotType: "fallback", frequencyType: "ondemand" }];
}

/** The default world; see FIXTURE_IDS for what it contains. */
export const DEFAULT_FIXTURES: FixtureFile = {
  projects: [
    {
      id: ID.projectId,
      name: "Seed Project",
      clusters: [
        {
          name: ID.cluster0.name,
          id: ID.cluster0.clusterId,
          type: "SHARDED",
          shards: 2,
          mongoDBVersion: "4.0.28",
          replicaSets: [
            { typeName: "REPLICA_SET", replicaSetName: ID.cluster0.shard0.replicaSetName, clusterId: ID.cluster0.shard0.clusterId },
            { typeName: "REPLICA_SET", replicaSetName: ID.cluster0.shard1.replicaSetName, clusterId: ID.cluster0.shard1.clusterId },
            { typeName: "CONFIG_SERVER", replicaSetName: ID.cluster0.config.replicaSetName, clusterId: ID.cluster0.config.clusterId },
          ],
          snapshots: [
            {
              id: ID.cluster0.snapshotId,
              created: "2018-01-24T05:55:03Z",
              timestamp: ts("2018-01-24T05:55:03Z"),
              parts: [ID.cluster0.shard0, ID.cluster0.shard1, ID.cluster0.config].map((p) => ({
                replicaSetName: p.replicaSetName,
                snapshotId: p.snapshotId,
              })),
            },
          ],
          checkpoints: [{ id: ID.cluster0.checkpointId, timestamp: ts("2018-01-24T12:00:00Z") }],
        },
        rs(ID.replicaSet0.name, ID.replicaSet0.clusterId, {
          pitEnabled: true,
          snapshots: [
            { id: ID.replicaSet0.olderSnapshotId, created: "2018-01-25T06:00:00Z", timestamp: ts("2018-01-25T05:59:58Z") },
            { id: ID.replicaSet0.snapshotId, created: "2018-01-26T06:00:00Z", timestamp: ts("2018-01-26T05:59:57Z") },
          ],
        }),
        rs(ID.orders0.name, ID.orders0.clusterId, {
          snapshots: [{ id: ID.orders0.snapshotId, created: "2018-01-26T07:00:00Z", timestamp: ts("2018-01-26T06:59:59Z") }],
        }),
        rs(ID.encrypted0.name, ID.encrypted0.clusterId, {
          encryptionAtRest: true,
          pitEnabled: true,
          snapshots: [{ id: ID.encrypted0.snapshotId, created: "2018-01-26T08:00:00Z", timestamp: ts("2018-01-26T07:59:59Z") }],
        }),
        rs(ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.clusterId, {
          backup: "cloud",
          mongoDBVersion: "8.0.4",
          pitEnabled: true,
          snapshots: cloudSnapshots(ID.cloudReplicaSet0, 1),
        }),
        {
          name: ID.cloudCluster0.name,
          id: ID.cloudCluster0.clusterId,
          type: "SHARDED",
          shards: 2,
          backup: "cloud",
          mongoDBVersion: "8.0.4",
          snapshots: cloudSnapshots(ID.cloudCluster0, 1),
        },
      ],
    },
    {
      id: ID.drProjectId,
      name: "DR Target Project",
      clusters: [
        rs(ID.drReplicaSet0.name, ID.drReplicaSet0.clusterId),
        rs(ID.drOrders0.name, ID.drOrders0.clusterId),
        { name: ID.drCluster0.name, id: ID.drCluster0.clusterId, type: "SHARDED", shards: 2, mongoDBVersion: "4.0.28" },
        rs(ID.drEncrypted0.name, ID.drEncrypted0.clusterId, { encryptionAtRest: true }),
        rs(ID.drCloudReplicaSet0.name, ID.drCloudReplicaSet0.clusterId, { backup: "cloud", mongoDBVersion: "8.0.4" }),
        { name: ID.drCloudCluster0.name, id: ID.drCloudCluster0.clusterId, type: "SHARDED", shards: 2, backup: "cloud", mongoDBVersion: "8.0.4" },
        rs(ID.drInventory0.name, ID.drInventory0.clusterId),
        rs(ID.drCloudInventory0.name, ID.drCloudInventory0.clusterId, { backup: "cloud", mongoDBVersion: "8.0.4" }),
      ],
    },
    {
      id: ID.secondProjectId,
      name: "Second Source Project",
      clusters: [
        rs(ID.inventory0.name, ID.inventory0.clusterId, {
          snapshots: [{ id: ID.inventory0.snapshotId, created: "2018-01-26T09:00:00Z", timestamp: ts("2018-01-26T08:59:59Z") }],
        }),
        rs(ID.cloudInventory0.name, ID.cloudInventory0.clusterId, { backup: "cloud", mongoDBVersion: "8.0.4", snapshots: cloudSnapshots(ID.cloudInventory0, 1) }),
      ],
    },
  ],
};

/** Validate a fixture object, or read and validate a JSON file (the CLI's --fixtures). */
export async function loadFixtures(source: FixtureFile | string | undefined): Promise<FixtureFile> {
  if (source === undefined) return DEFAULT_FIXTURES;
  if (typeof source !== "string") return parseOrThrow(fixtureFileSchema, source, "fixtures");
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(source, "utf8"));
  } catch (e) {
    throw new Error(`[atlas-emulator] Failed to read fixtures from ${source}: ${(e as Error).message}. Please pass a JSON file.`);
  }
  return parseOrThrow(fixtureFileSchema, raw, `fixtures in ${source}`);
}

/** A copy of `fixtures` where every cluster's restore takes `jobDurationMs` (CLI --restore-seconds). */
export function withRestoreDuration(fixtures: FixtureFile, jobDurationMs: number): FixtureFile {
  return {
    projects: fixtures.projects.map((p) => ({
      ...p,
      clusters: p.clusters?.map((c) => ({
        ...c,
        restoreBehaviour: { ...c.restoreBehaviour, jobDurationMs, deliveryPrepMs: undefined },
      })),
    })),
  };
}

/**
 * Measurements 7 and 8: the Cloud Backup (Admin API v2) resource beside the legacy one.
 *
 * 7. create → ready of an HTTP download, legacy `RestoreJob` vs `CloudBackupRestoreJob`, for a
 *    replica set and a sharded cluster (2 shards + config), 10 s / 10 min / 2 h restores, each on
 *    its own emulator and exact clock (moves only when slept on), each through the provider's
 *    own create path and wait (the safety core's startRestore + waitForRestore over each adapter). Requests are
 *    counted at the emulator: digest 401, snapshot reads, the POST and every poll.
 * 8. requests per poll while the Cloud Backup resource waits for a sharded download of N parts
 *    (a cluster added at run time; one job with N `components`), as group 2 does for legacy.
 */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../emulator";
import type { BatchResult } from "./batch-polls";
import { cloudRestoreAdapter, type CloudBackupApi, type CloudBackupRestoreJobInputs } from "../provider/cloud-backup-job";
import { legacyRestoreAdapter, type RestoreJobInputs, type RestoreJobsApi } from "../provider/restore-job";
import { createAndWait, type RestoreContext } from "../provider/restore-core";
import { scaledTime, virtualTime, type ScaledTime } from "./clock";
import { addSharded, clientOf, cloudClientOf, countWire, type WireCounts } from "./world";

export type BenchApi = "legacy" | "cloudBackup";
export type Topology = "replicaSet" | "sharded";
export const APIS: readonly BenchApi[] = ["legacy", "cloudBackup"];
export const TOPOLOGIES: readonly Topology[] = ["replicaSet", "sharded"];

export interface ApiRestoreResult extends WireCounts {
  api: BenchApi;
  topology: Topology;
  restoreMs: number;
  /** Archives the download delivers (1, or shards + config server). */
  parts: number;
  /** Snapshot reads (the v2 resource checks the snapshot before its POST). */
  snapshotReads: number;
  /** Emulated ms from the restore being ready to the provider returning. */
  delayMs: number;
}

const PROJECT = FIXTURE_IDS.projectId;
/** Nonces that never expire within a run (emulated ms). */
const NEVER = 1e15;

/** The seed cluster each case restores: same topology on both APIs (sharded: 2 shards + config). */
const SOURCES: Readonly<Record<BenchApi, Record<Topology, { clusterName: string; snapshotId: string }>>> = {
  legacy: {
    replicaSet: { clusterName: FIXTURE_IDS.replicaSet0.name, snapshotId: FIXTURE_IDS.replicaSet0.snapshotId },
    sharded: { clusterName: FIXTURE_IDS.cluster0.name, snapshotId: FIXTURE_IDS.cluster0.snapshotId },
  },
  cloudBackup: {
    replicaSet: { clusterName: FIXTURE_IDS.cloudReplicaSet0.name, snapshotId: FIXTURE_IDS.cloudReplicaSet0.latestSnapshotId },
    sharded: { clusterName: FIXTURE_IDS.cloudCluster0.name, snapshotId: FIXTURE_IDS.cloudCluster0.latestSnapshotId },
  },
};

/** One case of group 7 on its own emulator and exact clock. */
export async function measureApiRestore(restoreMs: number, api: BenchApi, topology: Topology): Promise<ApiRestoreResult> {
  const time = virtualTime();
  const emu = await startEmulator({ clock: time.now, timeScale: 1, nonceTtlMs: NEVER });
  const { clusterName, snapshotId } = SOURCES[api][topology];
  try {
    emu.setRestoreBehaviour(PROJECT, clusterName, { jobDurationMs: restoreMs });
    const parts = api === "legacy" ? await viaLegacy(emu, time, clusterName, snapshotId) : await viaCloudBackup(emu, time, clusterName, snapshotId);
    const log = [...emu.requestLog];
    const post = log.find((e) => e.method === "POST" && e.status === 200);
    if (!post) throw new Error(`${api} ${topology}: no successful POST in the emulator log`);
    const delayMs = time.now() - (post.at + restoreMs);
    if (delayMs < 0) throw new Error(`${api} ${topology}: returned ${-delayMs} ms BEFORE the restore was ready`);
    const snapshotReads = log.filter((e) => e.method === "GET" && e.status === 200 && e.path.includes("/snapshots")).length;
    return { api, topology, restoreMs, parts, ...countWire(log), snapshotReads, delayMs };
  } finally {
    await emu.close();
  }
}

async function viaLegacy(emu: Emulator, time: ScaledTime, clusterName: string, snapshotId: string): Promise<number> {
  const client = clientOf(emu, { requestsPerMinute: 1e9 });
  try {
    const ctx: RestoreContext<RestoreJobsApi> = { api: client, log: () => undefined, now: time.now, sleep: time.sleep };
    const inputs: RestoreJobInputs = { projectId: PROJECT, clusterName, snapshotId, delivery: { methodName: "HTTP" }, waitFor: "ready", waitTimeoutMinutes: 240 };
    const { parts } = await createAndWait(ctx, legacyRestoreAdapter, inputs);
    return parts.length;
  } finally {
    await client.close();
  }
}

async function viaCloudBackup(emu: Emulator, time: ScaledTime, clusterName: string, snapshotId: string, api?: (c: CloudBackupApi) => CloudBackupApi): Promise<number> {
  const client = cloudClientOf(emu);
  try {
    const ctx: RestoreContext<CloudBackupApi> = { api: api ? api(client) : client, log: () => undefined, now: time.now, sleep: time.sleep };
    const inputs: CloudBackupRestoreJobInputs = { projectId: PROJECT, clusterName, deliveryType: "download", snapshotId, waitFor: "ready", waitTimeoutMinutes: 240 };
    const { parts: [ready] } = await createAndWait(ctx, cloudRestoreAdapter, inputs);
    return Math.max(1, ready.components?.length ?? 0);
  } finally {
    await client.close();
  }
}

/** Same figures as group 2's (BatchResult); `polls` counts fetches of the one job. */
export type CloudBatchResult = BatchResult;

const BATCH_RESTORE_MS = 10_000;

/** Group 8: the Cloud Backup wait for a sharded download of `parts` parts, on a clock ×`scale`. */
export async function measureCloudBatch(parts: number, scale = 10): Promise<CloudBatchResult> {
  const time = scaledTime(scale);
  const emu = await startEmulator({ clock: time.now, timeScale: 1, nonceTtlMs: NEVER });
  try {
    const name = `CloudSharded${parts}`;
    const snapshotId = addSharded(emu, PROJECT, name, parts - 1, 0x7000 + parts, "cloud");
    emu.setRestoreBehaviour(PROJECT, name, { jobDurationMs: BATCH_RESTORE_MS });
    let polls = 0;
    let before = 0;
    const counting = (c: CloudBackupApi): CloudBackupApi => ({
      createRestoreJob: async (...a) => {
        const job = await c.createRestoreJob(...a);
        before = emu.requestLog.length;
        return job;
      },
      listRestoreJobs: (...a) => c.listRestoreJobs(...a),
      getRestoreJob: (...a) => (polls++, c.getRestoreJob(...a)),
      cancelRestoreJob: (...a) => c.cancelRestoreJob(...a),
      listSnapshots: (...a) => c.listSnapshots(...a),
      getSnapshot: (...a) => c.getSnapshot(...a),
    });
    const got = await viaCloudBackup(emu, time, name, snapshotId, counting);
    if (got !== parts) throw new Error(`expected ${parts} components, got ${got}`);
    const requests = emu.requestLog.length - before;
    return { parts, polls, requests, requestsPerPoll: requests / Math.max(1, polls) };
  } finally {
    await emu.close();
  }
}

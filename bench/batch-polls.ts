/**
 * Measurement 2: requests per poll while the provider waits for a sharded restore of N parts
 * (N - 1 shards + the config server, one restore job each, one batchId). Each N gets a sharded
 * cluster added at run time to its own emulator; the wait runs on a scaled clock.
 */
import { FIXTURE_IDS, startEmulator } from "../emulator";
import { legacyRestoreAdapter, type RestoreJobInputs, type RestoreJobsApi } from "../provider/restore-job";
import { startRestore, waitForRestore, type RestoreContext } from "../provider/restore-core";
import { scaledTime } from "./clock";
import { addSharded, clientOf } from "./world";

export interface BatchResult {
  parts: number;
  /** Times the wait loop fetched the batch. */
  polls: number;
  /** HTTP requests the emulator saw during the wait (after the create answer). */
  requests: number;
  requestsPerPoll: number;
}

const PROJECT = FIXTURE_IDS.projectId;
const RESTORE_MS = 10_000;

export async function measureBatch(parts: number, scale = 10): Promise<BatchResult> {
  const time = scaledTime(scale);
  const emu = await startEmulator({ clock: time.now, timeScale: 1, nonceTtlMs: 1e15 });
  const client = clientOf(emu, { requestsPerMinute: 100 * scale });
  try {
    const name = `Sharded${parts}`;
    const snapshotId = addSharded(emu, PROJECT, name, parts - 1, 0x5000 + parts);
    emu.setRestoreBehaviour(PROJECT, name, { jobDurationMs: RESTORE_MS });
    let polls = 0;
    const api: RestoreJobsApi = {
      createRestoreJobs: (...a) => client.createRestoreJobs(...a),
      listRestoreJobs: (...a) => (polls++, client.listRestoreJobs(...a)),
      getRestoreJob: (...a) => (polls++, client.getRestoreJob(...a)),
      listSnapshots: (...a) => client.listSnapshots(...a),
    };
    const ctx: RestoreContext<RestoreJobsApi> = { api, log: () => undefined, now: time.now, sleep: time.sleep };
    const inputs: RestoreJobInputs = { projectId: PROJECT, clusterName: name, snapshotId, delivery: { methodName: "HTTP" }, waitFor: "ready" };
    const { parts: jobs } = await startRestore(ctx, legacyRestoreAdapter, inputs);
    if (jobs.length !== parts) throw new Error(`expected ${parts} jobs in the batch, got ${jobs.length}`);
    polls = 0; // the list before the create is not a poll
    const before = emu.requestLog.length;
    const ref = { projectId: PROJECT, clusterName: name, ref: jobs[0].batchId ?? jobs[0].id };
    await waitForRestore(ctx, legacyRestoreAdapter, inputs, ref, { batchId: jobs[0].batchId, jobIds: jobs.map((j) => j.id) }, jobs);
    const requests = emu.requestLog.length - before;
    return { parts, polls, requests, requestsPerPoll: requests / Math.max(1, polls) };
  } finally {
    await client.close();
    await emu.close();
  }
}

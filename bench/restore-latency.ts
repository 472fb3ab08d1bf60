/**
 * Measurement 1: a restore of 10 s, 10 min and 2 h (emulated), from create to ready. For each
 * duration, in the same run and on the same emulated clock, four pollers each get their own
 * emulator (so their request logs, budgets and nonces stay apart):
 *   - provider:          the safety core's create path and wait, the provider's own schedule;
 *   - provider-nonce5m:  the same, against an emulator whose digest nonces expire after 5
 *                        emulated minutes (the emulator's default lifetime; Atlas documents none);
 *   - watch-4s:          create, then GET the job at once and every 4 s after each answer, as
 *                        `atlas backups restores watch` does (its `defaultWait`), same client;
 *   - watch-4s-cli:      the same schedule with a digest challenge before every request, as
 *                        MongoDB's Go digest transport sends them (reference §6).
 * Requests are counted at the emulator: the POST, its 401 challenge and every poll.
 *
 * Each case runs twice in the same run:
 *   - scaled: all pollers of a duration share one clock running `scale` times faster than real
 *     time, so round trips and timer lateness stretch each poll round by (real ms × scale);
 *   - exact:  each poller has a clock that moves only when slept on (round trips take no
 *     emulated time), which gives the schedule's own figures whatever the machine's load.
 */
import { Agent } from "undici";
import { FIXTURE_IDS, startEmulator, type Emulator } from "../emulator";
import type { AtlasClient } from "../provider/atlas";
import type { RestoreJob } from "../provider/atlas/models";
import { batchStatus, legacyRestoreAdapter, type RestoreJobInputs, type RestoreJobsApi } from "../provider/restore-job";
import { createAndWait, type RestoreContext } from "../provider/restore-core";
import { realNow, scaledTime, virtualTime, type ScaledTime } from "./clock";
import { clientOf, countWire, type WireCounts } from "./world";

export type Poller = "provider" | "provider-nonce5m" | "watch-4s" | "watch-4s-cli";
export const POLLERS: readonly Poller[] = ["provider", "provider-nonce5m", "watch-4s", "watch-4s-cli"];

export type ClockMode = "scaled" | "exact";

export interface LatencyResult extends WireCounts {
  restoreMs: number;
  poller: Poller;
  mode: ClockMode;
  /** Emulated ms per real ms; Infinity for the exact (virtual) clock. */
  scale: number;
  /** Emulated ms from the job becoming ready to the poller returning. */
  delayMs: number;
  /**
   * Emulated ms per poll round NOT asked for by the schedule (round trip + timer lateness, in real
   * ms × scale): how far scaled time stretches each round compared with a zero-latency API.
   */
  overheadPerRoundMs: number;
  realMs: number;
}

const PROJECT = FIXTURE_IDS.projectId;
const CLUSTER = FIXTURE_IDS.replicaSet0.name;
const SNAPSHOT = FIXTURE_IDS.replicaSet0.snapshotId;
const CLI_WAIT_MS = 4_000;
/** Nonces that never expire within a run (emulated ms). */
const NEVER = 1e15;
const FIVE_MINUTES = 300_000;

/**
 * Runs the pollers for one restore duration concurrently: on one shared clock `scale` times
 * faster than real time, or ("exact") each on its own virtual clock.
 */
export async function measureRestore(restoreMs: number, mode: ClockMode, scale: number, pollers: readonly Poller[] = POLLERS): Promise<LatencyResult[]> {
  const shared = mode === "scaled" ? scaledTime(scale) : undefined;
  return Promise.all(pollers.map((p) => runPoller(p, restoreMs, mode, shared ?? virtualTime())));
}

async function runPoller(poller: Poller, restoreMs: number, mode: ClockMode, time: ScaledTime): Promise<LatencyResult> {
  const emu = await startEmulator({
    clock: time.now,
    timeScale: 1,
    nonceTtlMs: poller === "provider-nonce5m" ? FIVE_MINUTES : NEVER,
  });
  const clients: AtlasClient[] = [];
  // One connection pool for the poller, as a CLI process keeps its connections alive; a new
  // client on it starts a new digest handshake without a new TCP connection.
  const pool = new Agent();
  // The client's own budget runs on real time: scale it so it means 100 per EMULATED minute
  // (none of these pollers comes near it; the emulator's own 100/min limit runs on its clock).
  const newClient = () => {
    const c = clientOf(emu, { requestsPerMinute: Number.isFinite(time.scale) ? 100 * time.scale : 1e9, dispatcher: pool });
    clients.push(c);
    return c;
  };
  try {
    emu.setRestoreBehaviour(PROJECT, CLUSTER, { jobDurationMs: restoreMs });
    const realStart = realNow();
    const startedAt = time.now();
    const timed = countingSleeps(time);
    if (poller === "provider" || poller === "provider-nonce5m") await viaProvider(newClient(), timed);
    else if (poller === "watch-4s") await watch4s(newClient(), timed);
    else await watch4sCli(newClient, timed);
    const returnedAt = time.now();
    const overheadPerRoundMs = (returnedAt - startedAt - timed.sleptMs) / (timed.sleeps + 1);
    return { restoreMs, poller, mode, scale: time.scale, realMs: realNow() - realStart, overheadPerRoundMs, ...summarize(emu, restoreMs, returnedAt) };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await pool.close();
    await emu.close();
  }
}

/** The same clock, counting the emulated ms the poller asked to sleep. */
function countingSleeps(time: ScaledTime): ScaledTime & { sleptMs: number; sleeps: number } {
  const t = {
    scale: time.scale,
    now: time.now,
    sleptMs: 0,
    sleeps: 0,
    sleep: (ms: number) => {
      t.sleptMs += ms;
      t.sleeps += 1;
      return time.sleep(ms);
    },
  };
  return t;
}

function summarize(emu: Emulator, restoreMs: number, returnedAt: number) {
  const log = [...emu.requestLog];
  const post = log.find((e) => e.method === "POST" && e.status === 200);
  if (!post) throw new Error("no successful POST in the emulator log");
  const readyAt = post.at + restoreMs; // the log's `at` is the emulator clock = emulated ms
  const delayMs = returnedAt - readyAt;
  if (delayMs < 0) throw new Error(`returned ${-delayMs} ms BEFORE the job was ready: the clocks disagree`);
  return { ...countWire(log), delayMs };
}

const inputs: RestoreJobInputs = {
  projectId: PROJECT,
  clusterName: CLUSTER,
  snapshotId: SNAPSHOT,
  delivery: { methodName: "HTTP" },
  waitFor: "ready",
  waitTimeoutMinutes: 240,
};

/** The provider's create path: one POST, then its wait loop on the scaled clock. */
async function viaProvider(client: AtlasClient, time: ScaledTime): Promise<RestoreJob[]> {
  const ctx: RestoreContext<RestoreJobsApi> = { api: client, log: () => undefined, now: time.now, sleep: time.sleep };
  return (await createAndWait(ctx, legacyRestoreAdapter, inputs)).parts;
}

const isReady = (job: RestoreJob) => batchStatus([job], "HTTP").status === "READY";

/** `atlas backups restores start` then `watch`: GET at once, then every 4 s after each answer. */
async function watch4s(client: AtlasClient, time: ScaledTime): Promise<void> {
  const [job] = await client.createRestoreJobs(PROJECT, CLUSTER, { snapshotId: SNAPSHOT, delivery: { methodName: "HTTP" } });
  while (!isReady(await client.getRestoreJob(PROJECT, CLUSTER, job.id))) await time.sleep(CLI_WAIT_MS);
}

/** The same, with a fresh digest handshake for every request (a new client each time). */
async function watch4sCli(newClient: () => AtlasClient, time: ScaledTime): Promise<void> {
  const once = <T>(f: (c: AtlasClient) => Promise<T>): Promise<T> => f(newClient());
  const [job] = await once((c) => c.createRestoreJobs(PROJECT, CLUSTER, { snapshotId: SNAPSHOT, delivery: { methodName: "HTTP" } }));
  while (!isReady(await once((c) => c.getRestoreJob(PROJECT, CLUSTER, job.id)))) await time.sleep(CLI_WAIT_MS);
}

/**
 * Timing outputs and RTO/RPO on the SERVER's clock: a time-scaled emulator (600× real time) runs
 * 30-minute restores in 3 real seconds; the figures must be emulated minutes, per entry and per
 * part, and the verdicts follow the targets.
 */
import { join } from "node:path";
import { request } from "undici";
import { startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../../local-engine/run-program";
import type { DisasterRecoveryPlanArgs, DrPlanEntryOutput } from "../../provider";
import { openPluginSession, type PluginSession } from "../helpers/plugin-session";
import { automated, download, IDS, target } from "./plans";

const SCALE = 600;
const RESTORE_MS = 30 * 60_000; // emulated: 30 minutes
let emulator: Emulator;
let s: PluginSession;
let realStart: number | undefined;
/** The emulated time of a real-clock instant (the emulator's own mapping). */
const emulated = (real: number) => realStart! + (real - realStart!) * SCALE;

beforeAll(async () => {
  emulator = await startEmulator({
    timeScale: SCALE,
    clock: () => {
      const now = Date.now();
      realStart ??= now;
      return now;
    },
  });
  for (const c of [IDS.replicaSet0.name, IDS.cluster0.name, IDS.cloudReplicaSet0.name, IDS.cloudCluster0.name]) emulator.setRestoreBehaviour(IDS.projectId, c, { jobDurationMs: RESTORE_MS });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});

test("the emulator's Date header is on its emulated clock", async () => {
  const before = emulated(Date.now());
  const res = await request(`${emulator.apiBase}/groups/${IDS.projectId}/clusters/${IDS.replicaSet0.name}/restoreJobs`);
  await res.body.dump();
  const after = emulated(Date.now());
  const date = Date.parse(String(res.headers.date));
  // HTTP dates are whole seconds: truncated, so up to 1 s before the instant.
  expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  expect(date).toBeLessThanOrEqual(after);
  expect(date - Date.now()).toBeGreaterThan(60_000); // far ahead of real time
});

test("RTO and RPO per entry and per part, in emulated seconds; verdicts against the targets", async () => {
  emulator.clearRequestLog();
  const plan: DisasterRecoveryPlanArgs = {
    entries: {
      "legacy-rs": automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { snapshotId: IDS.replicaSet0.snapshotId }, { api: "legacy", rtoTargetMinutes: 10, rpoTargetMinutes: 1 }),
      "cloud-rs": automated(IDS.cloudReplicaSet0.name, IDS.drCloudReplicaSet0.name, { snapshotId: IDS.cloudReplicaSet0.latestSnapshotId }, { api: "cloudBackup", rtoTargetMinutes: 31 }),
      "legacy-sharded-dl": download(IDS.cluster0.name, { snapshotId: IDS.cluster0.snapshotId }, { api: "legacy" }),
      "cloud-sharded-dl": download(IDS.cloudCluster0.name, { snapshotId: IDS.cloudCluster0.latestSnapshotId }, { api: "cloudBackup", rtoTargetMinutes: 120 }),
    },
    overwritableTargets: [target(IDS.drReplicaSet0.name), target(IDS.drCloudReplicaSet0.name)],
  };
  const run = await runProgram({ engine: s.engine, programPath: join(__dirname, "programs/plan-program.ts"), config: { "plan:args": JSON.stringify(plan) } });
  expect(run.errors).toEqual([]);
  const e = run.outputs.entries as Record<string, DrPlanEntryOutput>;

  // Cloud Backup automated: requestedAt is the create answer's Date, readyAt Atlas's finishedAt.
  const cloudJob = emulator.cloudJobs({ clusterName: IDS.cloudReplicaSet0.name })[0] as { finishedAt: string; timestamp: string };
  expect(e["cloud-rs"].readyAt).toBe(cloudJob.finishedAt);
  expect(e["cloud-rs"].rtoSeconds).toBeGreaterThanOrEqual(RESTORE_MS / 1000 - 1);
  expect(e["cloud-rs"].rtoSeconds).toBeLessThanOrEqual(RESTORE_MS / 1000 + 2);
  const post = emulator.requestLog.find((x) => x.method === "POST" && x.path.includes(`/${IDS.cloudReplicaSet0.name}/backup/restoreJobs`))!;
  expect(Math.abs(Date.parse(e["cloud-rs"].requestedAt!) - emulated(post.at))).toBeLessThanOrEqual(60_000); // within 100 real ms
  expect(e["cloud-rs"].restorePointTime).toBe(cloudJob.timestamp);
  expect(e["cloud-rs"].rpoSeconds).toBe(Math.round((Date.parse(e["cloud-rs"].requestedAt!) - Date.parse(cloudJob.timestamp)) / 1000));
  expect([e["cloud-rs"].rto, e["cloud-rs"].rpo, e["cloud-rs"].passed]).toEqual(["met", "not measured", true]);

  // Legacy automated: requestedAt is the job's `created`; readyAt the Date of the first poll
  // that saw it FINISHED, so at least the restore's duration and at most one poll later.
  const [legacyJob] = emulator.jobs({ clusterName: IDS.replicaSet0.name });
  expect(e["legacy-rs"].requestedAt).toBe(legacyJob.created);
  expect(e["legacy-rs"].rtoSeconds).toBeGreaterThanOrEqual(RESTORE_MS / 1000);
  expect(e["legacy-rs"].rtoSeconds).toBeLessThan(RESTORE_MS / 1000 + 3600); // 6 real seconds of slack
  expect(e["legacy-rs"].restorePointTime).toBe(legacyJob.timestamp!.date);
  expect([e["legacy-rs"].rto, e["legacy-rs"].rpo, e["legacy-rs"].passed]).toEqual(["missed", "missed", false]);
  expect(e["legacy-rs"].rtoTargetSeconds).toBe(600);

  // Per part: legacy batch jobs and Cloud Backup components, each with its own times.
  const batch = emulator.jobs({ clusterName: IDS.cluster0.name });
  expect(e["legacy-sharded-dl"].parts.map((p) => [p.jobId, p.requestedAt])).toEqual(batch.map((j) => [j.id, j.created]));
  for (const p of e["legacy-sharded-dl"].parts) expect(Date.parse(p.readyAt!) - Date.parse(p.requestedAt!)).toBeGreaterThanOrEqual(RESTORE_MS);
  expect(e["legacy-sharded-dl"].readyAt).toBe([...e["legacy-sharded-dl"].parts.map((p) => p.readyAt!)].sort().pop());

  const cloudDl = e["cloud-sharded-dl"];
  expect(cloudDl.parts.map((p) => p.name).sort()).toEqual(["CloudCluster0-config-0", "CloudCluster0-shard-0", "CloudCluster0-shard-1"]);
  for (const p of cloudDl.parts) {
    expect(p.status).toBe("READY");
    expect(p.requestedAt).toBe(cloudDl.requestedAt);
    expect(Date.parse(p.readyAt!) - Date.parse(p.requestedAt!)).toBeGreaterThanOrEqual(RESTORE_MS - 1000);
  }
  expect([cloudDl.status, cloudDl.rto]).toEqual(["READY", "met"]);

  expect(run.outputs.summary).toMatchObject({ entries: 4, passed: 3, failed: 1, rtoMissed: 1, rpoMissed: 1, allPassed: false, verdict: expect.stringMatching(/^FAILED: 3 of 4 entries passed\./) });
});

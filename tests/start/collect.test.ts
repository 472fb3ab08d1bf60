/**
 * The collector (drill/report/collect.ts) on real outputs: the drill program (the built-in plan as
 * a DisasterRecoveryPlan) run against the emulator through the real dynamic-provider plugin
 * (local engine), once with every restore working and once with one failing halfway and one that
 * cannot start.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { BUILTIN_PLAN, BUILTIN_PLAN_NAME } from "../../drill/builtin-plan";
import { childOutcomes, REDACTED, redactSecrets, type StateResource } from "../../drill/report/child-outcome";
import { collectDrillReport, type DrillRun } from "../../drill/report/collect";
import type { DrillReport } from "../../drill/report/model";
import { DEFAULT_FIXTURES, FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import type { FixtureFile } from "../../emulator/fixture-schema";
import { wrapSecret } from "../../provider/resource/secret-outputs";
import { describeServer, runTimes } from "../../drill/report/run-clock";
import { readServerClock } from "../../cli/server-clock";
import { REPO_ROOT } from "../helpers/plugin-session";

const execFileAsync = promisify(execFile);

jest.setTimeout(120_000);

const HEX24 = /^[a-f0-9]{24}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const KEYS = Object.keys(BUILTIN_PLAN.entries);
const TIME_SCALE = 20;

/** The four children, run for real in their own process; their state and failures → the report. */
async function drill(fixtures: FixtureFile = DEFAULT_FIXTURES): Promise<{ report: DrillReport; emulator: Emulator }> {
  const emulator = await startEmulator({ timeScale: TIME_SCALE, fixtures });
  try {
    // The run's clock is the emulator's (it runs TIME_SCALE times faster than this machine's).
    const clock = () => readServerClock({ origin: emulator.baseUrl, apiBase: emulator.apiBase });
    const start = await clock();
    const env = { ...process.env, REPO_ROOT, API_BASE: emulator.apiBase, PUBLIC_KEY: emulator.publicKey, PRIVATE_KEY: emulator.privateKey };
    const { stdout } = await execFileAsync(process.execPath, [join(__dirname, "programs/run-children.js")], { env, timeout: 90_000 });
    const { resources, failures } = JSON.parse(stdout.trim().split("\n").pop()!) as { resources: StateResource[]; failures: [string, string][] };
    const children = childOutcomes(BUILTIN_PLAN_NAME, KEYS, resources, new Map(failures));
    const server = describeServer({ origin: emulator.baseUrl, emulator: { timeScale: TIME_SCALE } }, start);
    const run: DrillRun = { plan: "built-in", runId: "r1", stacks: ["drill"], ...runTimes(start, await clock(), server), server, ranBy: emulator.publicKey, engine: "plugin" };
    return { report: collectDrillReport({ planArgs: BUILTIN_PLAN, children, run }), emulator };
  } finally {
    await emulator.close();
  }
}

/** No URL path, token or private key anywhere in the report. */
function expectNoSecret(report: DrillReport, emulator: Emulator) {
  const json = JSON.stringify(report);
  expect(json).not.toMatch(/\/backup\/restore\/|\/pull\/|\.tar\.gz/);
  expect(json).not.toContain(emulator.privateKey);
}

test("every restore works: four entries passed, READY / COMPLETED, parts and their timelines, restore points resolved", async () => {
  const { report, emulator } = await drill();
  expectNoSecret(report, emulator);
  expect(report).toMatchObject({ version: 2, engine: "plugin", ranBy: emulator.publicKey, passed: true, errors: [] });
  expect(report.summary).toEqual({ entries: 4, passed: 4, failed: 0, usable: 4, rtoMissed: 0, rpoMissed: 0, unmeasured: 0, requested: 4, reused: 0, verdict: "PASSED: 4 of 4 entries passed." });
  // One declared clock, the emulator's (which runs TIME_SCALE x real time): run start ≤ each part's request ≤ ready ≤ run end.
  expect(report.server).toMatchObject({ kind: "emulator", timeScale: TIME_SCALE, origin: emulator.baseUrl });
  expect(report.clock).toMatchObject({ source: "server", precisionSeconds: 1 });
  expect(report.clock.description).toMatch(/^Every time is on the emulator's clock .*it runs 20x real time, so every time and duration here is emulated/);
  const [runStart, runEnd] = [Date.parse(report.startedAt), Date.parse(report.finishedAt)];
  for (const e of report.entries) {
    expect([e.name, e.run, e.notes]).toEqual([e.name, "requested", undefined]);
    const times = [runStart, Date.parse(e.requestedAt!), Date.parse(e.readyAt!), runEnd];
    expect([e.name, times]).toEqual([e.name, [...times].sort((a, b) => a - b)]);
    for (const p of e.parts) {
      const [requested, ready] = p.events.map((ev) => Date.parse(ev.at));
      expect([e.name, p.name, runStart <= requested! && requested! <= ready! && ready! <= runEnd]).toEqual([e.name, p.name, true]);
    }
  }
  expect(report.entries.map((e) => [e.name, e.api, e.delivery.type, e.status, e.passed])).toEqual([
    ["legacy-download", "legacy", "download", "READY", true],
    ["legacy-dr", "legacy", "automated", "READY", true],
    ["cloud-download", "cloudBackup", "download", "READY", true],
    ["cloud-dr", "cloudBackup", "automated", "COMPLETED", true],
  ]);
  const [legacyDownload, legacyDr, cloudDownload, cloudDr] = report.entries;

  // Legacy sharded download: one part per shard and config server, each requested at its job's `created` and then ready.
  const c = FIXTURE_IDS.cluster0;
  expect(legacyDownload.parts.map((p) => p.name).sort()).toEqual([c.config, c.shard0, c.shard1].map((p) => `Cluster0 ${p.clusterId}`).sort());
  for (const e of report.entries) {
    for (const p of e.parts) {
      expect(p.events).toEqual([{ at: expect.stringMatching(ISO), state: "requested" }, { at: expect.stringMatching(ISO), state: "ready" }]);
      expect(Date.parse(p.events[1].at)).toBeGreaterThanOrEqual(Date.parse(p.events[0].at));
    }
    // RTO on the server's clock, against the plan's 60-minute target.
    expect(e).toMatchObject({ rto: "met", rtoTargetSeconds: 3600, rtoSeconds: Math.round((Date.parse(e.readyAt!) - Date.parse(e.requestedAt!)) / 1000) });
  }
  expect(legacyDownload.parts.every((p) => p.status === "FINISHED/READY")).toBe(true);
  // ids: the resource id (project/cluster/batch) and every part's job id.
  expect(legacyDownload.ids[0]).toMatch(new RegExp(`^${FIXTURE_IDS.projectId}/Cluster0/[a-f0-9]{24}$`));
  expect(legacyDownload.ids).toHaveLength(4);
  expect(legacyDownload.restorePoint).toEqual({ declared: `snapshot ${FIXTURE_IDS.cluster0.snapshotId}`, snapshotId: FIXTURE_IDS.cluster0.snapshotId, time: "2018-01-24T05:55:03Z" });
  expect(legacyDownload.requestedAt).toBe(legacyDownload.parts.map((p) => p.events[0].at).sort()[0]);
  // RPO on the server's clock: the request's time − the snapshot's (a 2018 fixture: years; no target, so not judged).
  expect(legacyDownload.rpoSeconds).toBe(Math.round((Date.parse(legacyDownload.requestedAt!) - Date.parse("2018-01-24T05:55:03Z")) / 1000));

  expect(legacyDr.delivery).toEqual({ type: "automated", targetProjectId: FIXTURE_IDS.drProjectId, targetClusterName: "DrReplicaSet0" });
  expect(legacyDr.parts).toEqual([{ name: "ReplicaSet0", jobId: expect.stringMatching(HEX24), status: "FINISHED/READY", events: expect.any(Array) }]);

  // Cloud Backup: a sharded download's parts are its replica sets, all of one job.
  expect(cloudDownload.parts.map((p) => p.name).sort()).toEqual(["CloudCluster0-config-0", "CloudCluster0-shard-0", "CloudCluster0-shard-1"]);
  expect(new Set(cloudDownload.parts.map((p) => p.jobId)).size).toBe(1);
  expect(cloudDownload.restorePoint).toEqual({ declared: `snapshot ${FIXTURE_IDS.cloudCluster0.latestSnapshotId}`, snapshotId: FIXTURE_IDS.cloudCluster0.latestSnapshotId, time: expect.stringMatching(/^2026-01-03T06:00:00(\.000)?Z$/) });
  expect(cloudDr.parts).toEqual([{ name: "DrCloudReplicaSet0", jobId: expect.stringMatching(HEX24), status: "COMPLETED", events: expect.any(Array) }]);
  expect(cloudDr.ids).toEqual([expect.stringMatching(new RegExp(`^${FIXTURE_IDS.projectId}/CloudReplicaSet0/[a-f0-9]{24}$`)), cloudDr.parts[0].jobId]);

  // No RPO target in the built-in plan: the figure is there, not judged.
  for (const e of report.entries) expect(e.rpo).toBe("not measured");
  expect(report.entries.some((e) => "rpoTargetSeconds" in e)).toBe(false);
});

test("a restore that breaks halfway and one that cannot start: both failed with the provider's reason, the others passed", async () => {
  const fixtures = structuredClone(DEFAULT_FIXTURES);
  const clusters = fixtures.projects.flatMap((p) => p.clusters ?? []);
  clusters.find((c) => c.name === "ReplicaSet0")!.restoreBehaviour = { outcome: "BROKEN" };
  clusters.find((c) => c.name === "CloudReplicaSet0")!.snapshots = [];
  const { report, emulator } = await drill(fixtures);
  expectNoSecret(report, emulator);
  expect(report.passed).toBe(false);
  expect(report.summary).toMatchObject({ entries: 4, passed: 2, failed: 2 });
  const byName = Object.fromEntries(report.entries.map((e) => [e.name, e]));

  // Broken halfway: in state with its partial outputs, its failed part on the timeline.
  const broken = byName["legacy-dr"];
  expect(broken).toMatchObject({ status: "FAILED", passed: false, error: expect.stringMatching(/^restore [a-f0-9]{24} of ReplicaSet0 failed: /) });
  expect(broken.parts).toEqual([
    { name: "ReplicaSet0", jobId: expect.stringMatching(HEX24), status: expect.stringMatching(/^BROKEN\//), events: [{ at: expect.stringMatching(ISO), state: "requested" }] },
  ]);
  expect(broken.rto).toBe("missed"); // never usable: its RTO target is missed

  // Never created: only the engine's failure is known.
  const notStarted = byName["cloud-dr"];
  expect(notStarted).toMatchObject({ api: "cloudBackup", status: "NOT STARTED", passed: false, ids: [], parts: [], error: expect.stringMatching(/snapshot/i) });
  expect(byName["legacy-download"].passed && byName["cloud-download"].passed).toBe(true);
});

test("childOutcomes: secrets redacted, wherever they are; an entry with no child and no failure is absent; other resources ignored", () => {
  const resources = [
    { urn: "urn:pulumi:s::p::atlas:index:DisasterRecoveryPlan$pulumi-nodejs:dynamic/atlas:CloudBackupRestoreJob::drill-cloud-download", type: "pulumi-nodejs:dynamic/atlas:CloudBackupRestoreJob", id: "p/C/j", outputs: { status: "READY", deliveryUrls: wrapSecret({ "C-shard-0": "https://x/TOKEN" }) } },
    { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", type: "pulumi:pulumi:Stack" },
  ];
  const outcomes = childOutcomes("drill", KEYS, resources, new Map([["drill-cloud-dr", "boom"]]));
  expect(outcomes).toEqual({
    "cloud-download": { kind: "CloudBackupRestoreJob", id: "p/C/j", outputs: { status: "READY", deliveryUrls: REDACTED } },
    "cloud-dr": { outputs: {}, error: "boom" },
  });
  // An export's encrypted secret has the same signature key.
  expect(redactSecrets({ a: [{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" }] })).toEqual({ a: [REDACTED] });
});

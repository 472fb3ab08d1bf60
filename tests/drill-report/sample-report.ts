/**
 * A realistic drill report for the renderer tests and the docs: four restores of one run.
 *  1. legacy HTTP download of a sharded cluster: three parts (two shards, the config server);
 *  2. legacy automated restore of a replica set into a DR cluster;
 *  3. Cloud Backup download of a replica set;
 *  4. Cloud Backup automated restore into a DR cluster that FAILED, after its RTO target.
 * Times are consistent: rtoSeconds = readyAt − requestedAt, rpoSeconds = requestedAt − restore point.
 */
import type { DrillEntry, DrillPart, DrillPartEvent, DrillReport } from "../../drill/report/model";
import { verdictText } from "../../provider/dr-plan/measure";
import type { DrillRun } from "../../drill/report/collect";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
/** The sample's clock: `at(90)` is 90 s after the run started. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

const events = (...steps: ReadonlyArray<readonly [number, DrillPartEvent["state"]]>): DrillPartEvent[] =>
  steps.map(([seconds, state]) => ({ at: at(seconds), state }));

const part = (name: string, jobId: string, status: string, timeline: DrillPartEvent[]): DrillPart => ({ name, jobId, status, events: timeline });

const PROJECT = "6b99999887d9d61443b41657";
const DR_PROJECT = "6b9999988d7d9d1443b41659";

export const SAMPLE_ENTRIES: readonly DrillEntry[] = [
  {
    name: "cluster0-download",
    api: "legacy",
    run: "requested",
    source: { projectId: PROJECT, clusterName: "Cluster0" },
    delivery: { type: "download" },
    restorePoint: { declared: "snapshot 5a681ff180eef54e09de20d1", snapshotId: "5a681ff180eef54e09de20d1", time: at(-6 * 3600) },
    status: "READY",
    passed: true,
    ids: ["batch 5a66689487d9d61443b41725", "5a66689487d9d61443b41720", "5a66689487d9d61443b41721", "5a66689487d9d61443b41722"],
    requestedAt: at(5),
    readyAt: at(250),
    rtoSeconds: 245,
    rtoTargetSeconds: 900,
    rpoSeconds: 6 * 3600 + 5,
    rpoTargetSeconds: 24 * 3600,
    rto: "met",
    rpo: "met",
    parts: [
      part("shard-0", "5a66689487d9d61443b41720", "READY", events([5, "requested"], [40, "preparing"], [230, "ready"])),
      part("shard-1", "5a66689487d9d61443b41721", "READY", events([5, "requested"], [45, "preparing"], [250, "ready"])),
      part("config", "5a66689487d9d61443b41722", "READY", events([5, "requested"], [35, "preparing"], [120, "ready"])),
    ],
  },
  {
    name: "replicaset0-to-dr",
    api: "legacy",
    run: "requested",
    source: { projectId: PROJECT, clusterName: "ReplicaSet0" },
    delivery: { type: "automated", targetProjectId: DR_PROJECT, targetClusterName: "DrCluster" },
    restorePoint: { declared: "snapshot 5a681ff180eef54e09de20d4", snapshotId: "5a681ff180eef54e09de20d4", time: at(-3600) },
    status: "COMPLETED",
    passed: true,
    ids: ["5a66689487d9d61443b41730"],
    requestedAt: at(8),
    readyAt: at(610),
    rtoSeconds: 602,
    rtoTargetSeconds: 1800,
    rpoSeconds: 3608,
    rpoTargetSeconds: 4 * 3600,
    rto: "met",
    rpo: "met",
    parts: [part("ReplicaSet0", "5a66689487d9d61443b41730", "COMPLETED", events([8, "requested"], [30, "preparing"], [610, "ready"]))],
  },
  {
    name: "orders-download",
    api: "cloudBackup",
    run: "requested",
    source: { projectId: PROJECT, clusterName: "Orders" },
    delivery: { type: "download" },
    restorePoint: { declared: "latest", snapshotId: "65f0a1b2c3d4e5f607182930", time: at(-1800) },
    status: "READY",
    passed: true,
    ids: ["65f0a1b2c3d4e5f607182940"],
    requestedAt: at(10),
    readyAt: at(190),
    rtoSeconds: 180,
    rtoTargetSeconds: 600,
    rpoSeconds: 1810,
    rto: "met",
    rpo: "not measured",
    parts: [part("atlas-orders-shard-0", "65f0a1b2c3d4e5f607182940", "READY", events([10, "requested"], [25, "preparing"], [190, "ready"]))],
  },
  {
    name: "payments-to-dr",
    api: "cloudBackup",
    run: "requested",
    source: { projectId: PROJECT, clusterName: "Payments" },
    delivery: { type: "automated", targetProjectId: DR_PROJECT, targetClusterName: "PaymentsDr" },
    restorePoint: { declared: "pointInTime 2025-03-01T09:30:00Z", time: at(-1800) },
    status: "FAILED",
    passed: false,
    ids: ["65f0a1b2c3d4e5f607182950"],
    requestedAt: at(12),
    rtoSeconds: 2130,
    rtoTargetSeconds: 1800,
    rpoSeconds: 1812,
    rpoTargetSeconds: 3600,
    rto: "missed",
    rpo: "met",
    parts: [part("atlas-payments-shard-0", "65f0a1b2c3d4e5f607182950", "FAILED", events([12, "requested"], [60, "preparing"], [2142, "failed"]))],
    error: "Cloud Backup restore job 65f0a1b2c3d4e5f607182950 FAILED: the target cluster PaymentsDr ran out of disk space.",
  },
];

/** The sample report; `overrides` replace top-level fields (entries, errors, …). */
export function sampleReport(overrides: Partial<DrillReport> = {}): DrillReport {
  const entries = overrides.entries ?? SAMPLE_ENTRIES;
  const errors = overrides.errors ?? [];
  const counts = {
    entries: entries.length,
    passed: entries.filter((e) => e.passed).length,
    usable: entries.filter((e) => e.status === "READY" || e.status === "COMPLETED").length,
    rtoMissed: entries.filter((e) => e.rto === "missed").length,
    rpoMissed: entries.filter((e) => e.rpo === "missed").length,
    unmeasured: entries.filter((e) => e.rto === "unknown" || e.rpo === "unknown").length,
  };
  return {
    version: 2,
    plan: "examples/dr-plan.yaml",
    runId: "20250301T100000Z",
    stacks: ["dr-drill-6b99999887d9d61443b41657"],
    startedAt: at(0),
    finishedAt: at(2150),
    clock: {
      source: "server",
      description: "Every time is on the API server's clock (its HTTP Date at the run's start and end, to the second, and its own job times in between); the run took 35m 50s of real time; it agreed with this machine's to the second at the start.",
      precisionSeconds: 1,
      serverAheadSeconds: 0,
      realSeconds: 2150,
    },
    server: { origin: "https://cloud.mongodb.com", host: "cloud.mongodb.com", kind: "atlas", description: "MongoDB Atlas at cloud.mongodb.com" },
    ranBy: "service account mdb_sa_id_65f0a1b2c3d4e5f6",
    engine: "pulumi-cli",
    passed: errors.length === 0 && entries.length > 0 && counts.passed === entries.length,
    summary: {
      ...counts,
      failed: entries.length - counts.passed,
      requested: entries.filter((e) => e.run === "requested").length,
      reused: entries.filter((e) => e.run === "reused").length,
      verdict: verdictText({ ...counts, errors: errors.length }),
    },
    entries,
    errors,
    ...overrides,
  };
}

/** A run's identity for collector tests: a real host on the server's clock, one minute long. */
export function sampleRun(overrides: Partial<DrillRun> = {}): DrillRun {
  return {
    plan: "p",
    runId: "20261201T000000Z",
    stacks: ["s"],
    startedAt: "2026-12-01T00:00:00Z",
    finishedAt: "2026-12-01T00:01:00Z",
    clock: { source: "server", description: "the server's clock", precisionSeconds: 1, serverAheadSeconds: 0, realSeconds: 60 },
    server: { origin: "https://h.example:8443", host: "h.example:8443", kind: "other", description: "h.example:8443: Cloud Manager, Ops Manager or another Atlas-compatible server" },
    ranBy: "API key pub",
    engine: "plugin",
    ...overrides,
  };
}

/**
 * What only a DisasterRecoveryPlan can get wrong, on the plugin path (the plan program in the plan
 * host, the real dynamic-provider plugin, the emulator over HTTP): the `api: "auto"` decision is
 * taken once and pinned (issue 17 item 4), the plan declared is the plan checked (item 5), the
 * concurrency bound never turns a failure into a skipped independent entry (item 6) and gives
 * its slots to the longest chain first, and an RTO target is never passed by a figure nobody
 * measured (item 7).
 */
import { startEmulator, type Emulator } from "../../emulator";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../../provider";
import { peakConcurrency, restoreSpans } from "../dr-plan/log-analysis";
import { createPath, creates, restores } from "./helpers";
import { PlanHost } from "./subjects";
import { newSource, newTarget, type SourceCluster, type TargetCluster } from "./world";

const SCALE = 20;
let emulator: Emulator;
let host: PlanHost;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: SCALE, rateLimit: false });
  host = new PlanHost(emulator, SCALE);
});
afterAll(async () => {
  host?.close();
  await emulator?.close();
});

let stacks = 0;
const entry = (source: SourceCluster, target: TargetCluster | undefined, extra: Partial<DrPlanEntryArgs> = {}): DrPlanEntryArgs => ({
  source: { projectId: source.projectId, clusterName: source.name },
  restorePoint: { snapshotId: source.snapshotId },
  delivery: target ? { type: "automated", targetProjectId: target.projectId, targetClusterName: target.name } : { type: "download" },
  waitTimeoutMinutes: 5,
  ...extra,
});
const allow = (...targets: TargetCluster[]) => targets.map((t) => `${t.projectId}/${t.name}`);
const childTypes = (r: { resources: { name: string; type: string }[] }) => Object.fromEntries(r.resources.map((x) => [x.name, x.type.split(":").pop()]));
const snapshotLists = (source: SourceCluster) => emulator.requestLog.filter((e) => e.method === "GET" && e.authenticated && e.path.endsWith(`/clusters/${source.name}/backup/snapshots`)).length;

test('item 4: api "auto" is decided once and pinned: a cluster that later answers the other way keeps its child type, and nothing restores again', async () => {
  const stack = `auto${++stacks}`;
  const source = newSource(emulator, "legacy");
  const target = newTarget(emulator, "legacy");
  const plan: DisasterRecoveryPlanArgs = { entries: { db: entry(source, target, { api: "auto" }) }, overwritableTargets: allow(target) };
  const first = await host.run({ op: "up", stack, name: "pinned", plan });
  expect(first.errors).toEqual([]);
  expect(childTypes(first)).toMatchObject({ "pinned-db": "RestoreJob", "pinned-db-api": "RestoreApiDecision" });
  expect(snapshotLists(source)).toBe(1); // the one probe: 400 INCORRECT_BACKUP_API_ENDPOINT, so legacy

  // The cluster now answers as a Cloud Backup cluster would (moved between two drills).
  emulator.faults.failNext({ status: 200, body: JSON.stringify({ results: [], links: [], totalCount: 0 }), contentType: "application/vnd.atlas.2023-01-01+json", method: "GET", path: /\/backup\/snapshots$/, count: 10 });
  const second = await host.run({ op: "up", stack, name: "pinned", plan });
  expect(second.errors).toEqual([]);
  expect(childTypes(second)).toMatchObject({ "pinned-db": "RestoreJob" });
  expect(second.steps.map((x) => x.kind)).toEqual(["same", "same"]);
  expect(snapshotLists(source)).toBe(1); // no second probe: the decision is pinned
  await host.run({ op: "refresh", stack });
  expect(snapshotLists(source)).toBe(1); // refresh does not decide again either
  expect([creates(emulator, source), restores(emulator, "legacy", source).length]).toEqual([1, 1]);
  emulator.faults.clear();

  // An explicit act decides again: a new trigger is a new restore, decided afresh.
  const third = await host.run({ op: "up", stack, name: "pinned", plan: { ...plan, defaults: { trigger: "q2" } } });
  expect(third.errors).toEqual([]);
  expect(snapshotLists(source)).toBe(2);
  expect(creates(emulator, source)).toBe(2);
});

test("item 5: a program that changes its plan object after declaring the plan restores into the checked target only", async () => {
  const source = newSource(emulator, "cloudBackup");
  const checked = newTarget(emulator, "cloudBackup");
  const victim = newTarget(emulator, "cloudBackup");
  const plan: DisasterRecoveryPlanArgs = { entries: { db: entry(source, checked, { api: "auto" }) }, overwritableTargets: allow(checked) };
  const r = await host.run({ op: "up", stack: `mutate${++stacks}`, name: "frozen", plan, program: "mutating-plan-program.js", config: { "plan:victim": victim.name } });
  expect(r.errors).toEqual([]);
  const jobs = emulator.cloudJobs({ clusterName: source.name });
  expect(jobs.map((j) => j.targetClusterName)).toEqual([checked.name]);
  expect(emulator.requestLog.some((e) => e.method === "POST" && JSON.stringify(e).includes(victim.name))).toBe(false);
});

test("item 6: maxConcurrentRestores 1 with a failing entry: every independent entry still runs, never two at once", async () => {
  const broken = newSource(emulator, "legacy", { outcome: "BROKEN" });
  const others = [newSource(emulator, "legacy"), newSource(emulator, "cloudBackup"), newSource(emulator, "legacy")];
  const targets = [newTarget(emulator, "legacy"), newTarget(emulator, "legacy"), newTarget(emulator, "cloudBackup"), newTarget(emulator, "legacy")];
  const sources = [broken, ...others];
  const apis = ["legacy", "legacy", "cloudBackup", "legacy"] as const;
  const plan: DisasterRecoveryPlanArgs = {
    entries: Object.fromEntries(sources.map((s, i) => [`e${i}`, entry(s, targets[i], { api: apis[i] })])),
    overwritableTargets: allow(...targets),
    maxConcurrentRestores: 1,
  };
  emulator.clearRequestLog();
  const r = await host.run({ op: "up", stack: `bound${++stacks}`, name: "bounded", plan });
  expect(r.errors).toHaveLength(1);
  expect(r.errors![0]).toMatch(/failed/);
  const entries = r.outputs!.entries as Record<string, { status: string }>;
  // The failed child's outputs do not reach the program (ERROR); its recorded state says FAILED.
  expect(Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, e.status]))).toEqual({ e0: "ERROR", e1: "READY", e2: "COMPLETED", e3: "READY" });
  expect(r.resources.find((x) => x.name === "bounded-e0")?.outputs.status).toBe("FAILED");
  expect(sources.map((s) => creates(emulator, s))).toEqual([1, 1, 1, 1]);
  expect(peakConcurrency(restoreSpans(emulator))).toBe(1);
});

test("maxConcurrentRestores 2: the entry that starts the longest after chain takes a slot first, whatever the order the engine asks in; never more than two at once", async () => {
  // Three independent downloads declared first, then a chain a → b → c. First come first served
  // would run x1, x2 | x3, a | b | c (four rounds); by rank: a, x1 | b, x2 | c, x3 (three).
  const [x1, x2, x3, a, b, c] = Array.from({ length: 6 }, () => newSource(emulator, "legacy"));
  const plan: DisasterRecoveryPlanArgs = {
    entries: {
      x1: entry(x1, undefined, { api: "legacy" }),
      x2: entry(x2, undefined, { api: "legacy" }),
      x3: entry(x3, undefined, { api: "legacy" }),
      a: entry(a, undefined, { api: "legacy" }),
      b: entry(b, undefined, { api: "legacy", after: ["a"] }),
      c: entry(c, undefined, { api: "legacy", after: ["b"] }),
    },
    maxConcurrentRestores: 2,
  };
  emulator.clearRequestLog();
  const r = await host.run({ op: "up", stack: `rank${++stacks}`, name: "ranked", plan });
  expect(r.errors).toEqual([]);
  const name = new Map([x1, x2, x3, a, b, c].map((s, i) => [s.name, ["x1", "x2", "x3", "a", "b", "c"][i]]));
  const spans = restoreSpans(emulator);
  const order = [...spans.entries()].sort(([, p], [, q]) => p.post - q.post).map(([cluster]) => name.get(cluster));
  expect(order.slice(0, 2)).toContain("a");
  expect(order.slice(2, 4)).toContain("b");
  expect(order[4] === "c" || order[5] === "c").toBe(true);
  expect(peakConcurrency(spans)).toBe(2);
  expect([x1, x2, x3, a, b, c].map((s) => creates(emulator, s))).toEqual([1, 1, 1, 1, 1, 1]);
});

test("item 7: an RTO target is judged on a measured figure: a Cloud Backup restore found after a lost create answer still has its request time", async () => {
  const source = newSource(emulator, "cloudBackup");
  const target = newTarget(emulator, "cloudBackup");
  emulator.faults.dropNextResponse({ method: "POST", path: createPath(source) });
  // The restore takes 20 emulated seconds; the target is 0.01 minutes (0.6 s).
  const plan: DisasterRecoveryPlanArgs = { entries: { db: entry(source, target, { api: "cloudBackup", rtoTargetMinutes: 0.01 }) }, overwritableTargets: allow(target) };
  const r = await host.run({ op: "up", stack: `rto${++stacks}`, name: "timed", plan });
  expect(r.errors).toEqual([]);
  const db = (r.outputs!.entries as Record<string, Record<string, unknown>>).db;
  expect(db).toMatchObject({ status: "COMPLETED", rto: "missed", passed: false, requestedAt: expect.any(String) });
  expect(db.rtoSeconds).toBeGreaterThanOrEqual(19);
});

/**
 * Group 10 of the benchmark (a DR plan across projects): the limit-bound minimum's formula, the
 * request-log analysis, and a small plan through the same harness (child process per stack, real
 * plugin, real emulator), counting what the rows count. No timing is asserted.
 */
import type { RequestLogEntry } from "../../emulator";
import { criticalPathMs, peakConcurrent, peakPerProject, rateBoundMs, restoreSpans, restoreTimings } from "../../bench/plan-bound";
import { measurePlanDrill } from "../../bench/plan-drill";
import { planWorld } from "../../bench/plan-world";
import { machine } from "../../bench/machine";
import { renderReport } from "../../bench/report";
import type { DisasterRecoveryPlanArgs } from "../../provider";

const entry = (after?: string[]) => ({
  source: { projectId: "0".repeat(24), clusterName: "X" },
  restorePoint: { snapshotId: "1".repeat(24) },
  delivery: { type: "download" as const },
  ...(after ? { after } : {}),
});
// a(3) → b(4); c(5); d(1)
const plan = (maxConcurrentRestores?: number): DisasterRecoveryPlanArgs => ({
  entries: { a: entry(), b: entry(["a"]), c: entry(), d: entry() },
  ...(maxConcurrentRestores ? { maxConcurrentRestores } : {}),
});
const durations = { a: 3, b: 4, c: 5, d: 1 };

test("critical path: the longest after chain unbounded; under a bound, slots to ready entries in schedule order", () => {
  expect(criticalPathMs(plan(), durations)).toBe(7); // a → b
  expect(criticalPathMs(plan(1), durations)).toBe(13); // one lane: every restore in turn
  // Two slots: a and c at once, b when a is done (3+4), d when c is done (5+1): 7.
  expect(criticalPathMs(plan(2), durations)).toBe(7);
});

test("rate bound: a fixed window accepts N at once, then one window per N; a bucket its capacity, then its refill rate", () => {
  const limits = { legacy: { requests: 100, windowMs: 60_000 }, v2: { capacity: 20, refill: 10, intervalMs: 2_000 } };
  expect(rateBoundMs(100, 20, limits)).toBe(0);
  expect(rateBoundMs(101, 0, limits)).toBe(60_000);
  expect(rateBoundMs(250, 0, limits)).toBe(120_000);
  expect(rateBoundMs(0, 40, limits)).toBe(4_000); // 20 over capacity at 5 per second
  expect(rateBoundMs(150, 40, { legacy: false, v2: false })).toBe(0);
});

test("spans and peaks: from each accepted restore POST to the last request about its jobs, per project and overall", () => {
  const p1 = "a".repeat(24);
  const p2 = "b".repeat(24);
  const e = (method: string, project: string, cluster: string, status = 200, v2 = false): RequestLogEntry => ({
    method,
    path: `/api/atlas/${v2 ? "v2" : "v1.0"}/groups/${project}/clusters/${cluster}/${v2 ? "backup/" : ""}restoreJobs${method === "GET" ? "/j" : ""}`,
    query: "",
    status,
    projectId: project,
    authenticated: status !== 401,
    at: 0,
  });
  const log = [
    e("POST", p1, "A", 401),
    e("POST", p1, "A"),
    e("POST", p1, "B", 429),
    e("POST", p1, "B"),
    e("POST", p2, "C", 200, true),
    e("GET", p1, "A"), // A, B and C overlap here
    e("GET", p2, "C", 200, true),
    e("POST", p1, "D"), // after A's last request
    e("GET", p1, "B"),
  ];
  const spans = restoreSpans(log);
  expect(spans.map((s) => [s.clusterName, s.first, s.last, s.posts])).toEqual([
    ["A", 1, 5, 1],
    ["B", 3, 8, 1],
    ["C", 4, 6, 1],
    ["D", 7, 7, 1],
  ]);
  expect(peakConcurrent(spans)).toBe(3);
  expect(peakPerProject(spans)).toEqual({ [p1]: 2, [p2]: 1 });
});

test("restore timings: requested at the accepted POST, ready a duration later, seen at the span's last request; by entry key", () => {
  const p1 = "a".repeat(24);
  const at = (method: string, cluster: string, t: number, status = 200): RequestLogEntry => ({
    method,
    path: `/api/atlas/v1.0/groups/${p1}/clusters/${cluster}/restoreJobs${method === "GET" ? "/j" : ""}`,
    query: "",
    status,
    projectId: p1,
    authenticated: true,
    at: t,
  });
  const log = [at("GET", "A", 5), at("POST", "A", 10), at("POST", "B", 12), at("GET", "A", 40), at("GET", "B", 70), at("GET", "A", 80)];
  expect(restoreTimings(log, p1, { a: "A", b: "B", c: "C" }, { a: 60, b: 50, c: 1 })).toEqual([
    { key: "a", postAt: 10, readyAt: 70, seenAt: 80 },
    { key: "b", postAt: 12, readyAt: 62, seenAt: 70 },
  ]);
});

test("the bench world: one plan per project, every automated target allowed, chains within a project", () => {
  const world = planWorld(5, 4);
  expect(world.projects).toHaveLength(5);
  const entries = world.projects.flatMap((p) => Object.values(p.plan.entries));
  expect(entries).toHaveLength(50);
  expect(entries.filter((x) => x.api === "legacy")).toHaveLength(25);
  expect(entries.filter((x) => x.delivery.type === "download")).toHaveLength(25);
  expect(entries.filter((x) => x.after)).toHaveLength(20);
  for (const p of world.projects) {
    expect(p.plan.maxConcurrentRestores).toBe(4);
    const targets = Object.values(p.plan.entries).flatMap((x) => (x.delivery.type === "automated" ? [`${x.delivery.targetProjectId}/${x.delivery.targetClusterName}`] : []));
    expect(p.plan.overwritableTargets).toEqual(targets);
  }
});

test("a small plan through the harness: one POST per entry, never more restores at once than the bound, nothing fails", async () => {
  const r = await measurePlanDrill({ label: "maxConcurrentRestores 2", maxConcurrentRestores: 2 }, 2, 4, 300); // restores of 3–7 emulated minutes: 0.6–1.4 s
  expect(r.userErrors).toBe(0);
  expect(r.firstError).toBeUndefined();
  expect(r.entries).toBe(8);
  expect(r.restorePosts).toBe(8);
  expect(r.repeatedPosts).toBe(0);
  for (const peak of r.peakPerProject) expect(peak).toBeLessThanOrEqual(2);
  expect(r.peakOverall).toBeLessThanOrEqual(4);
  expect(r.rateLimitedAtEmulator).toBe(0);
  expect(r.minMs).toBe(Math.max(...r.bounds.map((b) => b.minMs)));
  expect(r.startupMs).toBeGreaterThanOrEqual(0);
  expect(r.restorePhaseRatio).toBeGreaterThan(0);
  expect(r.seenLateMs.awaited).toBeGreaterThanOrEqual(0);
  const text = renderReport({ machine: machine(), startedAt: "2026-01-01T00:00:00.000Z", seconds: 1, planDrills: [r] });
  expect(text).toContain("| 10 DR plan, 8 entries / 2 projects | maxConcurrentRestores 2 |");
  expect(text).toContain("1.00 restore POST/entry");
  expect(text).toContain("restore phase ≤ 1.10×");
});

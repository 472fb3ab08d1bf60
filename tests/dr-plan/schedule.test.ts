/** The schedule as data: topological order and `after` (maxConcurrentRestores is a concurrency limit, not a dependency). */
import { findCycle, schedulePlan, topologicalOrder } from "../../provider/dr-plan";
import type { DisasterRecoveryPlanArgs } from "../../provider";
import { download, IDS } from "./plans";

/** A plan of downloads named by `after` lists: { a: [], b: ["a"] } means b after a. */
function plan(order: Record<string, string[]>, maxConcurrentRestores?: number): DisasterRecoveryPlanArgs {
  const entries = Object.fromEntries(Object.entries(order).map(([k, after]) => [k, download(IDS.orders0.name, { snapshotId: IDS.orders0.snapshotId }, { after })]));
  return { entries, ...(maxConcurrentRestores ? { maxConcurrentRestores } : {}) };
}

test("unbounded: each entry depends on its after entries only, in topological order; each is told who waits for it", () => {
  expect(schedulePlan(plan({ c: ["b"], a: [], b: ["a"], d: [] }))).toEqual([
    { key: "a", dependsOn: [], awaitedBy: ["b"] },
    { key: "b", dependsOn: ["a"], awaitedBy: ["c"] },
    { key: "c", dependsOn: ["b"], awaitedBy: [] },
    { key: "d", dependsOn: [], awaitedBy: [] },
  ]);
  // Several entries after one: it is awaited by each, in declaration order.
  expect(schedulePlan(plan({ a: [], b: ["a"], c: ["a", "b"] })).map((e) => [e.key, e.awaitedBy])).toEqual([
    ["a", ["b", "c"]],
    ["b", ["c"]],
    ["c", []],
  ]);
});

test("topological order keeps declaration order among entries ready at once", () => {
  expect(topologicalOrder(plan({ x: [], y: [], z: ["x"], w: [] }))).toEqual(["x", "y", "z", "w"]);
});

test("maxConcurrentRestores adds no dependency: a bound is a shared concurrency limit, not lanes (issue 17 item 6)", () => {
  // Lanes made later entries dependents of earlier ones, so one failure skipped independent entries.
  for (const bound of [1, 2, 5]) {
    expect(schedulePlan(plan({ a: [], b: ["a"], c: [], d: [] }, bound))).toEqual([
      { key: "a", dependsOn: [], awaitedBy: ["b"] },
      { key: "b", dependsOn: ["a"], awaitedBy: [] },
      { key: "c", dependsOn: [], awaitedBy: [] },
      { key: "d", dependsOn: [], awaitedBy: [] },
    ]);
  }
});

test("findCycle names a circle of after entries, each waiting for the next", () => {
  expect(findCycle(plan({ a: ["c"], b: ["a"], c: ["b"], d: [] }))).toEqual(["a", "c", "b"]);
  expect(findCycle(plan({ a: [], b: ["a"] }))).toBeUndefined();
  expect(() => topologicalOrder(plan({ a: ["b"], b: ["a"] }))).toThrow(/cycle \(a, b\)/);
});

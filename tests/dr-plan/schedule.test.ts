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
    { key: "a", dependsOn: [], awaitedBy: ["b"], rank: 3 },
    { key: "b", dependsOn: ["a"], awaitedBy: ["c"], rank: 2 },
    { key: "c", dependsOn: ["b"], awaitedBy: [], rank: 1 },
    { key: "d", dependsOn: [], awaitedBy: [], rank: 1 },
  ]);
  // Several entries after one: it is awaited by each, in declaration order.
  expect(schedulePlan(plan({ a: [], b: ["a"], c: ["a", "b"] })).map((e) => [e.key, e.awaitedBy])).toEqual([
    ["a", ["b", "c"]],
    ["b", ["c"]],
    ["c", []],
  ]);
});

test("rank: the entries of the longest after chain an entry starts, itself included (a freed slot goes to the highest)", () => {
  // a → b → d and a → c: a starts a chain of 3; c ends one; e is alone.
  const ranks = schedulePlan(plan({ a: [], b: ["a"], c: ["a"], d: ["b"], e: [] }, 2)).map((e) => [e.key, e.rank]);
  expect(ranks).toEqual([["a", 3], ["b", 2], ["c", 1], ["d", 1], ["e", 1]]);
});

test("topological order keeps declaration order among entries ready at once", () => {
  expect(topologicalOrder(plan({ x: [], y: [], z: ["x"], w: [] }))).toEqual(["x", "y", "z", "w"]);
});

test("maxConcurrentRestores adds no dependency: a bound is a shared concurrency limit, not lanes (issue 17 item 6)", () => {
  // Lanes made later entries dependents of earlier ones, so one failure skipped independent entries.
  for (const bound of [1, 2, 5]) {
    expect(schedulePlan(plan({ a: [], b: ["a"], c: [], d: [] }, bound))).toEqual([
      { key: "a", dependsOn: [], awaitedBy: ["b"], rank: 2 },
      { key: "b", dependsOn: ["a"], awaitedBy: [], rank: 1 },
      { key: "c", dependsOn: [], awaitedBy: [], rank: 1 },
      { key: "d", dependsOn: [], awaitedBy: [], rank: 1 },
    ]);
  }
});

test("findCycle names a circle of after entries, each waiting for the next", () => {
  expect(findCycle(plan({ a: ["c"], b: ["a"], c: ["b"], d: [] }))).toEqual(["a", "c", "b"]);
  expect(findCycle(plan({ a: [], b: ["a"] }))).toBeUndefined();
  expect(() => topologicalOrder(plan({ a: ["b"], b: ["a"] }))).toThrow(/cycle \(a, b\)/);
});

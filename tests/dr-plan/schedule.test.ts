/** The schedule as data: topological order, `after`, and lanes under maxConcurrentRestores. */
import { findCycle, schedulePlan, topologicalOrder } from "../../provider/dr-plan";
import type { DisasterRecoveryPlanArgs } from "../../provider";
import { download, IDS } from "./plans";

/** A plan of downloads named by `after` lists: { a: [], b: ["a"] } means b after a. */
function plan(order: Record<string, string[]>, maxConcurrentRestores?: number): DisasterRecoveryPlanArgs {
  const entries = Object.fromEntries(Object.entries(order).map(([k, after]) => [k, download(IDS.orders0.name, { snapshotId: IDS.orders0.snapshotId }, { after })]));
  return { entries, ...(maxConcurrentRestores ? { maxConcurrentRestores } : {}) };
}

test("unbounded: each entry depends on its after entries only, in topological order", () => {
  expect(schedulePlan(plan({ c: ["b"], a: [], b: ["a"], d: [] }))).toEqual([
    { key: "a", dependsOn: [] },
    { key: "b", dependsOn: ["a"] },
    { key: "c", dependsOn: ["b"] },
    { key: "d", dependsOn: [] },
  ]);
});

test("topological order keeps declaration order among entries ready at once", () => {
  expect(topologicalOrder(plan({ x: [], y: [], z: ["x"], w: [] }))).toEqual(["x", "y", "z", "w"]);
});

test("maxConcurrentRestores 2: two lanes, each entry after the previous one of its lane", () => {
  expect(schedulePlan(plan({ a: [], b: [], c: [], d: [], e: [] }, 2))).toEqual([
    { key: "a", dependsOn: [], lane: 0 },
    { key: "b", dependsOn: [], lane: 1 },
    { key: "c", dependsOn: ["a"], lane: 0 },
    { key: "d", dependsOn: ["b"], lane: 1 },
    { key: "e", dependsOn: ["c"], lane: 0 },
  ]);
});

test("an entry goes into the lane of an entry it already waits for, so ordering costs no lane", () => {
  // b waits for a: it follows a in lane 0, leaving lane 1 to c.
  expect(schedulePlan(plan({ a: [], b: ["a"], c: [] }, 2))).toEqual([
    { key: "a", dependsOn: [], lane: 0 },
    { key: "b", dependsOn: ["a"], lane: 0 },
    { key: "c", dependsOn: [], lane: 1 },
  ]);
});

test("after into another lane: dependsOn holds both the lane's previous entry and the after entry", () => {
  // Lanes after c: [a, c] and [b]; d waits for a (not a lane's last), so it goes to the shorter lane.
  const s = schedulePlan(plan({ a: [], b: [], c: [], d: ["a"] }, 2));
  expect(s.find((e) => e.key === "d")).toEqual({ key: "d", dependsOn: ["a", "b"], lane: 1 });
});

test("maxConcurrentRestores 1 is one chain", () => {
  expect(schedulePlan(plan({ a: [], b: [], c: [] }, 1)).map((e) => e.dependsOn)).toEqual([[], ["a"], ["b"]]);
});

test("a bound at least the entry count adds no dependency", () => {
  expect(schedulePlan(plan({ a: [], b: [] }, 5))).toEqual([{ key: "a", dependsOn: [] }, { key: "b", dependsOn: [] }]);
});

test("at any point, at most maxConcurrentRestores entries of a 12-entry plan can run at once", () => {
  const p = plan(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`e${i}`, i % 4 === 3 ? [`e${i - 2}`] : []])), 3);
  const s = schedulePlan(p);
  // In a lane, each entry depends on the previous one: a lane runs one restore at a time.
  const lanes = new Map<number, string[]>();
  for (const e of s) lanes.set(e.lane!, [...(lanes.get(e.lane!) ?? []), e.key]);
  expect(lanes.size).toBe(3);
  for (const keys of lanes.values()) keys.slice(1).forEach((k, i) => expect(s.find((e) => e.key === k)!.dependsOn).toContain(keys[i]));
});

test("findCycle names a circle of after entries, each waiting for the next", () => {
  expect(findCycle(plan({ a: ["c"], b: ["a"], c: ["b"], d: [] }))).toEqual(["a", "c", "b"]);
  expect(findCycle(plan({ a: [], b: ["a"] }))).toBeUndefined();
  expect(() => topologicalOrder(plan({ a: ["b"], b: ["a"] }))).toThrow(/cycle \(a, b\)/);
});

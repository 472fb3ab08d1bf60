/** One plan → one sub-plan per source project: the allow-list split with it, `after` across projects refused naming both entries. */
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../../provider/dr-plan/plan-args";
import { splitByProject, SplitError } from "../../cli/drill/split-plan";

const A = "6b99999887d9d61443b41657";
const B = "6c11111187d9d61443b41111";
const DR = "6d72ec0087d9d61443b4d001";
const download = (projectId: string, clusterName: string, extra: Partial<DrPlanEntryArgs> = {}): DrPlanEntryArgs => ({
  source: { projectId, clusterName },
  restorePoint: { snapshot: { latest: true } },
  delivery: { type: "download" },
  ...extra,
});
const automated = (projectId: string, clusterName: string, target: string): DrPlanEntryArgs => ({
  source: { projectId, clusterName },
  restorePoint: { snapshot: { latest: true } },
  delivery: { type: "automated", targetProjectId: DR, targetClusterName: target },
});

test("entries grouped by source project, in order of first appearance; defaults and the bound go to every stack", () => {
  const plan: DisasterRecoveryPlanArgs = {
    entries: {
      "b-orders": download(B, "Orders"),
      "a-config": download(A, "Config"),
      "a-users": automated(A, "Users", "DrUsers"),
      "b-events": automated(B, "Events", "DrEvents"),
      "b-later": download(B, "Later", { after: ["b-orders"] }),
    },
    overwritableTargets: [`${DR}/DrUsers`, `${DR}/DrEvents`, `${DR}/Unused`],
    maxConcurrentRestores: 2,
    defaults: { rtoTargetMinutes: 60, api: "auto" },
  };
  const stacks = splitByProject(plan);
  expect(stacks.map((s) => [s.projectId, Object.keys(s.args.entries)])).toEqual([
    [B, ["b-orders", "b-events", "b-later"]],
    [A, ["a-config", "a-users"]],
  ]);
  expect(stacks[0]!.args).toEqual({
    entries: { "b-orders": plan.entries["b-orders"], "b-events": plan.entries["b-events"], "b-later": plan.entries["b-later"] },
    overwritableTargets: [`${DR}/DrEvents`],
    maxConcurrentRestores: 2,
    defaults: plan.defaults,
  });
  expect(stacks[1]!.args.overwritableTargets).toEqual([`${DR}/DrUsers`]);
});

test("no allow-list, no bound, no defaults: none invented", () => {
  const [only] = splitByProject({ entries: { x: download(A, "X") } });
  expect(only!.args).toEqual({ entries: { x: download(A, "X") } });
});

test("an `after` across projects is refused, naming both entries and their projects; every such entry is listed", () => {
  const plan: DisasterRecoveryPlanArgs = {
    entries: {
      config: download(A, "Config"),
      orders: download(B, "Orders", { after: ["config"] }),
      events: download(B, "Events", { after: ["orders", "config"] }),
    },
  };
  let error: SplitError | undefined;
  try {
    splitByProject(plan);
  } catch (e) {
    error = e as SplitError;
  }
  expect(error).toBeInstanceOf(SplitError);
  expect(error!.problems).toEqual([
    expect.stringMatching(new RegExp(`^Entry "orders" \\(project ${B}\\) is after "config" \\(project ${A}\\): .*Remove "config" from orders\\.after`)),
    expect.stringMatching(/^Entry "events" .* is after "config" /),
  ]);
});

test("an `after` naming no entry is left to the plan's own rules", () => {
  expect(splitByProject({ entries: { x: download(A, "X", { after: ["nope"] }) } })).toHaveLength(1);
});

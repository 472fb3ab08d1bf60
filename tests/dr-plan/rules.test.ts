/**
 * The plan's safety rules: each violation names its entries, and a plan that breaks one fails in
 * the component's constructor, through a real program and plugin, with no request sent.
 */
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../../local-engine/run-program";
import { checkPlan, type DisasterRecoveryPlanArgs } from "../../provider";
import { CLOUD_DOWNLOADS_PER_PROJECT } from "../../provider/dr-plan";
import { openPluginSession, type PluginSession } from "../helpers/plugin-session";
import { automated, download, fiveEntryPlan, IDS, target } from "./plans";

const good = fiveEntryPlan();
/** 21 Cloud Backup downloads from one project (distinct restore points). */
const many = Object.fromEntries(Array.from({ length: CLOUD_DOWNLOADS_PER_PROJECT + 1 }, (_, i) => [`dl-${i}`, download(IDS.cloudReplicaSet0.name, { snapshot: { latestBefore: `2026-02-${String(i + 1).padStart(2, "0")}T00:00:00Z` } }, { api: "cloudBackup" })]));
const withEntries = (entries: DisasterRecoveryPlanArgs["entries"], extra: Partial<DisasterRecoveryPlanArgs> = {}): DisasterRecoveryPlanArgs => ({ ...good, entries: { ...good.entries, ...entries }, ...extra });

/** [rule, plan, entries named, words of the message]. */
const CASES: [string, DisasterRecoveryPlanArgs, string[], RegExp][] = [
  ["schema", withEntries({ "config-db": { ...good.entries["config-db"], delivery: { type: "automated", targetProjectId: IDS.drProjectId } } as never }), ["config-db"], /entries\.config-db\.delivery\.targetClusterName: targetClusterName must be a string/],
  ["one-restore-point", withEntries({ orders: { ...good.entries.orders, restorePoint: { snapshotId: IDS.orders0.snapshotId, pointInTimeUTCSeconds: 1_700_000_000 } as never } }), ["orders"], /entries\.orders\.restorePoint sets snapshotId and pointInTimeUTCSeconds: set exactly one/],
  ["point-in-time-automated-only", withEntries({ dl: download(IDS.replicaSet0.name, { oplogTs: 1_700_000_000, oplogInc: 1 }, { api: "legacy" }) }), ["dl"], /point in time, which Atlas restores only into a cluster/],
  ["download-options-legacy-only", withEntries({ dl: { ...download(IDS.cloudReplicaSet0.name, { snapshot: { latest: true } }, { api: "cloudBackup" }), delivery: { type: "download", maxDownloads: 2 } } }), ["dl"], /delivery\.maxDownloads applies to the legacy API only/],
  ["unique-target", withEntries({ again: automated(IDS.orders0.name, IDS.drReplicaSet0.name, { snapshotId: IDS.orders0.snapshotId }, { api: "legacy" }) }), ["config-db", "again"], /"config-db", "again" all restore into 6d72ec0087d9d61443b4d001\/DrReplicaSet0/],
  ["target-not-source", withEntries({ back: { ...automated(IDS.cloudReplicaSet0.name, "x", { snapshot: { latest: true } }, { api: "cloudBackup" }), delivery: { type: "automated", targetProjectId: IDS.projectId, targetClusterName: IDS.replicaSet0.name } } }, { overwritableTargets: [...good.overwritableTargets!, `${IDS.projectId}/${IDS.replicaSet0.name}`] }), ["back", "config-db"], /targets 6b99999887d9d61443b41657\/ReplicaSet0, which is the source of "config-db"/],
  ["overwritable-target", { ...good, overwritableTargets: good.overwritableTargets!.filter((t) => t !== target(IDS.drOrders0.name)) }, ["orders"], /not in overwritableTargets\. An automated restore WIPES its target: if 6d72ec0087d9d61443b4d001\/DrOrders0 may be wiped, add/],
  ["cloud-download-per-snapshot", withEntries({ a: download(IDS.cloudCluster0.name, { snapshot: { latest: true } }, { api: "cloudBackup" }), b: download(IDS.cloudCluster0.name, { snapshot: { latest: true } }) }), ["a", "b"], /download the same snapshot .* one active Cloud Backup download per snapshot/],
  ["after-exists", withEntries({ orders: { ...good.entries.orders, after: ["config"] } }), ["orders"], /entries\.orders\.after names "config", which is not an entry of this plan/],
  ["after-acyclic", withEntries({ "config-db": { ...good.entries["config-db"], after: ["orders"] } }), ["config-db", "orders"], /wait for each other in a circle \(config-db after orders, orders after config-db\)/],
  ["resource-check", withEntries({ "config-db": { ...good.entries["config-db"], restorePoint: { pointInTimeUTCSeconds: Math.floor(Date.now() / 1000) - 3 * 86_400 } } }), ["config-db"], /entries\.config-db\.restorePoint\.pointInTimeUTCSeconds \(RestoreJob\): pointInTimeUTCMillis .* more than 24 hours ago/],
];

describe("checkPlan (pure)", () => {
  test("the five-entry plan has no violation", () => {
    expect(checkPlan(good)).toEqual([]);
  });

  test.each(CASES)("%s: the violation names the entries involved", (rule, plan, entries, words) => {
    const found = checkPlan(plan);
    expect(found.map((v) => v.rule)).toEqual([rule]);
    expect(found[0].entries).toEqual(entries);
    expect(found[0].message).toMatch(words);
  });

  test(`more than ${CLOUD_DOWNLOADS_PER_PROJECT} Cloud Backup downloads from one project is a violation naming all of them; legacy ones do not count`, () => {
    const found = checkPlan({ entries: many });
    expect(found.map((v) => v.rule)).toEqual(["cloud-downloads-per-project"]);
    expect(found[0].entries).toHaveLength(CLOUD_DOWNLOADS_PER_PROJECT + 1);
    expect(found[0].message).toMatch(/are 21 Cloud Backup downloads from project 6b99999887d9d61443b41657; Atlas allows at most 20/);
    const legacy = Object.fromEntries(Object.entries(many).map(([k, e]) => [k, { ...e, api: "legacy" as const, source: { ...e.source, clusterName: IDS.replicaSet0.name }, restorePoint: { snapshotId: IDS.replicaSet0.snapshotId } }]));
    expect(checkPlan({ entries: legacy })).toEqual([]);
  });

  test("every mistake of a plan is listed at once, each with its path", () => {
    const found = checkPlan({ entries: { "bad key!": good.entries.orders, x: { ...good.entries.orders, rtoTargetMinutes: -1, api: "cloud" as never } }, maxConcurrentRestores: 0 });
    expect(found.map((v) => v.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entries\.bad key!: entry keys must be 1-63 letters/),
        expect.stringMatching(/^entries\.x\.rtoTargetMinutes: rtoTargetMinutes must be greater than 0/),
        expect.stringMatching(/^entries\.x\.api: api must be "cloudBackup"/),
        expect.stringMatching(/^maxConcurrentRestores: maxConcurrentRestores must be a whole number >= 1/),
      ]),
    );
  });
});

describe("through the component, before any request", () => {
  let emulator: Emulator;
  let s: PluginSession;
  beforeAll(async () => {
    emulator = await startEmulator();
    s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
  });
  afterAll(async () => {
    await s?.close();
    await emulator?.close();
  });

  test.each([...CASES, ["cloud-downloads-per-project", { entries: many }, ["dl-0"], /./] as (typeof CASES)[number]])("%s: one error lists the violation; nothing is registered and the emulator saw 0 requests", async (rule, plan, entries) => {
    emulator.clearRequestLog();
    const before = s.engine.steps.length;
    const run = runProgram({ engine: s.engine, programPath: join(__dirname, "programs/plan-program.ts"), config: { "plan:args": JSON.stringify(plan) } });
    await expect(run).rejects.toThrow(new RegExp(`DisasterRecoveryPlan "drill" has 1 problem; nothing was created and no request was sent:\\n  1\\. \\[${rule}\\] .*${entries[0]}`));
    expect(s.engine.steps.length).toBe(before);
    expect(emulator.requestLog).toEqual([]);
  });
});

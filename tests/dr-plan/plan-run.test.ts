/**
 * A DisasterRecoveryPlan through a real program and the real dynamic-provider plugin against the
 * emulator: exactly one restore per entry, `after` and maxConcurrentRestores seen in the
 * emulator's request log, stable child names, a second up that restores nothing, and "auto".
 */
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { runProgram } from "../../local-engine/run-program";
import type { DisasterRecoveryPlanArgs, DrPlanEntryOutput } from "../../provider";
import { openPluginSession, type PluginSession } from "../helpers/plugin-session";
import { acceptedPosts, peakConcurrency, restoreSpans } from "./log-analysis";
import { download, fiveEntryPlan, IDS } from "./plans";

let emulator: Emulator;
let s: PluginSession;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 20 });
  s = await openPluginSession({ apiBase: emulator.apiBase, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
});
afterAll(async () => {
  await s?.close();
  await emulator?.close();
});

const programPath = join(__dirname, "programs/plan-program.ts");
const credentials = () => ({ "mongodbatlas:baseUrl": emulator.apiBase, "mongodbatlas:publicKey": emulator.publicKey, "mongodbatlas:privateKey": emulator.privateKey });
const up = (plan: DisasterRecoveryPlanArgs, name = "drill") =>
  runProgram({ engine: s.engine, programPath, config: { "plan:args": JSON.stringify(plan), "plan:name": name, ...credentials() } });

test("five entries, maxConcurrentRestores 2: one POST each, never more than 2 restores at once, orders after config-db; a second up restores nothing", async () => {
  emulator.clearRequestLog();
  const plan = fiveEntryPlan({ maxConcurrentRestores: 2 });
  const first = await up(plan);
  expect(first.errors).toEqual([]);
  expect(acceptedPosts(emulator)).toBe(5);

  const spans = restoreSpans(emulator);
  expect([...spans.keys()].sort()).toEqual([IDS.cloudCluster0.name, IDS.cloudReplicaSet0.name, IDS.cluster0.name, IDS.orders0.name, IDS.replicaSet0.name].sort());
  expect(peakConcurrency(spans)).toBe(2);
  // `after: ["config-db"]`: Orders0's restore is requested only once ReplicaSet0's was seen ready.
  expect(spans.get(IDS.orders0.name)!.post).toBeGreaterThan(spans.get(IDS.replicaSet0.name)!.last);

  const entries = first.outputs.entries as Record<string, DrPlanEntryOutput>;
  expect(Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, [e.api, e.status]]))).toEqual({
    "config-db": ["legacy", "READY"],
    orders: ["legacy", "READY"],
    sharded: ["legacy", "READY"],
    "cloud-rs": ["cloudBackup", "COMPLETED"],
    "cloud-sharded": ["cloudBackup", "COMPLETED"],
  });
  expect(entries["cloud-rs"].resolvedSnapshotId).toBe(IDS.cloudReplicaSet0.latestSnapshotId);
  expect(entries.sharded.ids).toHaveLength(4); // resource id + 3 parts
  expect(first.outputs.summary).toEqual({ entries: 5, passed: 5, failed: 0, usable: 5, rtoMissed: 0, rpoMissed: 0, unmeasured: 0, allPassed: true, verdict: "PASSED: 5 of 5 entries passed." });
  expect(first.secretOutputs).toEqual(["deliveryUrls"]);
  expect(first.outputs.deliveryUrls).toEqual({ "config-db": [], orders: [], sharded: [], "cloud-rs": [], "cloud-sharded": [] });

  // Children are named `<plan>-<entry>`: one resource per entry, stable across runs.
  const names = Object.values(s.state.resources).map((r) => r.name).sort();
  expect(names).toEqual(["drill-cloud-rs", "drill-cloud-sharded", "drill-config-db", "drill-orders", "drill-sharded"]);
  // The entry orders runs after is told so (its wait polls sooner: restore-core/awaited.ts); no other child is awaited.
  expect(Object.fromEntries(Object.values(s.state.resources).map((r) => [r.name, r.inputs.awaitedBy ?? null]))).toEqual({
    "drill-config-db": ["orders"],
    "drill-orders": null,
    "drill-sharded": null,
    "drill-cloud-rs": null,
    "drill-cloud-sharded": null,
  });

  const steps = s.engine.steps.length;
  const second = await up(plan);
  expect(second.errors).toEqual([]);
  expect(s.engine.steps.slice(steps).map((x) => x.kind)).toEqual(["same", "same", "same", "same", "same"]);
  expect(acceptedPosts(emulator)).toBe(5);

  // Editing one entry replaces that entry's child only.
  const edited = { ...plan, entries: { ...plan.entries, orders: { ...plan.entries.orders, trigger: "drill-2" } } };
  const third = await up(edited);
  expect(third.errors).toEqual([]);
  const kinds = Object.fromEntries(s.engine.steps.slice(steps + 5).map((x) => [x.urn.split("::").pop(), x.kind]));
  expect(kinds).toEqual({ "drill-config-db": "same", "drill-orders": "replace", "drill-sharded": "same", "drill-cloud-rs": "same", "drill-cloud-sharded": "same" });
  expect(acceptedPosts(emulator)).toBe(6);
});

test('api "auto": a read-only GET per entry decides legacy or Cloud Backup; downloads give secret URLs', async () => {
  emulator.clearRequestLog();
  const plan: DisasterRecoveryPlanArgs = {
    entries: {
      legacy: download(IDS.orders0.name, { snapshotId: IDS.orders0.snapshotId }),
      cloud: download(IDS.cloudReplicaSet0.name, { snapshotId: IDS.cloudReplicaSet0.snapshotIds[0] }),
    },
    defaults: { api: "auto" },
  };
  const run = await up(plan, "auto-drill");
  expect(run.errors).toEqual([]);
  const entries = run.outputs.entries as Record<string, DrPlanEntryOutput>;
  expect([entries.legacy.api, entries.legacy.status, entries.cloud.api, entries.cloud.status]).toEqual(["legacy", "READY", "cloudBackup", "READY"]);
  // The probes are GETs of the Cloud Backup snapshot list, sent before either restore's POST.
  const probes = emulator.requestLog.filter((e) => e.authenticated && e.method === "GET" && e.path.endsWith("/backup/snapshots"));
  expect(probes.map((e) => [e.path.split("/")[7], e.status])).toEqual(expect.arrayContaining([[IDS.orders0.name, 400], [IDS.cloudReplicaSet0.name, 200]]));
  expect(acceptedPosts(emulator)).toBe(2);
  const urls = run.outputs.deliveryUrls as Record<string, string[]>;
  expect(urls.legacy).toHaveLength(1);
  expect(urls.cloud).toHaveLength(1);
  expect(run.secretOutputs).toEqual(["deliveryUrls"]);
  expect(JSON.stringify(run.outputs.entries)).not.toMatch(/https?:\/\//);
});

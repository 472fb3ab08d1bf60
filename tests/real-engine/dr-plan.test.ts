/**
 * DisasterRecoveryPlan under the real engine (Pulumi CLI, Automation API): four entries, legacy
 * and Cloud Backup (one of them "auto"), one `after`, maxConcurrentRestores 2. Exactly one POST
 * per entry, order and bound in the emulator's log, the outputs, a second up that POSTs
 * nothing, and no delivery URL in plain text in `pulumi stack export` or the state files.
 */
import { startEmulator, type Emulator } from "../../emulator";
import type { DisasterRecoveryPlanArgs, DrPlanEntryOutput } from "../../provider";
import { acceptedPosts, peakConcurrency, restoreSpans } from "../dr-plan/log-analysis";
import { automated, download, IDS, target } from "../dr-plan/plans";
import { describeRealEngine, openRealStack, readTree, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const plan: DisasterRecoveryPlanArgs = {
  entries: {
    "config-db": automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { snapshotId: IDS.replicaSet0.snapshotId }, { api: "legacy", rtoTargetMinutes: 60 }),
    orders: automated(IDS.orders0.name, IDS.drOrders0.name, { snapshotId: IDS.orders0.snapshotId }, { api: "legacy", after: ["config-db"] }),
    "cloud-rs": automated(IDS.cloudReplicaSet0.name, IDS.drCloudReplicaSet0.name, { snapshot: { latest: true } }, { api: "cloudBackup" }),
    "cloud-dl": download(IDS.cloudCluster0.name, { snapshotId: IDS.cloudCluster0.latestSnapshotId }, { api: "auto" }),
  },
  overwritableTargets: [IDS.drReplicaSet0.name, IDS.drOrders0.name, IDS.drCloudReplicaSet0.name].map(target),
  maxConcurrentRestores: 2,
};
const spec: ResourceSpec = { kind: "plan", name: "drill", args: plan as unknown as Record<string, unknown> };
/** Where the emulator serves downloads: every delivery URL has this in its path. */
const DOWNLOAD_PATH = /\/backup\/restore\//;

describeRealEngine("real engine: DisasterRecoveryPlan", () => {
  let emulator: Emulator;
  let stack: RealStack;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({ project: "re-dr-plan", emulator });
  });
  afterAll(async () => {
    stack?.remove();
    await emulator?.close();
  });

  test("up: one POST per entry, orders after config-db, at most 2 at once; entries, summary and secret URLs", async () => {
    const r = await stack.op("up", [spec]);
    expect(r.error).toBeUndefined();
    expect(acceptedPosts(emulator)).toBe(4);
    const spans = restoreSpans(emulator);
    expect(peakConcurrency(spans)).toBeLessThanOrEqual(2);
    expect(spans.get(IDS.orders0.name)!.post).toBeGreaterThan(spans.get(IDS.replicaSet0.name)!.last);
    // The probe of the "auto" entry is a GET, never a POST.
    expect(emulator.requestLog.filter((e) => e.method === "GET" && e.path.endsWith(`/${IDS.cloudCluster0.name}/backup/snapshots`)).length).toBeGreaterThan(0);

    const { entries, summary } = r.outputs.drill.value as { entries: Record<string, DrPlanEntryOutput>; summary: unknown };
    expect(r.outputs.drill.secret).toBe(false);
    expect(Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, [e.api, e.status, e.rto]]))).toEqual({
      "config-db": ["legacy", "READY", "met"],
      orders: ["legacy", "READY", "not measured"],
      "cloud-rs": ["cloudBackup", "COMPLETED", "not measured"],
      "cloud-dl": ["cloudBackup", "READY", "not measured"],
    });
    for (const e of Object.values(entries)) {
      expect(e.requestedAt).toEqual(expect.any(String));
      expect(e.readyAt).toEqual(expect.any(String));
      expect(e.rtoSeconds).toBeGreaterThanOrEqual(0);
      expect(e.rpoSeconds).toBeGreaterThan(0);
    }
    expect(entries["cloud-dl"].parts).toHaveLength(3);
    expect(summary).toEqual({ entries: 4, passed: 4, failed: 0, usable: 4, rtoMissed: 0, rpoMissed: 0, unmeasured: 0, allPassed: true, verdict: "PASSED: 4 of 4 entries passed." });
    expect(r.outputs.drillUrls.secret).toBe(true);
    expect((r.outputs.drillUrls.value as Record<string, string[]>)["cloud-dl"]).toHaveLength(3);
    expect(JSON.stringify(r.outputs.drill.value)).not.toMatch(DOWNLOAD_PATH);

    // One component, four restores and the pinned api decision of the "auto" entry, each parented to it.
    const resources = r.deployment?.resources ?? [];
    const component = resources.find((x) => x.type === "atlas:index:DisasterRecoveryPlan")!;
    expect(component.urn).toMatch(/::drill$/);
    const children = resources.filter((x) => (x as { parent?: string }).parent === component.urn).map((x) => x.urn.split("::").pop()).sort();
    expect(children).toEqual(["drill-cloud-dl", "drill-cloud-dl-api", "drill-cloud-rs", "drill-config-db", "drill-orders"]);
  });

  test("`pulumi stack export` and the state files hold no delivery URL in plain text", async () => {
    const exported = await stack.cli(["stack", "export"]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/drill-cloud-dl/);
    expect(exported.stdout).not.toMatch(DOWNLOAD_PATH);
    for (const f of readTree(stack.backendDir)) expect(f.text).not.toMatch(DOWNLOAD_PATH);
  });

  test("a second up of the same plan: every resource the same, 0 POSTs", async () => {
    const r = await stack.op("up", [spec]);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toEqual({ same: 7 }); // stack, component, four restores, one api decision
    expect(acceptedPosts(emulator)).toBe(4);
  });
});

describeRealEngine('real engine: api "auto" with a wrong private key (issue 18)', () => {
  let emulator: Emulator;
  let stack: RealStack;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({
      project: "re-dr-plan-401",
      emulator,
      credentials: { "mongodbatlas:publicKey": emulator.publicKey, "mongodbatlas:privateKey": { secret: "00000000-0000-0000-0000-000000000000" }, "mongodbatlas:baseUrl": emulator.baseUrl },
    });
  });
  afterAll(async () => {
    stack?.remove();
    await emulator?.close();
  });

  test("preview fails on the decision's check, says it is an authentication error, sends no restore request; no unhandled exception, no serialization noise", async () => {
    const r = await stack.op("preview", [spec]);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/Atlas refused the provider's credentials .*This is an authentication error/s);
    expect(r.output).not.toMatch(/Unhandled exception|error serializing property|Set the entry's api/);
    expect(emulator.requestLog.filter((e) => e.method === "POST" && e.path.includes("restoreJobs"))).toHaveLength(0);
  });
});

/**
 * The real Pulumi engine (the CLI built from the Go module proxy), driven through the Automation
 * API with the packed package installed in a user project: preview, up, up again, refresh,
 * replacement, --target, RestoreJob.get, adopt, customTimeouts and destroy, each with the number
 * of restore POSTs the emulator saw.
 */
import { AtlasClient } from "../../provider/atlas";
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { postsSent, restoresAt, scanForSecrets } from "../reliability/helpers";
import { describeRealEngine, openRealStack, readTree, restoreResources, urnOf, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const download: ResourceSpec = {
  name: "orders-download",
  args: { projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "HTTP", maxDownloads: 2 } },
};
const toDr: ResourceSpec = {
  name: "rs0-to-dr",
  args: {
    projectId: IDS.projectId,
    clusterName: IDS.replicaSet0.name,
    snapshotId: IDS.replicaSet0.snapshotId,
    delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drReplicaSet0.name },
  },
};
const sharded: ResourceSpec = {
  name: "cluster0-download",
  args: { projectId: IDS.projectId, clusterName: IDS.cluster0.name, snapshotId: IDS.cluster0.snapshotId, delivery: { methodName: "HTTP" } },
};
const program = [download, toDr, sharded];
const creates = (e: Emulator) => postsSent(e);

describeRealEngine("real engine: the lifecycle of RestoreJob under pulumi preview / up / refresh / destroy", () => {
  let emulator: Emulator;
  let stack: RealStack;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({ project: "re-lifecycle", emulator });
  });
  afterAll(async () => {
    stack?.remove();
    await emulator?.close();
  });

  test("preview: the plan shows three creates and no request reaches Atlas", async () => {
    const r = await stack.op("preview", program);
    expect(r.error).toBeUndefined();
    expect(r.changeSummary).toEqual({ create: 4 }); // three restores and the stack
    expect(emulator.requestLog.filter((e) => e.path.startsWith("/api/"))).toEqual([]);
  });

  test("preview with a bad input fails naming the property; no request", async () => {
    const bad = { ...download, args: { ...download.args, snapshotId: "not-a-snapshot", delivery: { methodName: "HTTP", maxDownloads: 0 } } };
    const r = await stack.op("preview", [bad]);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/snapshotId/);
    expect(r.output).toMatch(/maxDownloads/);
    expect(emulator.requestLog.filter((e) => e.path.startsWith("/api/"))).toEqual([]);
  });

  test("up: every restore READY, one POST each; outputs and secrets as declared; no plaintext secret in state", async () => {
    const r = await stack.op("up", program);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toEqual({ create: 4 });
    expect(creates(emulator)).toBe(3);
    // The Automation API streamed the engine's events (onEvent) and the CLI's output (onOutput).
    expect(r.events.filter((e) => e.kind === "outputs" && e.op === "create" && e.urn?.includes("RestoreJob"))).toHaveLength(3);
    expect(r.output).toMatch(/\[atlas-restore\] .*ready \[READY\]/);
    for (const name of ["orders-download", "rs0-to-dr", "cluster0-download"]) {
      expect(r.outputs[name].value).toMatchObject({ status: "READY" });
    }
    expect(r.outputs["cluster0-download"].value).toMatchObject({ batchId: expect.stringMatching(/^[0-9a-f]{24}$/), jobIds: expect.any(Array) });
    expect(r.outputs["orders-downloadUrls"]).toEqual({ value: [expect.stringMatching(/^http:\/\/127\.0\.0\.1/)], secret: true });
    expect(r.outputs["cluster0-downloadUrls"]).toMatchObject({ secret: true });
    expect((r.outputs["cluster0-downloadUrls"].value as string[]).length).toBe(3);

    // The CLI itself: masked by default, shown with --show-secrets.
    const masked = await stack.cli(["stack", "output", "--json"]);
    expect(JSON.parse(masked.stdout)["orders-downloadUrls"]).toBe("[secret]");
    const shown = await stack.cli(["stack", "output", "--json", "--show-secrets"]);
    const urls = [...JSON.parse(shown.stdout)["orders-downloadUrls"], ...JSON.parse(shown.stdout)["cluster0-downloadUrls"]] as string[];
    expect(urls).toEqual(emulator.jobs({ clusterName: IDS.orders0.name }).concat(emulator.jobs({ clusterName: IDS.cluster0.name })).map((j) => j.delivery.url));

    // State: `pulumi stack export` and every file of the backend folder.
    const exported = await stack.cli(["stack", "export"]);
    expect(exported.code).toBe(0);
    const corpus = new Map<string, string>([["stack export", exported.stdout]]);
    for (const f of readTree(stack.backendDir)) corpus.set(f.path.slice(stack.backendDir.length), f.text);
    for (const f of readTree(stack.workDir)) corpus.set(f.path.slice(stack.workDir.length), f.text);
    const secrets: Record<string, string> = { privateKey: emulator.privateKey };
    urls.forEach((u, i) => {
      secrets[`url${i}`] = u;
      secrets[`urlToken${i}`] = new URL(u).pathname.split("/").filter((p) => p.length >= 16).sort((a, b) => b.length - a.length)[0] ?? u;
    });
    expect(corpus.size).toBeGreaterThan(2);
    expect(scanForSecrets(corpus, secrets)).toEqual([]);
    // Control: the same scan finds the URLs in the --show-secrets output.
    expect(scanForSecrets(new Map([["shown", shown.stdout]]), secrets).length).toBeGreaterThan(0);
  });

  test("up again: no changes, no POST", async () => {
    const r = await stack.op("up", program);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toEqual({ same: 4 });
    expect(creates(emulator)).toBe(3);
  });

  test("up --refresh and refresh: no POST, every job kept", async () => {
    const up = await stack.op("up", program, { options: { refresh: true } });
    expect(up.error).toBeUndefined();
    const refresh = await stack.op("refresh", program);
    expect(refresh.error).toBeUndefined();
    expect(restoreResources(refresh).map((x) => x.id)).toHaveLength(3);
    expect(creates(emulator)).toBe(3);
  });

  test("refresh through transient 404s and 503s: the error fails the refresh, no job is dropped, no POST", async () => {
    const before = restoreResources(await stack.op("none", program)).map((x) => x.id);
    emulator.faults.failNext({ status: 503, count: 3, method: "GET" });
    const first = await stack.op("refresh", program);
    emulator.faults.clear();
    emulator.faults.failNext({ status: 404, count: 1, method: "GET", path: /restoreJobs/ });
    const second = await stack.op("refresh", program);
    emulator.faults.clear();
    for (const r of [first, second]) expect(restoreResources(r).map((x) => x.id)).toEqual(before);
    const after = await stack.op("refresh", program);
    expect(after.error).toBeUndefined();
    expect(restoreResources(after).map((x) => x.id)).toEqual(before);
    expect(creates(emulator)).toBe(3);
  });

  test("a changed restore point replaces with exactly one new POST", async () => {
    const changed = { ...toDr, args: { ...toDr.args, snapshotId: IDS.replicaSet0.olderSnapshotId } };
    const r = await stack.op("up", [download, changed, sharded]);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toMatchObject({ replace: 1, same: 3 });
    expect(creates(emulator)).toBe(4);
    expect(restoresAt(emulator, IDS.replicaSet0.name)).toBe(2);
    program[1] = changed;
  });

  test("--replace <urn>: exactly one new POST for that resource", async () => {
    const r = await stack.op("up", program, { options: { replace: [urnOf(stack, "orders-download")] } });
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toMatchObject({ replace: 1, same: 3 });
    expect(creates(emulator)).toBe(5);
    expect(restoresAt(emulator, IDS.orders0.name)).toBe(2);
  });

  test("--target: only the targeted resource is created; the other change waits", async () => {
    const extra: ResourceSpec = { name: "rs0-older-download", args: { projectId: IDS.projectId, clusterName: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.olderSnapshotId, delivery: { methodName: "HTTP" } } };
    const changedSharded = { ...sharded, args: { ...sharded.args, delivery: { methodName: "HTTP", maxDownloads: 3 } } };
    const r = await stack.op("up", [download, program[1], changedSharded, extra], { options: { target: [urnOf(stack, "rs0-older-download")] } });
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toMatchObject({ create: 1 });
    expect(creates(emulator)).toBe(6);
    expect(restoresAt(emulator, IDS.cluster0.name)).toBe(1); // the untargeted change did not run
    program.push(extra);
  });

  test("RestoreJob.get reads an existing restore without managing it; no POST", async () => {
    const [job] = emulator.jobs({ clusterName: IDS.orders0.name });
    const r = await stack.op("up", [...program, { name: "read-orders", getId: `${IDS.projectId}/${IDS.orders0.name}/${job.id}` }]);
    expect(r.error).toBeUndefined();
    expect(r.outputs["read-orders"].value).toMatchObject({ id: `${IDS.projectId}/${IDS.orders0.name}/${job.id}`, status: expect.any(String) });
    expect(r.events).toContainEqual(expect.objectContaining({ kind: "pre", op: "read", urn: urnOf(stack, "read-orders") }));
    expect(creates(emulator)).toBe(6);
  });

  test("adopt: a restore started elsewhere becomes a resource with no POST, and stays so", async () => {
    const startedId = await startElsewhere(emulator, IDS.orders0.name, { snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "HTTP", maxDownloads: 5 } });
    const postsBefore = creates(emulator);
    const adopted: ResourceSpec = {
      name: "adopted-orders",
      args: { projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "HTTP", maxDownloads: 5 }, adopt: startedId },
    };
    const r = await stack.op("up", [...program, adopted]);
    expect(r.error).toBeUndefined();
    expect(r.outputs["adopted-orders"].value).toMatchObject({ id: `${IDS.projectId}/${IDS.orders0.name}/${startedId}`, status: "READY" });
    const again = await stack.op("up", [...program, adopted]);
    expect(again.summary?.resourceChanges).toMatchObject({ same: program.length + 2 });
    expect(creates(emulator)).toBe(postsBefore);
    program.push(adopted);
  });

  test("customTimeouts are ignored by dynamic providers: the wait is waitTimeoutMinutes", async () => {
    const slow: ResourceSpec = {
      name: "orders-custom-timeouts",
      args: { projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "HTTP", expirationHours: 2 } },
      opts: { customTimeouts: { create: "1s" } },
    };
    emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { jobDurationMs: 100_000 }); // 5 s of real time at 20x
    try {
      const r = await stack.op("up", [...program, slow]);
      expect(r.error).toBeUndefined();
      expect(r.outputs["orders-custom-timeouts"].value).toMatchObject({ status: "READY" });
    } finally {
      emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, {});
    }
    program.push(slow);
  });

  test("destroy: succeeds, says what happened to each restore, sends no request that changes anything", async () => {
    const posts = creates(emulator);
    const r = await stack.op("destroy", program);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toMatchObject({ delete: program.length + 1 });
    expect(r.output).toMatch(/removed from the stack\. Atlas has no way to cancel or delete a restore job/);
    expect(restoreResources(r)).toEqual([]);
    expect(creates(emulator)).toBe(posts);
  });
});

/** A restore started outside the stack (the console, the Atlas CLI): one POST with digest auth. */
async function startElsewhere(emulator: Emulator, clusterName: string, body: Record<string, unknown>): Promise<string> {
  const client = new AtlasClient({ baseUrl: emulator.baseUrl, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
  const [job] = await client.createRestoreJobs(IDS.projectId, clusterName, body as never);
  return job.batchId ?? job.id;
}

/**
 * Issue 9 part A under the real engine (the CLI built from the Go module proxy, Automation API,
 * the packed package): two declarations of one target in one program, and the removal of `adopt`
 * after an adoption, each with the restore POSTs the emulator saw.
 */
import { AtlasClient } from "../../provider/atlas";
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { postsSent, restoresAt } from "../reliability/helpers";
import { describeRealEngine, openRealStack, restoreResources, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const intoDr = (name: string, cluster: { name: string; snapshotId: string }, target: string, extra: Record<string, unknown> = {}): ResourceSpec => ({
  name,
  args: {
    projectId: IDS.projectId,
    clusterName: cluster.name,
    snapshotId: cluster.snapshotId,
    delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: target },
    ...extra,
  },
});

describeRealEngine("real engine: exactly the declared restore, exactly once", () => {
  let emulator: Emulator;
  let stack: RealStack;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({ project: "re-exactly-once", emulator });
  });
  afterAll(async () => {
    stack?.remove();
    await emulator?.close();
  });

  test("two RestoreJobs of one program into one target: up fails before either sends a request, naming both; a third into another target is created", async () => {
    const up = await stack.op("up", [
      intoDr("restore-monday", IDS.replicaSet0, IDS.drReplicaSet0.name),
      intoDr("restore-tuesday", IDS.orders0, IDS.drReplicaSet0.name),
      intoDr("restore-elsewhere", IDS.orders0, IDS.drOrders0.name, { waitFor: "none" }),
    ]);
    expect(up.ok).toBe(false);
    expect(up.output).toMatch(/Restores "restore-monday" and "restore-tuesday" all restore into cluster [a-f0-9]{24}\/DrReplicaSet0/);
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(0);
    expect(emulator.jobs({ clusterName: IDS.orders0.name }).map((j) => j.delivery.targetClusterName)).toEqual([IDS.drOrders0.name]);
    expect(restoreResources(up).map((r) => r.urn.split("::").pop())).toEqual(["restore-elsewhere"]);
  });

  test("adopt of a matching restore, then adopt removed: an update, never a new restore", async () => {
    const someoneElse = new AtlasClient({ baseUrl: emulator.baseUrl, publicKey: emulator.publicKey, privateKey: emulator.privateKey });
    const [theirs] = await someoneElse.createRestoreJobs(IDS.projectId, IDS.replicaSet0.name, { delivery: { methodName: "HTTP", maxDownloads: 2 }, snapshotId: IDS.replicaSet0.olderSnapshotId });
    const declared: ResourceSpec = {
      name: "handover",
      args: { projectId: IDS.projectId, clusterName: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.olderSnapshotId, delivery: { methodName: "HTTP", maxDownloads: 2 }, waitFor: "none" },
    };
    const adopted = await stack.op("up", [{ ...declared, args: { ...declared.args, adopt: theirs.id } }]);
    expect(adopted.error).toBeUndefined();
    expect(adopted.output).toContain(`restore ${theirs.id} adopted (1 part)`);
    const removed = await stack.op("up", [declared]);
    expect(removed.error).toBeUndefined();
    expect(removed.summary?.resourceChanges).toMatchObject({ update: 1 });
    expect(restoreResources(removed).find((r) => r.urn.endsWith("::handover"))?.id).toBe(`${IDS.projectId}/${IDS.replicaSet0.name}/${theirs.id}`);
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(1); // someone else's: none from the stack
    expect(restoresAt(emulator, IDS.replicaSet0.name)).toBe(1);
  });
});

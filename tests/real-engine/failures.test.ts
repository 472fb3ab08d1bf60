/**
 * Failure paths under the real engine, where it differs from local-engine/: the engine forces an
 * update only while a resource has init errors, and `pulumi refresh` drops them (the
 * dynamic-provider plugin's Read cannot return any). A failed restore must still fail the next
 * `up`, and an unfinished wait must resume, whatever refresh did; never with a second POST.
 */
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { limit } from "../helpers/limit";
import { postsSent, until } from "../reliability/helpers";
import { describeRealEngine, openRealStack, restoreResources, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const broken: ResourceSpec = {
  name: "orders-broken",
  args: { projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "HTTP" } },
};
const slow = (name: string, cluster: { name: string; snapshotId: string }): ResourceSpec => ({
  name,
  args: { projectId: IDS.projectId, clusterName: cluster.name, snapshotId: cluster.snapshotId, delivery: { methodName: "HTTP" }, waitTimeoutMinutes: 0.05 },
});

/** Stacks at a time: each holds a driver, the CLI and the plugin (about 400 MB), and CPU is 2 cores. */
const inTurn = limit(2);

describeRealEngine("real engine: failed and timed-out restores stay visible across up and refresh", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  /** Each scenario on a stack of its own (and a cluster of its own), two at a time: their waits overlap. */
  const onItsOwnStack = (name: string, scenario: (stack: RealStack) => Promise<void>) =>
    test.concurrent(name, () =>
      inTurn(async () => {
        const stack = await openRealStack({ project: "re-failures", emulator });
        try {
          await scenario(stack);
        } finally {
          stack.remove();
        }
      }),
    );

  onItsOwnStack("a BROKEN restore fails up, fails the next up, and still fails after pulumi refresh; one POST in all", async (stack) => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.orders0.name, { outcome: "BROKEN", failAfterMs: 1_000 });
    const first = await stack.op("up", [broken]);
    expect(first.ok).toBe(false);
    expect(first.output).toMatch(/failed: .*BROKEN/);
    const [stored] = restoreResources(first);
    expect(stored.outputs?.status).toBe("FAILED");
    expect(stored.initErrors?.length).toBeGreaterThan(0);

    const second = await stack.op("up", [broken]);
    expect(second.ok).toBe(false);
    expect(second.output).toMatch(/BROKEN/);

    const refresh = await stack.op("refresh", [broken]);
    expect(refresh.error).toBeUndefined();
    const [refreshed] = restoreResources(refresh);
    expect(refreshed.outputs?.status).toBe("FAILED");
    expect(refreshed.initErrors ?? []).toEqual([]); // what the real engine does: the init errors are gone

    const third = await stack.op("up", [broken]);
    expect(third.ok).toBe(false);
    expect(third.output).toMatch(/stored as FAILED: re-reading it to report the failure/);
    expect(third.output).toMatch(/BROKEN/);
    expect(restoreResources(third)[0].id).toBe(stored.id);
    expect(postsSent(emulator, IDS.orders0.name)).toBe(1);
  });

  onItsOwnStack("a timed-out wait resumes on the next up: no second POST", async (stack) => {
    const spec = slow("rs0-slow", { name: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.snapshotId });
    emulator.setRestoreBehaviour(IDS.projectId, IDS.replicaSet0.name, { jobDurationMs: 160_000 }); // 8 s of real time
    const first = await stack.op("up", [spec]);
    expect(first.ok).toBe(false);
    expect(first.output).toMatch(/was not ready after .* minutes \(waitTimeoutMinutes\)/);
    expect(restoreResources(first)[0].outputs?.status).toBe("IN_PROGRESS");

    await until(() => emulator.jobs({ clusterName: IDS.replicaSet0.name }).every((j) => j.delivery?.statusName === "READY"), "the restore to finish");
    const second = await stack.op("up", [spec]);
    expect(second.error).toBeUndefined();
    expect(second.summary?.resourceChanges).toMatchObject({ update: 1 });
    expect(restoreResources(second)[0].outputs?.status).toBe("READY");
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(1);
  });

  onItsOwnStack("a timed-out wait resumes on the next up after pulumi refresh dropped its init errors: no second POST", async (stack) => {
    const spec = slow("cluster0-slow", { name: IDS.cluster0.name, snapshotId: IDS.cluster0.snapshotId });
    emulator.setRestoreBehaviour(IDS.projectId, IDS.cluster0.name, { jobDurationMs: 600_000 }); // 30 s real: still running after up + refresh
    const first = await stack.op("up", [spec]);
    expect(first.ok).toBe(false);
    const refresh = await stack.op("refresh", [spec]);
    expect(refresh.error).toBeUndefined();
    const [refreshed] = restoreResources(refresh).filter((r) => r.urn.endsWith("cluster0-slow"));
    expect(refreshed.outputs?.status).toBe("IN_PROGRESS");
    expect(refreshed.initErrors ?? []).toEqual([]);

    await until(() => emulator.jobs({ clusterName: IDS.cluster0.name }).every((j) => j.delivery?.statusName === "READY"), "the restore to finish");
    const second = await stack.op("up", [spec]);
    expect(second.error).toBeUndefined();
    expect(second.output).toMatch(/stored as IN_PROGRESS: re-reading it to resume waiting/);
    expect(restoreResources(second).find((r) => r.urn.endsWith("cluster0-slow"))?.outputs?.status).toBe("READY");
    expect(postsSent(emulator, IDS.cluster0.name)).toBe(1);
  });
});

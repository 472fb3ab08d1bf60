/**
 * Interrupting `pulumi up` while it waits for an automated restore, under the real engine. What
 * the engine does (found by this suite): the provider plugin runs in its own process group, so a
 * terminal's Ctrl-C reaches only `pulumi`; the first SIGINT is a graceful cancel that lets the
 * step in flight (our wait) finish; a second SIGINT terminates at once and leaves a pending create
 * in the checkpoint; SIGKILL leaves the pending create and the stack's lock. After each, what the
 * user sees and does next, and the proof that no second automated restore starts and the job is
 * never lost.
 */
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { postsSent, replicaSetFixture, until } from "../reliability/helpers";
import { childProcesses, describeRealEngine, eventually, openRealStack, restoreResources, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const intoDr = (name: string, target: string, extra: Record<string, unknown> = {}): ResourceSpec => ({
  name,
  args: {
    projectId: IDS.projectId,
    clusterName: IDS.replicaSet0.name,
    snapshotId: IDS.replicaSet0.snapshotId,
    delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: target },
    ...extra,
  },
});

/** Every descendant of a process. */
async function descendants(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const [child] of await childProcesses(pid)) out.push(child, ...(await descendants(child)));
  return out;
}

const jobInto = (e: Emulator, target: string) => e.jobs({ clusterName: IDS.replicaSet0.name }).find((j) => j.delivery?.targetClusterName === target);

describeRealEngine("real engine: interrupting pulumi up mid-wait", () => {
  let emulator: Emulator;
  let stack: RealStack;
  const strays: number[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({ project: "re-interrupt", emulator });
  });
  afterAll(async () => {
    for (const pid of strays) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    stack?.remove();
    await emulator?.close();
  });

  /** Runs `up`, and once the restore's POST was answered, signals its `pulumi` as `signals` says. */
  async function interruptedUp(resources: ResourceSpec[], target: string, signals: NodeJS.Signals[]) {
    return stack.op("up", resources, {
      onStart: (driver) => {
        void (async () => {
          await until(() => jobInto(emulator, target) !== undefined, "the restore POST");
          await new Promise((res) => setTimeout(res, 1_500));
          const [pulumiPid] = await eventually(async () => (await childProcesses(driver.pid!)).find(([, args]) => /\/bin\/pulumi up\b/.test(args)), "pulumi");
          // After a SIGKILL its plugin lives on, orphaned: afterAll ends it.
          if (signals.includes("SIGKILL")) strays.push(...(await descendants(pulumiPid)));
          for (const signal of signals) {
            process.kill(pulumiPid, signal);
            await new Promise((res) => setTimeout(res, 1_000));
          }
        })();
      },
    });
  }

  test("Ctrl-C once: a graceful cancel; the engine lets the wait finish and records the restore; the next up changes nothing; one POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.replicaSet0.name, { jobDurationMs: 200_000 }); // 10 s real
    const spec = intoDr("ctrl-c", IDS.drReplicaSet0.name);
    const r = await interruptedUp([spec], IDS.drReplicaSet0.name, ["SIGINT"]);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/\^C received; cancelling/);
    expect(r.output).toMatch(/update canceled/);
    const [stored] = restoreResources(r);
    expect(stored).toMatchObject({ id: `${IDS.projectId}/${IDS.replicaSet0.name}/${jobInto(emulator, IDS.drReplicaSet0.name)!.id}`, outputs: expect.objectContaining({ status: "READY" }) });
    expect(r.deployment?.pending_operations ?? []).toEqual([]);

    const next = await stack.op("up", [spec]);
    expect(next.error).toBeUndefined();
    expect(next.summary?.resourceChanges).toEqual({ same: 2 });
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(1);
  });

  test("Ctrl-C twice: terminated; a pending create blocks the next up; after refresh --clear-pending-creates the guard refuses a second restore and names it; adopt takes it over; one POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.replicaSet0.name, { jobDurationMs: 700_000 }); // 35 s real
    const keep = [intoDr("ctrl-c", IDS.drReplicaSet0.name)];
    const spec = intoDr("terminated", IDS.drOrders0.name);
    const r = await interruptedUp([...keep, spec], IDS.drOrders0.name, ["SIGINT", "SIGINT"]);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/\^C received; terminating/);
    expect((r.deployment?.pending_operations ?? []).map((p) => [p.type, p.resource.urn.split("::").pop()])).toEqual([["creating", "terminated"]]);
    const running = jobInto(emulator, IDS.drOrders0.name)!;

    const blocked = await stack.op("up", [...keep, spec]);
    expect(blocked.ok).toBe(false);
    expect(blocked.error).toMatch(/interrupted while creating/);
    expect(blocked.error).toMatch(/pulumi refresh/);

    const cleared = await stack.op("refresh", [...keep, spec], { options: { clearPendingCreates: true } });
    expect(cleared.error).toBeUndefined();
    expect(cleared.deployment?.pending_operations ?? []).toEqual([]);

    const guarded = await stack.op("up", [...keep, spec]);
    expect(guarded.ok).toBe(false);
    expect(guarded.output).toMatch(/is still running\. No second restore was started/);
    expect(guarded.output).toContain(`adopt: "${running.id}"`);

    const adopted = await stack.op("up", [...keep, { ...spec, args: { ...spec.args, adopt: running.id } }]);
    expect(adopted.error).toBeUndefined();
    expect(restoreResources(adopted).find((x) => x.urn.endsWith("::terminated"))).toMatchObject({
      id: `${IDS.projectId}/${IDS.replicaSet0.name}/${running.id}`,
      outputs: expect.objectContaining({ status: "READY" }),
    });
    expect(jobInto(emulator, IDS.drOrders0.name)!.statusName).toBe("FINISHED");
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(2); // ctrl-c's and this one: never a second for one declaration
  });

  test("SIGKILL of the CLI: the stack stays locked (pulumi cancel), then the pending create as above; adopt; one POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.replicaSet0.name, { jobDurationMs: 700_000 });
    emulator.addCluster(IDS.drProjectId, replicaSetFixture("DrKilled0"));
    const keep = [intoDr("ctrl-c", IDS.drReplicaSet0.name)];
    const spec = intoDr("killed", "DrKilled0");
    const before = postsSent(emulator, IDS.replicaSet0.name);
    const r = await interruptedUp([...keep, spec], "DrKilled0", ["SIGKILL"]);
    expect(r.ok).toBe(false);
    const running = jobInto(emulator, "DrKilled0")!;

    const locked = await stack.op("up", [...keep, spec]);
    expect(locked.error).toMatch(/the stack is currently locked by 1 lock\(s\)/);
    const cancel = await stack.cli(["cancel", "--yes"]);
    expect(cancel.code).toBe(0);

    const blocked = await stack.op("up", [...keep, spec]);
    expect(blocked.error).toMatch(/interrupted while creating/);
    const cleared = await stack.op("refresh", [...keep, spec], { options: { clearPendingCreates: true } });
    expect(cleared.error).toBeUndefined();

    const adopted = await stack.op("up", [...keep, { ...spec, args: { ...spec.args, adopt: running.id } }]);
    expect(adopted.error).toBeUndefined();
    expect(restoreResources(adopted).find((x) => x.urn.endsWith("::killed"))).toMatchObject({ outputs: expect.objectContaining({ status: "READY" }) });
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(before + 1);
  });
});

/**
 * Interrupting `pulumi up` while it waits for an automated restore, three ways, under the real
 * engine: Ctrl-C in a terminal (SIGINT to the whole process group, the plugin included), the
 * Automation API's cancel (SIGINT to `pulumi` alone: a graceful cancel), and SIGKILL of the CLI.
 * After each, what the user sees and does next, and the proof that no second automated restore
 * starts and the job is never lost.
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

/** Every descendant of a process, deepest last. */
async function descendants(pid: number): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for (const child of await childProcesses(pid)) out.push(child, ...(await descendants(child[0])));
  return out;
}

const restoreFinished = (e: Emulator, target: string) =>
  e.jobs({ clusterName: IDS.replicaSet0.name }).some((j) => j.delivery?.targetClusterName === target && j.statusName === "FINISHED");

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

  test("Ctrl-C in a terminal: the plugin records the running restore in state; the next up resumes it; one POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.replicaSet0.name, { jobDurationMs: 200_000 }); // 10 s real
    const spec = intoDr("ctrl-c", IDS.drReplicaSet0.name);
    const interrupted = stack.op("up", [spec], {
      processGroup: true,
      onStart: (driver) => {
        void until(() => postsSent(emulator, IDS.replicaSet0.name) === 1, "the restore POST").then(async () => {
          await new Promise((r) => setTimeout(r, 1_500));
          process.kill(-driver.pid!, "SIGINT");
        });
      },
    });
    const r = await interrupted;
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/SIGINT received/);
    const [stored] = restoreResources(r);
    expect(stored?.id).toMatch(new RegExp(`^${IDS.projectId}/${IDS.replicaSet0.name}/[0-9a-f]{24}$`));
    expect(stored.outputs?.status).toBe("IN_PROGRESS");
    expect(r.deployment?.pending_operations ?? []).toEqual([]);

    const next = await stack.op("up", [spec]);
    expect(next.error).toBeUndefined();
    expect(restoreResources(next)[0]).toMatchObject({ id: stored.id, outputs: expect.objectContaining({ status: "READY" }) });
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(1);
  });

  test("Automation API cancel (SIGINT to pulumi alone): the engine finishes the step in flight; state holds the restore; one POST", async () => {
    const before = postsSent(emulator, IDS.replicaSet0.name);
    const spec = intoDr("graceful", IDS.drOrders0.name);
    const r = await stack.op("up", [intoDr("ctrl-c", IDS.drReplicaSet0.name), spec], {
      onStart: (driver) => {
        void until(() => postsSent(emulator, IDS.replicaSet0.name) === before + 1, "the restore POST").then(async () => {
          await new Promise((res) => setTimeout(res, 1_500));
          driver.kill("SIGINT");
        });
      },
    });
    const stored = restoreResources(r).find((x) => x.urn.endsWith("::graceful"));
    expect(stored?.id).toBeTruthy();
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(before + 1);
    const next = await stack.op("up", [intoDr("ctrl-c", IDS.drReplicaSet0.name), spec]);
    expect(next.error).toBeUndefined();
    expect(restoreResources(next).find((x) => x.urn.endsWith("::graceful"))).toMatchObject({ id: stored!.id, outputs: expect.objectContaining({ status: "READY" }) });
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(before + 1);
  });

  test("SIGKILL of the CLI: pending create; refresh --clear-pending-creates; the guard refuses a second restore and names the job; adopt takes it over; one POST", async () => {
    emulator.setRestoreBehaviour(IDS.projectId, IDS.replicaSet0.name, { jobDurationMs: 700_000 }); // 35 s real
    const before = postsSent(emulator, IDS.replicaSet0.name);
    const keep = [intoDr("ctrl-c", IDS.drReplicaSet0.name), intoDr("graceful", IDS.drOrders0.name)];
    emulator.addCluster(IDS.drProjectId, replicaSetFixture("DrKilled0"));
    const spec = intoDr("killed", "DrKilled0");
    const killed = await stack.op("up", [...keep, spec], {
      onStart: (driver) => {
        void (async () => {
          await until(() => postsSent(emulator, IDS.replicaSet0.name) === before + 1, "the restore POST");
          await new Promise((res) => setTimeout(res, 1_500));
          const [pulumiPid] = await eventually(async () => (await childProcesses(driver.pid!)).find(([, args]) => /\/bin\/pulumi up\b/.test(args)), "pulumi");
          strays.push(...(await descendants(pulumiPid)).map(([pid]) => pid));
          process.kill(pulumiPid, "SIGKILL");
        })();
      },
    });
    expect(killed.ok).toBe(false);
    const pending = killed.deployment?.pending_operations ?? [];
    expect(pending.map((p) => [p.type, p.resource.urn.split("::").pop()])).toEqual([["creating", "killed"]]);

    // What the user sees next: the engine refuses to go on until the pending create is resolved.
    const blocked = await stack.op("up", [...keep, spec]);
    expect(blocked.ok).toBe(false);
    expect(blocked.output + (blocked.error ?? "")).toMatch(/pending operations|interrupted while creating/);
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(before + 1);

    const cleared = await stack.op("refresh", [...keep, spec], { options: { clearPendingCreates: true } });
    expect(cleared.error).toBeUndefined();
    expect(cleared.deployment?.pending_operations ?? []).toEqual([]);

    // The create runs again, but the guard sees the running restore into the same target.
    const guarded = await stack.op("up", [...keep, spec]);
    expect(guarded.ok).toBe(false);
    const running = emulator.jobs({ clusterName: IDS.replicaSet0.name }).find((j) => j.delivery?.targetClusterName === "DrKilled0")!;
    expect(running.statusName).not.toBe("FINISHED");
    expect(guarded.output).toMatch(/RESTORE_ALREADY_RUNNING|is still running\. No second restore was started/);
    expect(guarded.output).toContain(`adopt: "${running.id}"`);
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(before + 1);

    // Recovery as the message says: adopt it.
    const adopted = await stack.op("up", [...keep, { ...spec, args: { ...spec.args, adopt: running.id } }]);
    expect(adopted.error).toBeUndefined();
    expect(restoreResources(adopted).find((x) => x.urn.endsWith("::killed"))).toMatchObject({ outputs: expect.objectContaining({ status: "READY" }) });
    expect(restoreFinished(emulator, "DrKilled0")).toBe(true);
    expect(postsSent(emulator, IDS.replicaSet0.name)).toBe(before + 1);
  });
});

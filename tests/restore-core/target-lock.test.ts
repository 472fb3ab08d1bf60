import { isRestoreError, withTargetLock } from "../../provider/restore-core";
import { legacyRestoreAdapter } from "../../provider/restore-job";
import type { CreateRestoreJobRequest } from "../../provider/atlas/models";

const targetKey = (r: CreateRestoreJobRequest) => legacyRestoreAdapter.targetOf(r);

describe("per-target lock (issue 9 item 2)", () => {
  const into = (cluster: string) => ({ delivery: { methodName: "AUTOMATED_RESTORE" as const, targetGroupId: "6c99999887d9d61443b41657", targetClusterName: cluster } });

  test("a second declaration into a held target fails at once, naming both; its critical section never runs", async () => {
    let release!: () => void;
    const first = withTargetLock(targetKey(into("Dr"))!, "restore A", () => new Promise<string>((r) => (release = () => r("A done"))));
    const second = jest.fn(async () => "B done");
    const err = await withTargetLock(targetKey(into("Dr"))!, "restore B", second).catch((e) => e);
    expect(isRestoreError(err) && err.code).toBe("RESTORE_ALREADY_RUNNING");
    expect(err.message).toMatch(/restore A is being started, so restore B was not \(no request sent\)/);
    expect(second).not.toHaveBeenCalled();
    release();
    await expect(first).resolves.toBe("A done");
  });
  test("other targets run in parallel; a released target can be taken again (also after a failure)", async () => {
    const a = withTargetLock(targetKey(into("DrA"))!, "A", async () => "a");
    const b = withTargetLock(targetKey(into("DrB"))!, "B", async () => "b");
    await expect(Promise.all([a, b])).resolves.toEqual(["a", "b"]);
    await expect(withTargetLock(targetKey(into("DrA"))!, "C", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(withTargetLock(targetKey(into("DrA"))!, "D", async () => "d")).resolves.toBe("d");
  });
  test("HTTP downloads have no target and take no lock", () => {
    expect(targetKey({ delivery: { methodName: "HTTP" } })).toBeUndefined();
  });
});

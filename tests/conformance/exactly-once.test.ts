/**
 * The conformance suite: every safety scenario over every way to declare a restore (RestoreJob,
 * CloudBackupRestoreJob, and a DisasterRecoveryPlan entry of each API), on the plugin path: the
 * real dynamic-provider plugin over gRPC, the emulator over HTTP with digest auth. A resource
 * that does not pass all of them does not ship. Issue 17's numbered behaviours are marked.
 *
 * The emulator runs ×20 and the provider is told so (`atlas-restore:serverTimeScale`), so waits
 * and polls keep Atlas's proportions in emulated time and a 20 s restore takes one real second.
 * A subject's scenarios run side by side (test.concurrent), each on clusters and a stack of its
 * own, so their waits on emulated time overlap.
 */
import type { Emulator } from "../../emulator";
import { startConformanceWorld } from "./fixture";
import { createPath, creates, restores, someoneElsesRestore } from "./helpers";
import { SUBJECTS, type Declaration, type Subject, type World } from "./subjects";
import { newSource, newTarget } from "./world";

let emulator: Emulator;
let world: World;
let close: (() => Promise<void>) | undefined;
beforeAll(async () => void ({ emulator, world, close } = await startConformanceWorld()));
afterAll(() => close?.());

/** A proxy's answer to a create it did not forward: the outcome is unknown to the provider. */
const PROXY_502 = { status: 502, body: "<html><body><h1>502 Bad Gateway</h1></body></html>", contentType: "text/html" };

describe.each(SUBJECTS)("$name", (subject: Subject) => {
  const automated = (extra: Partial<Declaration> = {}): Declaration => {
    const source = newSource(emulator, subject.api);
    return { source, target: newTarget(emulator, subject.api), ...extra };
  };
  const download = (extra: Partial<Declaration> = {}): Declaration => ({ source: newSource(emulator, subject.api), ...extra });

  test.concurrent("an unchanged declaration restores once: up, up again, refresh, up: one create", async () => {
    const stack = subject.openStack(world);
    for (const d of [download(), automated()]) {
      const first = await stack.up("twice", d);
      expect(first.error).toBeUndefined();
      expect(first.outputs?.status).toMatch(/^(READY|COMPLETED)$/);
      expect((await stack.up("twice", d)).step).toBe("same");
      await stack.refresh();
      expect((await stack.up("twice", d)).step).toBe("same");
      expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([1, 1]);
      await stack.destroy();
    }
  });

  test.concurrent("a lost create answer after Atlas acted: the restore it started is found and adopted, nothing sent again", async () => {
    const stack = subject.openStack(world);
    const d = automated();
    emulator.faults.dropNextResponse({ method: "POST", path: createPath(d.source) });
    const r = await stack.up("lost", d);
    expect(r.error).toBeUndefined();
    const held = restores(emulator, subject.api, d.source);
    expect([creates(emulator, d.source), held.length]).toEqual([1, 1]);
    expect(r.id).toBe(`${d.source.projectId}/${d.source.name}/${held[0].id}`);
    expect(r.outputs?.status).toMatch(/^(READY|COMPLETED)$/);
  });

  test.concurrent("a lost create answer when Atlas did nothing: a clear error, nothing in state; the next up restores once", async () => {
    const stack = subject.openStack(world);
    const d = download();
    emulator.faults.failNext({ ...PROXY_502, method: "POST", path: createPath(d.source) });
    const r = await stack.up("nothing", d);
    expect(r.error).toMatch(/got no usable answer.*not sent again/s);
    expect(r.id).toBeUndefined();
    expect(restores(emulator, subject.api, d.source)).toHaveLength(0);
    const again = await stack.up("nothing", d);
    expect(again.error).toBeUndefined();
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([2, 1]);
  });

  test.concurrent.each(["download", "automated"] as const)(
    "item 1: after a trigger change, a lost create answer never adopts the previous declaration's finished restore (%s)",
    async (kind) => {
      const stack = subject.openStack(world);
      const d = kind === "download" ? download({ trigger: "q1" }) : automated({ trigger: "q1" });
      const first = await stack.up("drill", d);
      expect(first.outputs?.status).toMatch(/^(READY|COMPLETED)$/);
      emulator.faults.failNext({ ...PROXY_502, method: "POST", path: createPath(d.source) });
      const second = await stack.up("drill", { ...d, trigger: "q2" });
      expect(second.error).toMatch(/got no usable answer.*no restore job matching it appeared/s);
      // The first restore is never reported as the second's: state still holds it as the first
      // (create-before-delete), or, where Atlas allows one active download per snapshot (a Cloud
      // Backup download: delete-before-replace), it was cancelled first and state holds nothing.
      const oneDownloadPerSnapshot = subject.api === "cloudBackup" && kind === "download";
      expect((await stack.stored("drill")).id).toBe(oneDownloadPerSnapshot ? undefined : first.id);
      expect(restores(emulator, subject.api, d.source)).toEqual([{ id: first.id!.split("/")[2], cancelled: oneDownloadPerSnapshot }]);
      const third = await stack.up("drill", { ...d, trigger: "q2" });
      expect(third.error).toBeUndefined();
      expect(third.id).not.toBe(first.id);
      expect(restores(emulator, subject.api, d.source)).toHaveLength(2);
    },
  );

  test.concurrent("item 1: another client's download of the same snapshot is never adopted after a lost answer, and never cancelled", async () => {
    const stack = subject.openStack(world);
    const d = download();
    const theirs = await someoneElsesRestore(emulator, subject.api, d.source);
    emulator.faults.failNext({ ...PROXY_502, method: "POST", path: createPath(d.source) });
    const r = await stack.up("mine", d);
    expect(r.error).toMatch(/no restore job matching it appeared/);
    expect(r.id).toBeUndefined();
    await stack.destroy();
    expect(restores(emulator, subject.api, d.source)).toEqual([{ id: theirs, cancelled: false }]);
  });

  test.concurrent("a restore into the target running outside the stack: refused with the id to adopt; adopting it sends no create", async () => {
    const stack = subject.openStack(world);
    const d = automated();
    emulator.setRestoreBehaviour(d.source.projectId, d.source.name, { jobDurationMs: 60_000 });
    const theirs = await someoneElsesRestore(emulator, subject.api, d.source, d.target);
    const refused = await stack.up("dr", d);
    expect(refused.error).toMatch(new RegExp(`still running.*No second restore was started.*adopt: "${theirs}"`, "s"));
    expect(refused.id).toBeUndefined();
    const adopted = await stack.up("dr", { ...d, adopt: theirs });
    expect(adopted.error).toBeUndefined();
    expect(adopted.id).toBe(`${d.source.projectId}/${d.source.name}/${theirs}`);
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([1, 1]); // theirs only
  });

  test.concurrent("adopt of a restore that is not the declared one: refused, each difference named, nothing adopted", async () => {
    const stack = subject.openStack(world);
    const d = automated();
    const aDownload = await someoneElsesRestore(emulator, subject.api, d.source);
    const r = await stack.up("wrong", { ...d, adopt: aDownload });
    expect(r.error).toMatch(new RegExp(`adopt: restore ${aDownload} of cluster ${d.source.name} is not the restore this (RestoreJob|CloudBackupRestoreJob) declares`));
    expect(r.id).toBeUndefined();
  });

  test.concurrent("item 3: adding adopt with the restore already held, and removing it again: no new restore, no create", async () => {
    const stack = subject.openStack(world);
    const d = automated();
    const first = await stack.up("keep", d);
    const restoreId = first.id!.split("/")[2];
    const withAdopt = await stack.up("keep", { ...d, adopt: restoreId });
    expect([withAdopt.error, withAdopt.step, withAdopt.id]).toEqual([undefined, "update", first.id]);
    const without = await stack.up("keep", d);
    expect([without.error, without.step, without.id]).toEqual([undefined, "update", first.id]);
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([1, 1]);
  });

  test.concurrent("item 2: a failed restore keeps failing after a refresh (the real engine drops init errors there); one create", async () => {
    const stack = subject.openStack(world);
    const d: Declaration = { source: newSource(emulator, subject.api, { outcome: "BROKEN" }), target: newTarget(emulator, subject.api) };
    const first = await stack.up("broken", d);
    expect(first.error).toMatch(/failed.*recorded in state/s);
    expect(first.outputs?.status).toBe("FAILED");
    await stack.refresh();
    const again = await stack.up("broken", d);
    expect(again.error).toMatch(/failed/);
    expect(again.step).toBe("update");
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([1, 1]);
  });

  test.concurrent("item 2: a wait that timed out resumes after a refresh, with no second create", async () => {
    const stack = subject.openStack(world);
    // 2 emulated minutes; each up waits half a minute.
    const d: Declaration = { source: newSource(emulator, subject.api, { jobDurationMs: 120_000 }), target: newTarget(emulator, subject.api), waitTimeoutMinutes: 0.5 };
    const first = await stack.up("slow", d);
    expect(first.error).toMatch(/not ready after .* minutes.*resumes waiting/s);
    expect(first.outputs?.status).toBe("IN_PROGRESS");
    await stack.refresh();
    // Unchanged inputs after a refresh: not a silent "same" (what is owed is owed), no create.
    const owed = await stack.up("slow", d);
    expect(owed.step).toBe("update");
    await stack.refresh();
    const resumed = await stack.up("slow", { ...d, waitTimeoutMinutes: 5 });
    expect([resumed.error, resumed.step]).toEqual([undefined, "update"]);
    expect(resumed.outputs?.status).toMatch(/^(READY|COMPLETED)$/);
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([1, 1]);
  });
});

describe("across resources and APIs", () => {
  test("a RestoreJob and a CloudBackupRestoreJob restoring into one target in one up: one create, the other refused with no request", async () => {
    const legacyStack = SUBJECTS[0].openStack(world);
    const cloudStack = SUBJECTS[1].openStack(world);
    const target = newTarget(emulator, "cloudBackup");
    const legacy = { source: newSource(emulator, "legacy"), target };
    const cloud = { source: newSource(emulator, "cloudBackup"), target };
    // The list each sends first is slow, widening the window between the running check and the create.
    emulator.faults.latency({ ms: 300, method: "GET", path: createPath(legacy.source), count: 1 });
    emulator.faults.latency({ ms: 300, method: "GET", path: createPath(cloud.source), count: 1 });
    const [a, b] = await Promise.all([legacyStack.up("a", legacy), cloudStack.up("b", cloud)]);
    const refused = [a, b].filter((r) => r.error);
    expect(refused).toHaveLength(1);
    expect(refused[0].error).toMatch(/Two automated restores into .* were started at the same time.*no request sent/s);
    expect(creates(emulator, legacy.source) + creates(emulator, cloud.source)).toBe(1);
  });
});

/**
 * The fault scenarios docs/RELIABILITY.md proves for RestoreJob, run over every subject: the wait
 * rides through poll faults, a refresh tells a flapping or a proxy's 404 from "gone", a create
 * Atlas provably did not process is sent again once, and a plugin killed mid-wait loses nothing.
 * Plugin path, emulator over HTTP, ×20 time with the provider told so. Each scenario opens a stack
 * of its own. A subject's scenarios run side by side (test.concurrent), the 429s too (after a
 * 429 the project's polls resume at their pace when the pause ends: poll-pacer.ts), except the
 * kill, which ends the plugin they share: it runs alone, after them.
 */
import type { Emulator } from "../../emulator";
import { startConformanceWorld } from "./fixture";
import { until } from "../reliability/helpers";
import { createPath, creates, restores } from "./helpers";
import { SUBJECTS, type Declaration, type Subject, type World } from "./subjects";
import { newSource, newTarget, type SourceCluster } from "./world";

let emulator: Emulator;
let world: World;
let close: (() => Promise<void>) | undefined;
beforeAll(async () => void ({ emulator, world, close } = await startConformanceWorld()));
afterAll(() => close?.());

/** A restore's polls and reads: GET of its job (either API), never the list before a create. */
const jobPath = (s: SourceCluster) => new RegExp(`/clusters/${s.name}/(backup/)?restoreJobs/`);
const HTML = (title: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
const faultsServed = (s: SourceCluster) => emulator.requestLog.filter((e) => e.fault && e.path.includes(`/clusters/${s.name}/`)).length;

describe.each(SUBJECTS)("$name", (subject: Subject) => {
  const automated = (extra: Partial<Declaration> = {}): Declaration => ({ source: newSource(emulator, subject.api), target: newTarget(emulator, subject.api), ...extra });

  const rideThrough = async (inject: (s: SourceCluster) => void, served: number) => {
    const stack = subject.openStack(world);
    const d = automated();
    inject(d.source);
    const r = await stack.up("polled", d);
    expect(r.error).toBeUndefined();
    expect(r.outputs?.status).toMatch(/^(READY|COMPLETED)$/);
    expect(faultsServed(d.source)).toBe(served);
    expect(creates(emulator, d.source)).toBe(1);
  };

  test.concurrent.each([
    ["503 ×3", (s: SourceCluster) => emulator.faults.failNext({ status: 503, method: "GET", path: jobPath(s), count: 3 }), 3],
    ["connection reset ×2", (s: SourceCluster) => emulator.faults.resetNext({ method: "GET", path: jobPath(s), count: 2 }), 2],
    ["a proxy's 502 HTML page ×2", (s: SourceCluster) => emulator.faults.failNext({ status: 502, body: HTML("502 Bad Gateway"), contentType: "text/html", method: "GET", path: jobPath(s), count: 2 }), 2],
    ["200 with a sign-in page ×2", (s: SourceCluster) => emulator.faults.failNext({ status: 200, body: HTML("Sign in"), contentType: "text/html", method: "GET", path: jobPath(s), count: 2 }), 2],
  ])("the wait rides through poll faults (%s): usable, one create", async (_what, inject, served) => rideThrough(inject, served));

  test.concurrent("refresh: Atlas's 404 once is a flap (kept); a proxy's 404 fails the refresh and keeps state; Atlas's 404 twice drops it", async () => {
    const stack = subject.openStack(world);
    const d = automated();
    const first = await stack.up("read", d);
    emulator.faults.failNext({ status: 404, errorCode: "RESTORE_JOB_NOT_FOUND", method: "GET", path: jobPath(d.source), count: 1 });
    await stack.refresh();
    expect((await stack.stored("read")).id).toBe(first.id);
    emulator.faults.failNext({ status: 404, body: HTML("Not Found"), contentType: "text/html", method: "GET", path: jobPath(d.source), count: 1 });
    await expect(stack.refresh()).rejects.toThrow(/404/);
    expect((await stack.stored("read")).id).toBe(first.id);
    emulator.faults.failNext({ status: 404, errorCode: "RESTORE_JOB_NOT_FOUND", method: "GET", path: jobPath(d.source), count: 2 });
    await stack.refresh();
    expect((await stack.stored("read")).id).toBeUndefined();
  });

  test.concurrent("the wait rides through poll faults (429 with Retry-After: 1): usable, one create", () =>
    rideThrough((s) => emulator.faults.failNext({ status: 429, headers: { "Retry-After": "1" }, method: "GET", path: jobPath(s), count: 1 }), 1));

  test.concurrent("a create Atlas refused with 429 (provably not processed) is sent again once: one restore", async () => {
    const stack = subject.openStack(world);
    const d = automated();
    emulator.faults.failNext({ status: 429, headers: { "Retry-After": "1" }, method: "POST", path: createPath(d.source), count: 1 });
    const r = await stack.up("throttled", d);
    expect(r.error).toBeUndefined();
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([2, 1]);
  });

  test("the plugin killed (SIGKILL) while an up waits: the restore stays in state, the next up resumes the wait; one create", async () => {
    const stack = subject.openStack(world);
    // A 2-minute restore (6 real seconds); the first up waits 15 emulated seconds and times out.
    const d = automated({ waitTimeoutMinutes: 0.25 });
    emulator.setRestoreBehaviour(d.source.projectId, d.source.name, { jobDurationMs: 120_000 });
    const started = await stack.up("killed", d);
    expect(started.outputs?.status).toBe("IN_PROGRESS");
    // The next up owes the wait; the plugin dies while it polls.
    const polls = () => emulator.requestLog.filter((e) => e.authenticated && e.method === "GET" && jobPath(d.source).test(e.path)).length;
    const before = polls();
    const waiting = stack.up("killed", { ...d, waitTimeoutMinutes: 5 });
    await until(() => polls() > before, "the wait's first poll");
    await stack.killPlugin();
    const interrupted = await waiting;
    expect(interrupted.error).toBeDefined();
    expect((await stack.stored("killed")).id).toBe(started.id);
    const resumed = await stack.up("killed", { ...d, waitTimeoutMinutes: 5 });
    expect([resumed.error, resumed.id]).toEqual([undefined, started.id]);
    expect(resumed.outputs?.status).toMatch(/^(READY|COMPLETED)$/);
    expect([creates(emulator, d.source), restores(emulator, subject.api, d.source).length]).toEqual([1, 1]);
  });
});

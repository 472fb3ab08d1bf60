/**
 * Measurement 10: a DR plan of 50 entries across 5 projects (bench/plan-world.ts), one stack per
 * project run in parallel on the plugin path (a child process per stack, each with its own local
 * engine and dynamic-provider plugin, as the drill runner runs a stack per project), against one
 * emulator on a ×60 clock (restores of 3–11 emulated minutes take 3–11 real seconds). The world
 * keeps Atlas's proportions, as the conformance suite does: the plugins are told the server's
 * time scale (`atlas-restore:serverTimeScale`), so they poll, pause and time out in emulated time
 * as they would against Atlas, and the per-project limits are counted per emulated minute (100
 * legacy requests, the v2 bucket 1200 / 500), at the emulator and in each plugin's budget. Wall
 * time against the limit-bound minimum (plan-bound.ts), restore POSTs and requests per entry,
 * peak concurrent restores from the request log, 429s, and where the time went: the start (go →
 * the first request) and how late restores were seen ready.
 */
import { join } from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import { startEmulator } from "../emulator";
import { schedulePlan, USABLE_STATUSES } from "../provider/dr-plan";
import { realNow } from "./clock";
import { peakConcurrent, peakPerProject, projectBound, restoreSpans, restoreTimings, isAcceptedRestorePost, type ProjectBound, type ProjectLimits } from "./plan-bound";
import type { PlanStackInput, PlanStackOutcome } from "./plan-stack";
import { planWorld } from "./plan-world";
import { makeUserProject, repoRoot } from "./plugin-start";

/** One case of the plan: its `maxConcurrentRestores` and, optionally, a scaled-down legacy limit. */
export interface PlanCase {
  label: string;
  maxConcurrentRestores?: number;
  /** Server limit and every plugin's budget, in EMULATED ms; @default Atlas's 100 per 60 s. */
  legacyLimit?: { requests: number; windowMs: number };
}

export const PLAN_CASES: readonly PlanCase[] = [
  { label: "unbounded" },
  { label: "maxConcurrentRestores 4", maxConcurrentRestores: 4 },
  { label: "maxConcurrentRestores 2", maxConcurrentRestores: 2 },
  // A fifth of Atlas's limit per project (other tools taking the rest), over windows long enough
  // that each plugin budget's 1 s (real) safety margin stays small beside them.
  { label: "unbounded, legacy limit scaled to 40 per 10 min", legacyLimit: { requests: 40, windowMs: 600_000 } },
];

export const PLAN_TIME_SCALE = 60;
const ATLAS_LEGACY_LIMIT = { requests: 100, windowMs: 60_000 };
const ATLAS_V2_BUCKET = { capacity: 1200, refill: 500, intervalMs: 60_000 };

export interface PlanDrillResult {
  kase: string;
  maxConcurrentRestores?: number;
  projects: number;
  entries: number;
  /** "go" to every stack → the last stack done (plugins started and configured before). */
  wallMs: number;
  /** Plugin start + configure, all stacks in parallel, before "go". */
  startMs: number;
  /** The largest project bound (projects run in parallel). */
  minMs: number;
  ratio: number;
  bounds: ProjectBound[];
  restorePosts: number;
  requests: number;
  challenges: number;
  rateLimitedAtEmulator: number;
  /** Entries whose status is not usable, or that failed: what a user would see. */
  userErrors: number;
  firstError?: string;
  peakOverall: number;
  peakPerProject: number[];
  /** Clusters restored more than once (must be 0). */
  repeatedPosts: number;
  /** "go" → the first request of the slowest project to start (program, plan, first check and create), real ms. */
  startupMs: number;
  /**
   * The restore phase against the bound: per project, its first request → its stack done, over its
   * own limit-bound minimum; the largest. What the plan's scheduling decides, without the start.
   */
  restorePhaseRatio: number;
  /** The last restore seen ready → its stack done (outputs, plugin stopped, answer), real ms; the largest. */
  tailMs: number;
  /** Mean real ms from ready to seen ready: restores another entry runs `after` (awaitedBy), and the others. */
  seenLateMs: { awaited: number; others: number };
}

/**
 * Atlas's proportions on an emulator `timeScale` times faster than real time: the limits per
 * emulated minute in real ms (what the emulator enforces), and the provider settings that make a
 * plugin poll in emulated time and keep the same budget.
 */
export function atlasProportions(timeScale: number, legacyLimit = ATLAS_LEGACY_LIMIT): { limits: ProjectLimits; settings: Record<string, string> } {
  const limits: ProjectLimits = {
    legacy: { requests: legacyLimit.requests, windowMs: legacyLimit.windowMs / timeScale },
    v2: { ...ATLAS_V2_BUCKET, intervalMs: ATLAS_V2_BUCKET.intervalMs / timeScale },
  };
  const settings = {
    "atlas-restore:serverTimeScale": String(timeScale),
    "atlas-restore:requestsPerMinute": String(legacyLimit.requests),
    "atlas-restore:rateLimitWindowSeconds": String(legacyLimit.windowMs / timeScale / 1000),
  };
  return { limits, settings };
}

/** The provider config of a plan stack against `emu`: its credentials (the key secret) and `settings`. */
export const pluginConfigOf = (emu: { publicKey: string; privateKey: string; apiBase: string }, settings: Record<string, string>): Record<string, string | { secret: string }> => ({
  "mongodbatlas:publicKey": emu.publicKey,
  "mongodbatlas:privateKey": { secret: emu.privateKey },
  "mongodbatlas:baseUrl": emu.apiBase,
  ...settings,
});

export async function measurePlanDrill(kase: PlanCase, projects = 5, perProject = 10, timeScale = PLAN_TIME_SCALE): Promise<PlanDrillResult> {
  const world = planWorld(projects, kase.maxConcurrentRestores, perProject);
  const { limits, settings } = atlasProportions(timeScale, kase.legacyLimit);
  const emu = await startEmulator({ fixtures: world.fixtures, timeScale, rateLimit: limits.legacy, v2RateLimit: limits.v2 });
  const project = makeUserProject("plan-bench");
  const workers: ChildProcess[] = [];
  try {
    const t0 = realNow();
    const stacks = world.projects.map((p, i) => {
      const input: PlanStackInput = {
        projectDir: project.dir,
        projectName: "plan-bench",
        programPath: join(repoRoot(), "dist", "bench", "plan-program"),
        preload: [join(repoRoot(), "dist", "provider")],
        pluginConfig: pluginConfigOf(emu, settings),
        config: { "plan:name": `p${i}`, "plan:args": JSON.stringify(p.plan) },
      };
      const worker = fork(join(repoRoot(), "dist", "bench", "plan-stack.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
      worker.send(input);
      workers.push(worker);
      return workerOf<PlanStackOutcome>(worker);
    });
    await Promise.all(stacks.map((s) => s.ready));
    const startMs = realNow() - t0;
    emu.clearRequestLog();
    const go = realNow();
    const goAt = Date.now(); // the request log's clock
    for (const w of workers) w.send("go");
    const doneAt: number[] = [];
    const outcomes = await Promise.all(stacks.map((s, i) => s.done.then((o) => ((doneAt[i] = Date.now()), o))));
    const wallMs = realNow() - go;

    const log = [...emu.requestLog];
    const spans = restoreSpans(log);
    const perProjectPeak = peakPerProject(spans);
    const realMs = (ms: number) => ms / timeScale;
    const bounds = world.projects.map((p) =>
      projectBound(p.projectId, p.plan, Object.fromEntries(Object.entries(p.durationsMs).map(([k, d]) => [k, realMs(d)])), log, limits),
    );
    const minMs = Math.max(...bounds.map((b) => b.minMs));
    const timings = world.projects.map((p) => restoreTimings(log, p.projectId, p.clusters, Object.fromEntries(Object.entries(p.durationsMs).map(([k, d]) => [k, realMs(d)]))));
    const firstAt = world.projects.map((p, i) => log.find((e) => e.projectId === p.projectId)?.at ?? doneAt[i]);
    const awaited = new Set(world.projects.flatMap((p, i) => schedulePlan(p.plan).filter((e) => e.awaitedBy.length > 0).map((e) => `${i}/${e.key}`)));
    const late = timings.flatMap((t, i) => t.map((r) => ({ awaited: awaited.has(`${i}/${r.key}`), ms: Math.max(0, r.seenAt - r.readyAt) })));
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const errors = outcomes.flatMap((o) => [
      ...o.errors,
      ...Object.entries(o.statuses).filter(([, s]) => !USABLE_STATUSES.has(s)).map(([k, s]) => `entry ${k} ended ${s}`),
    ]);
    const missing = outcomes.reduce((n, o) => n + Math.max(0, perProject - Object.keys(o.statuses).length), 0);
    if (missing > 0) errors.push(`${missing} entries have no status output`);
    return {
      kase: kase.label,
      ...(kase.maxConcurrentRestores !== undefined ? { maxConcurrentRestores: kase.maxConcurrentRestores } : {}),
      projects,
      entries: projects * perProject,
      wallMs,
      startMs,
      minMs,
      ratio: wallMs / minMs,
      bounds,
      restorePosts: log.filter(isAcceptedRestorePost).length,
      requests: log.length,
      challenges: log.filter((e) => e.status === 401).length,
      rateLimitedAtEmulator: log.filter((e) => e.status === 429).length,
      userErrors: Math.max(errors.length, missing),
      ...(errors.length ? { firstError: errors[0] } : {}),
      peakOverall: peakConcurrent(spans),
      peakPerProject: world.projects.map((p) => perProjectPeak[p.projectId] ?? 0),
      repeatedPosts: spans.filter((s) => s.posts > 1).length,
      startupMs: Math.max(...firstAt) - goAt,
      restorePhaseRatio: Math.max(...bounds.map((b, i) => (doneAt[i] - firstAt[i]) / b.minMs)),
      tailMs: Math.max(...timings.map((t, i) => doneAt[i] - Math.max(...t.map((r) => r.seenAt)))),
      seenLateMs: { awaited: mean(late.filter((l) => l.awaited).map((l) => l.ms)), others: mean(late.filter((l) => !l.awaited).map((l) => l.ms)) },
    };
  } finally {
    // Each child stops its plugin before it answers; one that did not answer is ended here.
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill();
    project.remove();
    await emu.close();
  }
}

/** A forked bench worker that says `{ kind: "ready" }` once set up and answers `{ kind: "done", … }`. */
export function workerOf<T>(worker: ChildProcess): { ready: Promise<void>; done: Promise<T> } {
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a bench worker process exited (code ${code}) before answering`)));
  });
  failed.catch(() => undefined);
  const message = (kind: string) => new Promise<unknown>((resolve) => {
    const on = (m: unknown) => {
      if ((m as { kind?: string })?.kind !== kind) return;
      worker.off("message", on);
      resolve(m);
    };
    worker.on("message", on);
  });
  return {
    ready: Promise.race([message("ready").then(() => undefined), failed]),
    done: Promise.race([message("done") as Promise<T>, failed]),
  };
}

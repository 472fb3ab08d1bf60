/**
 * Measurement 10: a DR plan of 50 entries across 5 projects (bench/plan-world.ts), one stack per
 * project run in parallel on the plugin path (a child process per stack, each with its own local
 * engine and dynamic-provider plugin, as the drill runner runs a stack per project), against one
 * emulator on a ×60 clock (restores of 3–11 emulated minutes take 3–11 real seconds) enforcing
 * its per-project limits in real time. Wall time against the limit-bound minimum (plan-bound.ts),
 * restore POSTs and requests per entry, peak concurrent restores from the request log, 429s.
 */
import { join } from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import { startEmulator } from "../emulator";
import { USABLE_STATUSES } from "../provider/dr-plan";
import { realNow } from "./clock";
import { peakConcurrent, peakPerProject, projectBound, restoreSpans, isAcceptedRestorePost, type ProjectBound, type ProjectLimits } from "./plan-bound";
import type { PlanStackInput, PlanStackOutcome } from "./plan-stack";
import { planWorld } from "./plan-world";
import { makeUserProject, repoRoot } from "./plugin-start";

/** One case of the plan: its `maxConcurrentRestores` and, optionally, a scaled-down legacy limit. */
export interface PlanCase {
  label: string;
  maxConcurrentRestores?: number;
  /** Server limit and every plugin's budget; @default Atlas's 100 per 60 s. */
  legacyLimit?: { requests: number; windowMs: number };
}

export const PLAN_CASES: readonly PlanCase[] = [
  { label: "unbounded" },
  { label: "maxConcurrentRestores 4", maxConcurrentRestores: 4 },
  { label: "maxConcurrentRestores 2", maxConcurrentRestores: 2 },
  { label: "unbounded, legacy limit scaled to 10 per 10 s", legacyLimit: { requests: 10, windowMs: 10_000 } },
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
}

export async function measurePlanDrill(kase: PlanCase, projects = 5, perProject = 10, timeScale = PLAN_TIME_SCALE): Promise<PlanDrillResult> {
  const world = planWorld(projects, kase.maxConcurrentRestores, perProject);
  const limits: ProjectLimits = { legacy: kase.legacyLimit ?? ATLAS_LEGACY_LIMIT, v2: ATLAS_V2_BUCKET };
  const emu = await startEmulator({ fixtures: world.fixtures, timeScale, rateLimit: limits.legacy, v2RateLimit: limits.v2 });
  const project = makeUserProject("plan-bench");
  const workers: ChildProcess[] = [];
  try {
    const budget: Record<string, string> = kase.legacyLimit
      ? { "atlas-restore:requestsPerMinute": String(kase.legacyLimit.requests), "atlas-restore:rateLimitWindowSeconds": String(kase.legacyLimit.windowMs / 1000) }
      : {};
    const t0 = realNow();
    const stacks = world.projects.map((p, i) => {
      const input: PlanStackInput = {
        projectDir: project.dir,
        projectName: "plan-bench",
        programPath: join(repoRoot(), "dist", "bench", "plan-program"),
        pluginConfig: { "mongodbatlas:publicKey": emu.publicKey, "mongodbatlas:privateKey": { secret: emu.privateKey }, "mongodbatlas:baseUrl": emu.apiBase, ...budget },
        config: { "plan:name": `p${i}`, "plan:args": JSON.stringify(p.plan) },
      };
      const worker = fork(join(repoRoot(), "dist", "bench", "plan-stack.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
      worker.send(input);
      workers.push(worker);
      return stackOf(worker);
    });
    await Promise.all(stacks.map((s) => s.ready));
    const startMs = realNow() - t0;
    emu.clearRequestLog();
    const go = realNow();
    for (const w of workers) w.send("go");
    const outcomes = await Promise.all(stacks.map((s) => s.done));
    const wallMs = realNow() - go;

    const log = [...emu.requestLog];
    const spans = restoreSpans(log);
    const perProjectPeak = peakPerProject(spans);
    const realMs = (ms: number) => ms / timeScale;
    const bounds = world.projects.map((p) =>
      projectBound(p.projectId, p.plan, Object.fromEntries(Object.entries(p.durationsMs).map(([k, d]) => [k, realMs(d)])), log, limits),
    );
    const minMs = Math.max(...bounds.map((b) => b.minMs));
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
    };
  } finally {
    // Each child stops its plugin before it answers; one that did not answer is ended here.
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill();
    project.remove();
    await emu.close();
  }
}

function stackOf(worker: ChildProcess): { ready: Promise<void>; done: Promise<PlanStackOutcome> } {
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a plan stack's process exited (code ${code}) before answering`)));
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
    done: Promise.race([message("done") as Promise<PlanStackOutcome>, failed]),
  };
}

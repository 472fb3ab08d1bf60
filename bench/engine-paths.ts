/**
 * Measurement 11: what the engine costs. The same 4-entry DR plan (2 legacy, 2 Cloud Backup, one
 * `after`, no concurrency bound, so that the order in which an engine happens to send its creates
 * decides nothing; bench/plan-world.ts) three ways, one after the other, each
 * against a fresh emulator with group 10's proportions (×60 clock, the plugin polling in emulated
 * time, Atlas's limits per emulated minute):
 *   - plugin:     the local engine and the SDK's dynamic-provider plugin (group 10's stack process);
 *   - automation: the Automation API driving the real `pulumi` (inline program, as a user's script);
 *   - cli:        `pulumi up --yes --skip-preview` of a Pulumi.yaml project (index.js, run by the
 *                 Node.js language host), as a user types it.
 * The project folders hold this package and @pulumi/pulumi as links (as group 3's). Each is timed
 * from its command's start (the stack and its config are set up before) to its end, with the
 * first request the emulator saw (the start: CLI, language host, program, plugin spawn and
 * configure, first check and create), against the plan's limit-bound minimum (its critical path:
 * the restores' own duration). The real CLI runs at log verbosity 7 (`--logtostderr -v=7`, a few
 * hundred lines), whose timestamps say where its start went (engine-timeline.ts). Skipped, with the
 * reason, when no CLI (or no Node.js language host) is built.
 */
import { execFile, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator } from "../emulator";
import { USABLE_STATUSES } from "../provider/dr-plan";
import { findBuiltCli, hasLanguageHost } from "../scripts/pulumi-cli/locate";
import { offlinePulumiEnv } from "../scripts/pulumi-cli/offline-env";
import type { EngineDriverInput, EngineDriverOutcome } from "./engine-driver";
import { engineTimeline, type EngineTimeline } from "./engine-timeline";
import { criticalPathMs, isAcceptedRestorePost } from "./plan-bound";
import { atlasProportions, PLAN_TIME_SCALE, pluginConfigOf, workerOf } from "./plan-drill";
import { PLAN_PROGRAM_JS } from "./plan-program-body";
import type { PlanStackInput, PlanStackOutcome } from "./plan-stack";
import { planWorld, type PlanProject } from "./plan-world";
import { repoRoot } from "./plugin-start";

export type EnginePath = "plugin" | "automation" | "cli";
export const ENGINE_PATHS: readonly EnginePath[] = ["plugin", "automation", "cli"];

export interface EnginePathResult {
  path: EnginePath;
  entries: number;
  /** The command's start → its end, real ms. */
  wallMs: number;
  /** The command's start → the first request the emulator saw, real ms. */
  startMs: number;
  /** The plan's limit-bound minimum: its critical path of restore durations, real ms. */
  minMs: number;
  requests: number;
  restorePosts: number;
  challenges: number;
  /** A failed run, or entries not usable. */
  errors: string[];
  /**
   * Under the real CLI, from its log, ms after the command's start: the program's stack and plan
   * registered, the plugin launched, listening, and sent its first Create (plugin cold start:
   * launched → first Create). On the plugin path: the plugin started and configured (`pluginReady`).
   */
  marks: Partial<Record<keyof EngineTimeline, number>>;
  /** The last restore request → the command's end (the engine finishing, outputs, state), real ms. */
  tailMs: number;
}

export interface EngineResults {
  paths: EnginePathResult[];
  /** Why the real-engine paths were not measured (no CLI built). */
  skipped?: string;
}

/** Shapes of plan-world: legacy automated e0, legacy download e1 after e0, Cloud Backup automated e5, Cloud Backup download e6. */
const PICK = [0, 1, 5, 6];
const PROJECT = "plan-engines";

export async function measureEnginePaths(timeScale = PLAN_TIME_SCALE): Promise<EngineResults> {
  const cli = findBuiltCli(repoRoot());
  const skipped = !cli
    ? "no Pulumi CLI build found (npm run build:pulumi-cli)"
    : !hasLanguageHost(cli, "nodejs")
      ? "pulumi-language-nodejs not built beside the Pulumi CLI (npm run build:pulumi-cli)"
      : undefined;
  const paths: EnginePathResult[] = [await measurePath("plugin", timeScale)];
  if (skipped) return { paths, skipped };
  for (const path of ["automation", "cli"] as const) paths.push(await measurePath(path, timeScale, cli));
  return { paths };
}

async function measurePath(path: EnginePath, timeScale: number, cliBin?: string): Promise<EnginePathResult> {
  const world = planWorld(1, undefined, 4, PICK);
  const [project] = world.projects;
  const { limits, settings } = atlasProportions(timeScale);
  const emu = await startEmulator({ fixtures: world.fixtures, timeScale, rateLimit: limits.legacy, v2RateLimit: limits.v2 });
  const folder = userFolder(path === "cli");
  try {
    const config = { ...pluginConfigOf(emu, settings), "plan:name": "drill", "plan:args": JSON.stringify(project.plan) };
    const run = path === "plugin" ? viaPlugin(folder.project, config) : path === "automation" ? viaAutomation(folder, config, cliBin!) : viaCli(folder, config, cliBin!);
    const { startedAt, endedAt, statuses, error, timeline } = await run;
    const log = emu.requestLog;
    const marks = Object.fromEntries(Object.entries(timeline).map(([k, at]) => [k, at - startedAt]));
    const errors = [
      ...(error ? [error] : []),
      ...Object.keys(project.plan.entries).filter((k) => !USABLE_STATUSES.has(statuses[k] ?? "")).map((k) => `entry ${k} ended ${statuses[k] ?? "with no status"}`),
    ];
    return {
      path,
      entries: Object.keys(project.plan.entries).length,
      wallMs: endedAt - startedAt,
      startMs: (log[0]?.at ?? endedAt) - startedAt,
      minMs: criticalPathMs(project.plan, realDurations(project, timeScale)),
      requests: log.length,
      restorePosts: log.filter(isAcceptedRestorePost).length,
      challenges: log.filter((e) => e.status === 401).length,
      errors,
      marks,
      tailMs: endedAt - (log.at(-1)?.at ?? endedAt),
    };
  } finally {
    folder.remove();
    await emu.close();
  }
}

const realDurations = (p: PlanProject, timeScale: number) => Object.fromEntries(Object.entries(p.durationsMs).map(([k, d]) => [k, d / timeScale]));

interface Run {
  /** Date.now() at the command's start and end (the request log's clock). */
  startedAt: number;
  endedAt: number;
  statuses: Record<string, string>;
  error?: string;
  timeline: EngineTimeline;
}

/** The plugin path: group 10's stack process, timed from its fork (plugin start and program load included). */
async function viaPlugin(projectDir: string, config: Record<string, string | { secret: string }>): Promise<Run> {
  const { "plan:name": name, "plan:args": args, ...pluginConfig } = config as Record<string, string> & { "plan:name": string; "plan:args": string };
  const input: PlanStackInput = {
    projectDir,
    projectName: PROJECT,
    programPath: join(repoRoot(), "dist", "bench", "plan-program"),
    pluginConfig,
    config: { "plan:name": name, "plan:args": args },
  };
  const startedAt = Date.now();
  const worker = fork(join(repoRoot(), "dist", "bench", "plan-stack.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  try {
    const stack = workerOf<PlanStackOutcome>(worker);
    worker.send(input);
    await stack.ready;
    const pluginReady = Date.now();
    worker.send("go");
    const outcome = await stack.done;
    return { startedAt, endedAt: Date.now(), statuses: outcome.statuses, ...(outcome.errors.length ? { error: outcome.errors[0] } : {}), timeline: { pluginReady } };
  } finally {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill();
  }
}

/** The Automation API: workspace, stack and config made first; timed from `stack.up()` to its answer. */
async function viaAutomation(folder: UserFolder, config: Record<string, string | { secret: string }>, cliBin: string): Promise<Run> {
  const input: EngineDriverInput = { cliRoot: dirname(cliBin), workDir: folder.project, projectName: PROJECT, stackName: "bench", env: folder.env, config };
  const worker = fork(join(repoRoot(), "dist", "bench", "engine-driver.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"], env: { ...process.env, ...folder.env } });
  try {
    const driver = workerOf<EngineDriverOutcome>(worker);
    worker.send(input);
    await driver.ready;
    const startedAt = Date.now();
    worker.send("go");
    const outcome = await driver.done;
    return { startedAt, endedAt: Date.now(), statuses: outcome.statuses, ...(outcome.error ? { error: outcome.error } : {}), timeline: engineTimeline(outcome.log) };
  } finally {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill();
  }
}

/** `pulumi up` of the Pulumi.yaml project: stack and config set first; timed from the command's spawn to its exit. */
async function viaCli(folder: UserFolder, config: Record<string, string | { secret: string }>, cliBin: string): Promise<Run> {
  const pulumi = (args: string[]) => run(join(cliBin, "pulumi"), [...args, "--non-interactive"], folder.project, folder.env);
  const setup = [await pulumi(["stack", "init", "bench"])];
  const pairs = Object.entries(config).flatMap(([k, v]) => (typeof v === "string" ? ["--plaintext", `${k}=${v}`] : ["--secret", `${k}=${v.secret}`]));
  setup.push(await pulumi(["config", "set-all", ...pairs]));
  const failed = setup.find((r) => r.code !== 0);
  if (failed) throw new Error(`pulumi stack set-up failed: ${failed.stderr || failed.stdout}`);
  const startedAt = Date.now();
  const up = await pulumi(["up", "--yes", "--skip-preview", "--logtostderr", "-v=7"]);
  const endedAt = Date.now();
  const out = await pulumi(["stack", "output", "statuses", "--json"]);
  const statuses = out.code === 0 ? (JSON.parse(out.stdout) as Record<string, string>) : {};
  return { startedAt, endedAt, statuses, ...(up.code !== 0 ? { error: lastLines(up.stdout) } : {}), timeline: engineTimeline(up.stderr) };
}

const lastLines = (text: string) => text.trim().split("\n").slice(-5).join(" / ");

function run(file: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 600_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface UserFolder {
  /** The project folder: node_modules with this package and @pulumi/pulumi linked (and, for `pulumi up`, Pulumi.yaml and index.js). */
  project: string;
  /** The offline environment of the CLI runs (own backend, PULUMI_HOME and passphrase), the built CLI first on PATH. */
  env: Record<string, string>;
  remove(): void;
}

/** A temporary user-shaped project, state and home folder; `withProgram`: a Pulumi.yaml project running index.js. */
function userFolder(withProgram: boolean): UserFolder {
  const root = mkdtempSync(join(tmpdir(), "atlas-restore-bench-engine-"));
  const project = join(root, "project");
  for (const d of [project, join(root, "state"), join(root, "home"), join(project, "node_modules", "@pulumi")]) mkdirSync(d, { recursive: true });
  symlinkSync(repoRoot(), join(project, "node_modules", "pulumi-atlas-restore"), "dir");
  symlinkSync(join(repoRoot(), "node_modules", "@pulumi", "pulumi"), join(project, "node_modules", "@pulumi", "pulumi"), "dir");
  if (withProgram) {
    writeFileSync(join(project, "Pulumi.yaml"), `name: ${PROJECT}\nruntime: nodejs\nmain: index.js\n`);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: PROJECT, private: true, main: "index.js" }, null, 2));
    writeFileSync(join(project, "index.js"), PLAN_PROGRAM_JS);
  }
  const cli = findBuiltCli(repoRoot());
  const env = {
    ...offlinePulumiEnv({ backendDir: join(root, "state"), homeDir: join(root, "home"), passphrase: randomBytes(12).toString("hex") }),
    ...(cli ? { PATH: `${cli}:${process.env.PATH ?? ""}` } : {}),
  };
  return { project, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

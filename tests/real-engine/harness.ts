/**
 * The real-engine suite's harness: the Pulumi CLI built by scripts/pulumi-cli/build.sh, the
 * package as `npm pack` makes it installed into a user-shaped project, and one stack per test
 * file (its own file backend, PULUMI_HOME and passphrase, all in temporary folders), driven by
 * driver.js through the Automation API against an emulator running in this process. (The
 * examples run through plain `pulumi` commands instead: cli-project.ts.)
 *
 * Without a built CLI the suite is skipped with one line saying how to build it; with CI=true
 * that is a failure instead, so CI can never pass without having run it.
 */
import { execFile, fork, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../emulator";
import { findBuiltCli, hasLanguageHost, type LanguageHost } from "../../scripts/pulumi-cli/locate";
import { offlinePulumiEnv } from "../../scripts/pulumi-cli/offline-env";
import { notice } from "../helpers/notices";
import { REPO_ROOT } from "../helpers/plugin-session";

const run = promisify(execFile);
export const CLI_BIN = findBuiltCli(REPO_ROOT);
export const RESTORE_JOB_TYPE = "pulumi-nodejs:dynamic/atlas:RestoreJob";

const skip = (why: string, name: string, body: () => void) => {
  notice(`[real-engine] skipped: ${why}.`);
  describe.skip(name, body);
};

/**
 * `describe`, or a skip with one visible line (a failure under CI=true) when no CLI is built, or
 * when a language host the suite needs (`needs`, for plain `pulumi up` of a project) is missing.
 * .ci/run sets ATLAS_RESTORE_REAL_ENGINE=node22-pass in its Node 20 pass: the suite runs in the
 * Node 22 pass of the same run.
 */
export function describeRealEngine(name: string, body: () => void, needs: LanguageHost[] = []): void {
  if (process.env.ATLAS_RESTORE_REAL_ENGINE === "node22-pass") return skip("this pass; .ci/run runs the real-engine suite in its Node 22 pass", name, body);
  const missing = CLI_BIN ? needs.filter((l) => !hasLanguageHost(CLI_BIN, l)).map((l) => `pulumi-language-${l}`) : [];
  if (CLI_BIN && !missing.length) return describe(name, body);
  const what = CLI_BIN ? `${missing.join(", ")} not built beside the Pulumi CLI` : "No Pulumi CLI build found";
  const how = "build it with `npm run build:pulumi-cli` (Go and the Go module proxy; ~20-30 min cold, cached outside the repo)";
  if (process.env.CI === "true") {
    describe(name, () => test("the Pulumi CLI and its language hosts are built (required under CI=true)", () => {
      throw new Error(`${what}: ${how}.`);
    }));
    return;
  }
  skip(`${what}; ${how}`, name, body);
}

/**
 * One user project per packed tarball, shared by every test file of a run: a folder whose
 * node_modules holds the tarball's pulumi-atlas-restore (and its @pulumi/pulumi), plus driver.js.
 */
let packed: Promise<string> | undefined;
export function packedProject(): Promise<string> {
  // Once per test file: every stack of the file shares it (and the examples install its tarball).
  packed ??= installPackedProject();
  return packed;
}

/** The `npm pack` tarball of this package, as packedProject() installed it (a user's `npm install <tarball>`). */
export async function packedTarball(): Promise<string> {
  return join(await packedProject(), PACKED_TARBALL);
}

const PACKED_TARBALL = "pulumi-atlas-restore.tgz";

async function installPackedProject(): Promise<string> {
  const packDir = mkdtempSync(join(tmpdir(), "atlas-restore-pack-"));
  try {
    // dist/ is fresh (jest's globalSetup builds it), so pack without re-running the build.
    const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
    const tarball = join(packDir, JSON.parse(stdout)[0].filename as string);
    const digest = createHash("sha256").update(readFileSync(tarball)).update(readFileSync(join(__dirname, "driver.js"))).digest("hex").slice(0, 16);
    const dir = join(tmpdir(), `atlas-restore-packed-${digest}`);
    if (existsSync(join(dir, ".ready"))) return dir;
    // Test files run in parallel workers: one installs, the others wait for its .ready marker.
    // A lock left by a killed run (older than the longest install) is stale.
    if (existsSync(`${dir}.lock`) && Date.now() - statSync(`${dir}.lock`).mtimeMs > 300_000) rmSync(`${dir}.lock`, { recursive: true, force: true });
    try {
      mkdirSync(`${dir}.lock`);
    } catch {
      const started = Date.now();
      while (!existsSync(join(dir, ".ready"))) {
        if (Date.now() - started > 300_000) throw new Error(`${dir}: another worker's install did not finish (remove ${dir}.lock)`);
        await new Promise((r) => setTimeout(r, 500));
      }
      return dir;
    }
    try {
      removeStaleProjects(dir);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      copyFileSync(tarball, join(dir, PACKED_TARBALL));
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "real-engine-user", private: true, dependencies: { "pulumi-atlas-restore": `file:${PACKED_TARBALL}` } }));
      await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, maxBuffer: 16 << 20 });
      copyFileSync(join(__dirname, "driver.js"), join(dir, "driver.js"));
      writeFileSync(join(dir, ".ready"), "");
      return dir;
    } finally {
      rmSync(`${dir}.lock`, { recursive: true, force: true });
    }
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

function removeStaleProjects(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (name.startsWith("atlas-restore-packed-") && path !== keep && !path.startsWith(keep) && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}

export type ConfigValue = string | { secret: string };

export interface ResourceSpec {
  name: string;
  /** A CloudBackupRestoreJob, or a DisasterRecoveryPlan (args: DisasterRecoveryPlanArgs), instead of a RestoreJob. */
  kind?: "cloud" | "plan";
  args?: Record<string, unknown>;
  opts?: Record<string, unknown>;
  /** `RestoreJob.get(name, id)` instead of a declaration. */
  getId?: string;
}

export interface OpResult {
  ok: boolean;
  error?: string;
  summary?: { result: string; resourceChanges?: Record<string, number> };
  changeSummary?: Record<string, number>;
  outputs: Record<string, { value: unknown; secret: boolean }>;
  deployment?: { resources?: StateResource[]; pending_operations?: { resource: StateResource; type: string }[] };
  events: { kind: string; op?: string; urn?: string; severity?: string; message?: string; changes?: Record<string, number> }[];
  /** Everything `pulumi` printed. */
  output: string;
  /** The driver process's own stdout + stderr. */
  log: string;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}

export interface OpOptions {
  /** Automation API options of the operation (replace, target, refresh, clearPendingCreates, …). */
  options?: Record<string, unknown>;
  /** Called with the driver process as the operation starts (to find its `pulumi` and signal it). */
  onStart?: (driver: ChildProcess) => void;
}

export interface RealStack {
  project: string;
  stack: string;
  /** The state folder (file:// backend): scanned for secrets. */
  backendDir: string;
  workDir: string;
  projectDir: string;
  env: Record<string, string>;
  /** An Automation API operation of the inline program declaring `resources`. */
  op(op: "up" | "preview" | "refresh" | "destroy" | "none", resources: ResourceSpec[], o?: OpOptions): Promise<OpResult>;
  /** The CLI itself, in the stack's work folder: `pulumi <args> --stack <stack> --non-interactive`. */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): void;
}

let stackCount = 0;

/**
 * A fresh stack (own backend, home and passphrase) configured for the emulator, served by one
 * driver.js process (forked at the first operation, ended by remove()).
 */
export async function openRealStack(o: {
  project: string;
  emulator: Emulator;
  config?: Record<string, ConfigValue>;
  /** Provider credentials in stack config; default: the emulator's API key and base URL. */
  credentials?: Record<string, ConfigValue>;
}): Promise<RealStack> {
  const projectDir = await packedProject();
  const root = mkdtempSync(join(tmpdir(), `atlas-restore-real-${o.project}-`));
  const backendDir = join(root, "state");
  const workDir = join(root, "work");
  for (const d of [backendDir, workDir, join(root, "home")]) mkdirSync(d);
  const env = offlinePulumiEnv({ backendDir, homeDir: join(root, "home"), passphrase: randomBytes(12).toString("hex") });
  const stack = `dev${++stackCount}`;
  const settings = {
    project: o.project,
    stack,
    workDir,
    cliRoot: dirname(CLI_BIN!),
    env,
    config: {
      ...(o.credentials ?? {
        "mongodbatlas:publicKey": o.emulator.publicKey,
        "mongodbatlas:privateKey": { secret: o.emulator.privateKey },
        "mongodbatlas:baseUrl": o.emulator.baseUrl,
      }),
      ...o.config,
    },
  };
  const childEnv = { ...process.env, ...env, PATH: `${CLI_BIN}:${process.env.PATH}` } as NodeJS.ProcessEnv;
  delete childEnv.PULUMI_CONFIG_PASSPHRASE_FILE;
  delete childEnv.PULUMI_ACCESS_TOKEN;

  let driver: ChildProcess | undefined;
  let log = "";
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: OpResult) => void; reject: (e: Error) => void }>();
  const startDriver = (): ChildProcess => {
    const child = fork(join(projectDir, "driver.js"), [], { cwd: projectDir, env: childEnv, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    child.stdout!.on("data", (d) => (log += d));
    child.stderr!.on("data", (d) => (log += d));
    child.on("message", (m: { id: number; result: Partial<OpResult> & { ok: boolean } }) => {
      waiting.get(m.id)?.resolve({ events: [], outputs: {}, output: "", ...m.result, log });
      waiting.delete(m.id);
    });
    child.once("exit", (code, signal) => {
      for (const w of waiting.values()) w.reject(new Error(`driver.js exited (${code ?? signal}) during an operation:\n${log}`));
      waiting.clear();
      driver = undefined;
    });
    return child;
  };
  const drive = (message: Record<string, unknown>, opts: OpOptions = {}) =>
    new Promise<OpResult>((resolve, reject) => {
      driver ??= startDriver();
      const id = ++nextId;
      waiting.set(id, { resolve, reject });
      driver.send({ ...message, id, settings, options: opts.options });
      opts.onStart?.(driver);
    });

  return {
    project: o.project,
    stack,
    backendDir,
    workDir,
    projectDir,
    env,
    op: (op, resources, opts) => drive({ op, resources }, opts),
    cli: async (args) => {
      try {
        const r = await run(join(CLI_BIN!, "pulumi"), [...args, "--stack", stack, "--non-interactive"], { cwd: workDir, env: childEnv, maxBuffer: 64 << 20 });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof err.code === "number" ? err.code : 1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
      }
    },
    remove: () => {
      driver?.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The RestoreJob resources in a deployment (the stack and provider resources left out). */
export function restoreResources(r: OpResult): StateResource[] {
  return (r.deployment?.resources ?? []).filter((x) => x.type === RESTORE_JOB_TYPE);
}

export function urnOf(s: RealStack, name: string): string {
  return `urn:pulumi:${s.stack}::${s.project}::${RESTORE_JOB_TYPE}::${name}`;
}

/**
 * Every file under a folder, as text (state, backups, history): what a secret scan reads. `skip`:
 * paths left out (an installed plugin's own files, the code we ship).
 */
export function readTree(dir: string, skip?: RegExp): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (skip?.test(path)) continue;
    if (statSync(path).isFile()) out.push({ path, text: readFileSync(path, "utf8") });
  }
  return out;
}

/** Direct children of a process: `[pid, command]` (to find the `pulumi` a driver runs, and its plugin). */
export async function childProcesses(pid: number): Promise<[number, string][]> {
  const { stdout } = await run("ps", ["-o", "pid=,args=", "--ppid", String(pid)]).catch(() => ({ stdout: "" }));
  return stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => [Number(l.split(/\s+/)[0]), l.slice(l.indexOf(" ") + 1)] as [number, string]);
}

/** Waits until `find` returns a value (polling every 100 ms), for at most `limitMs`. */
export async function eventually<T>(find: () => Promise<T | undefined>, what: string, limitMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await find();
    if (v !== undefined) return v;
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

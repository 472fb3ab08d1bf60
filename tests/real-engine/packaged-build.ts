/**
 * The packaged provider as a user gets it, built once per run and shared by every test file that
 * needs it: the plugin archive (`npm run build:plugin`, scripts/plugin/build.sh) and the SDKs
 * generated from its schema (scripts/plugin/gen-sdks.sh), in a temporary folder named by a digest
 * of what they are built from, so a second run, or a second worker, reuses them.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Emulator } from "../../emulator";
import { REPO_ROOT } from "../helpers/plugin-session";
import type { CliProject } from "./cli-project";
import { CLI_BIN } from "./harness";

const run = promisify(execFile);

export interface PackagedBuild {
  /** The plugin archive, for `pulumi plugin install resource atlas-restore <version> --file <archive>`. */
  archive: string;
  version: string;
  /** The generated Python SDK (a folder pip installs). */
  pythonSdk: string;
  /** The generated Go SDK module (`pulumi-atlas-restore/sdk/go`). */
  goSdk: string;
  /** How long the build took in this run (0 when it was reused). */
  seconds: number;
}

let built: Promise<PackagedBuild> | undefined;
export function packagedBuild(): Promise<PackagedBuild> {
  built ??= build();
  return built;
}

/** Every file under `dir`, for the digest. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && !f.endsWith(".map")).sort();
}

async function build(): Promise<PackagedBuild> {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version as string;
  const inputs = [...filesUnder(join(REPO_ROOT, "dist/provider")), ...filesUnder(join(REPO_ROOT, "scripts/plugin")), join(REPO_ROOT, "package-lock.json"), join(REPO_ROOT, "provider/packaged/schema.json")];
  const hash = createHash("sha256");
  for (const f of inputs) hash.update(f.slice(REPO_ROOT.length)).update(readFileSync(f));
  const dir = join(tmpdir(), `atlas-restore-plugin-${hash.digest("hex").slice(0, 16)}`);
  const result = (seconds: number): PackagedBuild => ({ archive: join(dir, `pulumi-resource-atlas-restore-v${version}-linux-amd64.tar.gz`), version, pythonSdk: join(dir, "sdk/python"), goSdk: join(dir, "sdk/go"), seconds });
  if (existsSync(join(dir, ".ready"))) return result(0);
  const lock = `${dir}.lock`;
  if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 900_000) rmSync(lock, { recursive: true, force: true });
  try {
    mkdirSync(lock);
  } catch {
    const started = Date.now();
    while (!existsSync(join(dir, ".ready"))) {
      if (Date.now() - started > 900_000) throw new Error(`${dir}: another worker's plugin build did not finish (remove ${lock})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    return result(0);
  }
  try {
    const started = Date.now();
    removeStaleBuilds(dir);
    rmSync(dir, { recursive: true, force: true });
    const env = { ...process.env, PATH: `${CLI_BIN}:${process.env.PATH}` };
    await run("bash", [join(REPO_ROOT, "scripts/plugin/build.sh"), "--no-compile", "--out", dir], { cwd: REPO_ROOT, env, maxBuffer: 16 << 20 });
    await run("bash", [join(REPO_ROOT, "scripts/plugin/gen-sdks.sh"), join(dir, "sdk"), "python", "go"], { cwd: REPO_ROOT, env, maxBuffer: 16 << 20 });
    writeFileSync(join(dir, ".ready"), "");
    return result(Math.round((Date.now() - started) / 1000));
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds of other sources left by earlier runs (an hour old or more). */
function removeStaleBuilds(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (/^atlas-restore-plugin-[0-9a-f]{16}$/.test(name) && path !== keep && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * The shell lines that make a CLI project's stack use the packaged provider against `emulator`:
 * the plugin installed in the project's PULUMI_HOME, a file backend, a stack, the provider's
 * settings (the emulator's key, address and time scale).
 */
export function packagedStackLines(build: PackagedBuild, project: CliProject, emulator: Emulator, o: { stack: string; serverTimeScale: number }): string[] {
  return [
    `pulumi plugin install resource atlas-restore ${build.version} --file '${build.archive}'`,
    `pulumi login 'file://${project.stateDir}'`,
    `pulumi stack init ${o.stack}`,
    `pulumi config set atlas-restore:publicKey ${emulator.publicKey}`,
    `pulumi config set --secret atlas-restore:privateKey '${emulator.privateKey}'`,
    `pulumi config set atlas-restore:baseUrl ${emulator.baseUrl}`,
    `pulumi config set atlas-restore:serverTimeScale ${o.serverTimeScale}`,
  ];
}

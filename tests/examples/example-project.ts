/**
 * Runs one of examples/<name> the way a user would: its files copied into a fresh project folder
 * whose node_modules holds this package (a link to this checkout, so its `main`/`types` point at
 * the built dist/) and @pulumi/pulumi; compiled with the example's OWN tsconfig.json (against the
 * package's published types, not the repository sources); then its emitted program run through
 * the SDK's dynamic-provider plugin (cwd = that folder, as `pulumi up` starts it) against the
 * emulator.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "../../emulator";
import { LocalEngine, type StackState } from "../../local-engine/engine";
import { ProviderPlugin } from "../../local-engine/plugin";
import { runProgram, type ProgramRun } from "../../local-engine/run-program";
import { credentialConfig, REPO_ROOT } from "../helpers/plugin-session";

export const EXAMPLE_FILES = ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json", "README.md"] as const;

export interface ExampleProject {
  dir: string;
  /** Pulumi.yaml `name`: the namespace of the example's config keys. */
  name: string;
  remove(): void;
}

export function copyExample(example: string): ExampleProject {
  const source = join(REPO_ROOT, "examples", example);
  const dir = mkdtempSync(join(tmpdir(), `atlas-restore-example-${example}-`));
  for (const f of EXAMPLE_FILES) copyFileSync(join(source, f), join(dir, f));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "pulumi-atlas-restore"), "dir");
  for (const scope of ["@pulumi", "@types"]) symlinkSync(join(REPO_ROOT, "node_modules", scope), join(dir, "node_modules", scope), "dir");
  const name = /^name:\s*(\S+)/m.exec(readFileSync(join(dir, "Pulumi.yaml"), "utf8"))?.[1] ?? example;
  return { dir, name, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `tsc -p <project>/tsconfig.json` (emits bin/index.js). Resolves with tsc's exit code and output. */
export function compile(p: ExampleProject): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", join(p.dir, "tsconfig.json")], { cwd: p.dir });
    let output = "";
    tsc.stdout.on("data", (d) => (output += d));
    tsc.stderr.on("data", (d) => (output += d));
    tsc.once("error", reject);
    tsc.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

let upCount = 0;

export interface ExampleRun extends ProgramRun {
  engine: LocalEngine;
  logs: string[];
}

/**
 * `pulumi up` of the compiled example against the emulator, with the given stack config (short
 * keys). Pass the previous run's `engine.state` for a second `up` of the same stack. `auth`
 * picks the emulator's API key (digest) or its service account (OAuth token, then Bearer).
 */
export async function upExample(
  p: ExampleProject,
  emulator: Emulator,
  config: Record<string, string>,
  state: StackState = { resources: {} },
  auth: "api-key" | "service-account" = "api-key",
): Promise<ExampleRun> {
  const logs: string[] = [];
  const plugin = await ProviderPlugin.start({ cwd: p.dir, project: p.name, onLog: (l) => logs.push(l) });
  try {
    await plugin.configure({
      ...credentialConfig(auth === "service-account" ? { clientId: emulator.clientId, clientSecret: emulator.clientSecret } : emulator),
      "mongodbatlas:baseUrl": emulator.baseUrl,
    });
    const engine = new LocalEngine(plugin, state, p.name, "dev");
    const stackConfig = Object.fromEntries(Object.entries(config).map(([k, v]) => [`${p.name}:${k}`, v]));
    // Each `up` imports its own copy of the program: under jest, a second runProgram of the same
    // compiled .js file got the cached module back (runProgram's require.cache delete does not
    // evict it from jest's registry), so the program did not run and registered nothing.
    const programPath = join(p.dir, "bin", `up-${++upCount}.js`);
    copyFileSync(join(p.dir, "bin", "index.js"), programPath);
    const run = await runProgram({ engine, programPath, config: stackConfig });
    return { ...run, engine, logs };
  } finally {
    await plugin.stop();
  }
}

/** Runs `npm start`'s compiled entry point (what `npm start` runs after its build) as a child process. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findOnPath } from "../../cli/find-on-path";
import { REPO_ROOT } from "../helpers/plugin-session";

export const START_JS = join(REPO_ROOT, "dist", "scripts", "start.js");

/**
 * An environment with no Atlas keys and a PATH holding only node's folder (so no `pulumi` CLI is
 * found, whatever is installed on this machine) plus `extraPath` first.
 */
export function cleanEnv(extraPath: string[] = [], extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONGODB_ATLAS_") && !k.startsWith("PULUMI_")));
  return { ...env, PATH: [...extraPath, dirname(process.execPath)].join(":"), ...extra };
}

/**
 * npm start in the repository, as a user runs it. Its drill report goes to a temp folder, removed
 * afterwards, unless the test names one with `--report-dir` (npm start's default is the
 * repository's `drill-reports/`, which tests must not fill).
 */
export async function runStart(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  if (args.includes("--report-dir")) return runScript(START_JS, args, env, REPO_ROOT);
  const reports = mkdtempSync(join(tmpdir(), "start-reports-"));
  try {
    return await runScript(START_JS, [...args, "--report-dir", reports], env, REPO_ROOT);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

/** A node script as a child process, its exit code and everything it printed. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [script, ...args], env, cwd);
}

/**
 * A command line through the system shell, as a user types it (a README's command). npm and npx
 * are found where this process finds them (after the env's own PATH, so its `node` stays first:
 * under Node 22 from the registry, node's folder holds no npm).
 */
export function runShell(command: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const npm = findOnPath("npm", process.env);
  return run("/bin/sh", ["-c", command], npm ? { ...env, PATH: `${env.PATH}:${dirname(npm)}` } : env, cwd);
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

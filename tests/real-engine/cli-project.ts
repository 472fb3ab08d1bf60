/**
 * An example run as its user runs it: examples/<name> copied into a temporary project folder,
 * then shell lines run in that folder exactly as a user types them: `npm install <the npm pack
 * tarball>`, `pulumi login`, `pulumi stack init`, `pulumi config set`,
 * `pulumi preview` / `up` / `refresh` / `destroy`. No Automation API: the `pulumi` built by
 * scripts/pulumi-cli/build.sh runs the program through its Node.js language host, found beside it
 * on PATH with the `pulumi-resource-pulumi-nodejs` plugin.
 *
 * The environment is the offline one of every CLI run here (scripts/pulumi-cli/offline-env.ts)
 * minus the backend URL, which the README's own `pulumi login file://…` sets; npm prefers its
 * cache (`npm_config_prefer_offline`), so `npm install` needs no network once the cache is warm.
 * Not a TTY, so the CLI runs non-interactively, as with `--non-interactive`.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator, RequestLogEntry } from "../../emulator";
import { offlinePulumiEnv } from "../../scripts/pulumi-cli/offline-env";
import { REPO_ROOT } from "../helpers/plugin-session";
import { postsSent } from "../reliability/helpers";
import { CLI_BIN } from "./harness";

export interface CommandRun {
  /** The command as the README writes it (placeholders not filled in). */
  line: string;
  code: number;
  stdout: string;
  stderr: string;
  /** Restore requests (authenticated POSTs) the emulator received while it ran. */
  posts: number;
  /** Every request the emulator received while it ran (digest challenges included). */
  requests: RequestLogEntry[];
  /** How long it ran (wall clock, ms). */
  ms: number;
}

export interface CliProject {
  /** The project folder (Pulumi.yaml, index.ts, package.json, node_modules, Pulumi.<stack>.yaml). */
  dir: string;
  /** Where `pulumi login file://<state folder>` keeps the stacks. */
  stateDir: string;
  /** PULUMI_HOME: credentials, plugins and logs of these runs. */
  homeDir: string;
  /** One shell line in the project folder (bash -c), with the emulator's request counts around it. */
  sh(line: string, shown?: string): Promise<CommandRun>;
  /** `pulumi <args>` for the test's own look at the stack (outputs, export, history); not a README step. */
  pulumi(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): void;
}

/** Copies examples/<example> into a fresh folder (its node_modules or venv are the README's install lines). */
export function openCliProject(example: string, emulator: Emulator, source = join(REPO_ROOT, "examples", example)): CliProject {
  const root = mkdtempSync(join(tmpdir(), `atlas-restore-cli-${example}-`));
  const dir = join(root, example);
  const stateDir = join(root, "state");
  const homeDir = join(root, "home");
  for (const d of [dir, stateDir, homeDir]) mkdirSync(d);
  // Every file of the example (a TypeScript one's EXAMPLE_FILES, a YAML or Python one's own), no folders.
  for (const f of readdirSync(source)) if (statSync(join(source, f)).isFile()) copyFileSync(join(source, f), join(dir, f));

  const { PULUMI_BACKEND_URL: _set_by_pulumi_login, ...offline } = offlinePulumiEnv({ backendDir: stateDir, homeDir, passphrase: randomBytes(12).toString("hex") });
  const env: NodeJS.ProcessEnv = {
    ...withoutCredentials(process.env),
    ...offline,
    PATH: `${CLI_BIN}:${process.env.PATH}`,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
  const exec = (file: string, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(file, args, { cwd: dir, env, maxBuffer: 64 << 20, timeout: 240_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });

  return {
    dir,
    stateDir,
    homeDir,
    sh: async (line, shown = line) => {
      const [posts, logged, started] = [postsSent(emulator), emulator.requestLog.length, Date.now()];
      const r = await exec("bash", ["-c", line]);
      return { line: shown, ...r, posts: postsSent(emulator) - posts, requests: emulator.requestLog.slice(logged), ms: Date.now() - started };
    },
    pulumi: (args) => exec(join(CLI_BIN!, "pulumi"), args),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The caller's environment without Atlas credentials: the README's `pulumi config set` is the only source. */
function withoutCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const k of Object.keys(out)) if (/^(MONGODB_ATLAS_|MCLI_|PULUMI_ACCESS_TOKEN$|PULUMI_CONFIG_PASSPHRASE_FILE$|PULUMI_BACKEND_URL$)/.test(k)) delete out[k];
  return out;
}

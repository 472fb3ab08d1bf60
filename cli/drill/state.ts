/**
 * Where the drill's stacks keep their state and how their secrets are encrypted.
 *
 *  - `--backend-url`: that backend as is.
 *  - `--state-dir` (default ./.atlas-restore/state): a local file backend in that folder, kept
 *    between runs (each run replaces the previous run's restores in it, run.ts).
 *  - `--emulator` without either: a throwaway folder, PULUMI_HOME and random passphrase, removed
 *    afterwards (the emulator's world ends with the run too).
 *
 * The passphrase comes from the environment only (PULUMI_CONFIG_PASSPHRASE or
 * PULUMI_CONFIG_PASSPHRASE_FILE, read by the CLI itself): it is never written to the state, the
 * plan or a file of ours. The first run without one stops with how to make one (exit 5).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pulumiEnv } from "../pulumi-env";
import { readBounded, TooLargeError } from "../read-bounded";
import { DEFAULT_STATE_DIR, type DrillOptions } from "./args";
import { DrillExit, EXIT } from "./exit-codes";

export interface DrillState {
  /** For the drill's header line. */
  readonly describe: string;
  /** The environment of every `pulumi` run (backend, home, passphrase if throwaway). */
  readonly env: Record<string, string>;
  /** Removes a throwaway state; no-op otherwise. */
  dispose(): void;
}

/** How to make a passphrase file, for every passphrase problem. */
const PASSPHRASE_HOWTO =
  "On a first run, make one and keep it outside any repository, e.g.\n" +
  "  (umask 077; mkdir -p ~/.config/atlas-restore && openssl rand -base64 32 > ~/.config/atlas-restore/drill-passphrase)\n" +
  "  export PULUMI_CONFIG_PASSPHRASE_FILE=~/.config/atlas-restore/drill-passphrase\n" +
  "and use the same one for every later run on this state (or a secrets manager that sets PULUMI_CONFIG_PASSPHRASE). " +
  "Or run an offline drill with --emulator, which uses a throwaway state and passphrase.";

export const PASSPHRASE_HELP =
  "Stack secrets (the delivery URLs) are encrypted with a passphrase, read from PULUMI_CONFIG_PASSPHRASE or " +
  `PULUMI_CONFIG_PASSPHRASE_FILE; neither is set. ${PASSPHRASE_HOWTO}`;

export function openDrillState(o: Pick<DrillOptions, "emulator" | "stateDir" | "backendUrl">, env: NodeJS.ProcessEnv, cwd: string): DrillState {
  if (o.emulator && o.stateDir === undefined && o.backendUrl === undefined) {
    const scratch = mkdtempSync(join(tmpdir(), "atlas-restore-drill-"));
    const [state, home] = ["state", "home"].map((d) => join(scratch, d));
    for (const d of [state!, home!]) mkdirSync(d);
    return {
      describe: "a throwaway local state (temporary folder, random passphrase), removed after the drill",
      env: pulumiEnv({ backendUrl: `file://${state}`, homeDir: home, passphrase: randomBytes(24).toString("base64url") }),
      dispose: () => rmSync(scratch, { recursive: true, force: true }),
    };
  }
  // Pulumi Cloud encrypts with its own service key; every other backend needs the passphrase.
  const pulumiCloud = o.backendUrl !== undefined && /^https?:\/\//i.test(o.backendUrl);
  if (!pulumiCloud && !env.PULUMI_CONFIG_PASSPHRASE && !env.PULUMI_CONFIG_PASSPHRASE_FILE) throw new DrillExit(EXIT.environment, PASSPHRASE_HELP);
  if (!pulumiCloud && !env.PULUMI_CONFIG_PASSPHRASE && env.PULUMI_CONFIG_PASSPHRASE_FILE) checkPassphraseFile(resolve(cwd, env.PULUMI_CONFIG_PASSPHRASE_FILE));
  if (o.backendUrl !== undefined) return { describe: `backend ${redactUrl(o.backendUrl)}`, env: pulumiEnv({ backendUrl: o.backendUrl }), dispose: () => {} };
  const dir = resolve(cwd, o.stateDir ?? DEFAULT_STATE_DIR);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new DrillExit(EXIT.environment, `Cannot create the state folder ${dir}: ${(e as Error).message}. Name another with --state-dir.`);
  }
  return { describe: `local state in ${dir} (file:// backend, kept between runs)`, env: pulumiEnv({ backendUrl: `file://${dir}` }), dispose: () => {} };
}

/** A backend URL may carry credentials (`s3://key:secret@…`, `?access_token=`): show its scheme, host and path only. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//");
  }
}

/** A passphrase is one line; a file much larger is not one. */
const MAX_PASSPHRASE_FILE_BYTES = 64 * 1024;

/**
 * The CLI reads PULUMI_CONFIG_PASSPHRASE_FILE itself, and a file it cannot read fails every stack
 * with an errno and nothing else: check it first, and say what is wrong (exit 5). Its content is
 * never shown.
 */
function checkPassphraseFile(file: string): void {
  let text: string;
  try {
    text = readBounded(file, MAX_PASSPHRASE_FILE_BYTES).toString("utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ENOENT" ? "no such file" : err.code === "EACCES" ? "permission denied" : err.code === "EISDIR" ? "it is a folder" : e instanceof TooLargeError ? `more than ${MAX_PASSPHRASE_FILE_BYTES} bytes: not a passphrase file` : (err.message ?? String(e));
    throw new DrillExit(EXIT.environment, `PULUMI_CONFIG_PASSPHRASE_FILE names ${file}, which cannot be read: ${why}. Nothing was requested. ${PASSPHRASE_HOWTO}`);
  }
  if (text.trim() === "") throw new DrillExit(EXIT.environment, `PULUMI_CONFIG_PASSPHRASE_FILE names ${file}, which is empty: stack secrets need a passphrase. Nothing was requested. ${PASSPHRASE_HOWTO}`);
}

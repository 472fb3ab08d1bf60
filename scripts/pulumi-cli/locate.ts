/**
 * Where scripts/pulumi-cli/build.sh installs the Pulumi CLI and its language hosts, and whether a
 * complete build of each is there. The cache is outside the repository on purpose: the binaries
 * are ~250 MB and must never be committed.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The pinned CLI version (scripts/pulumi-cli/VERSION, shared with build.sh). */
export function pinnedCliVersion(repoRoot: string): string {
  return readFileSync(join(repoRoot, "scripts", "pulumi-cli", "VERSION"), "utf8").trim();
}

/** `${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-atlas-restore/pulumi-cli}/<version>/bin`, as build.sh computes it. */
export function builtCliBin(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.PULUMI_CLI_CACHE || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "pulumi-atlas-restore", "pulumi-cli");
  return resolve(cache, env.PULUMI_CLI_VERSION || pinnedCliVersion(repoRoot), "bin");
}

/** The bin folder of a complete build (pulumi + the dynamic-provider plugin script), or undefined. */
export function findBuiltCli(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bin = builtCliBin(repoRoot, env);
  const complete = existsSync(join(bin, "..", ".complete"));
  return complete && existsSync(join(bin, "pulumi")) && existsSync(join(bin, "pulumi-resource-pulumi-nodejs")) ? bin : undefined;
}

/** The language hosts build.sh puts beside `pulumi` (`pulumi-language-<language>`). */
export type LanguageHost = "nodejs" | "python" | "go" | "yaml";

/** True when build.sh finished `pulumi-language-<language>` in `bin` (its binary and its own marker). */
export function hasLanguageHost(bin: string, language: LanguageHost): boolean {
  const name = `pulumi-language-${language}`;
  return existsSync(join(bin, name)) && existsSync(join(bin, "..", `.complete-${name}`));
}

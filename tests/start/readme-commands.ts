/**
 * The README's commands, read from its ```sh blocks, and where each is run as written: the README
 * promises nothing a test does not run. `npm start` runs in a workspace that links every file of
 * the repository but `drill-reports/`, so its report lands there and never in the repository.
 */
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/plugin-session";

export const README_PATH = join(REPO_ROOT, "README.md");
export const README = readFileSync(README_PATH, "utf8");

/** The fenced blocks of one language, in order. */
export function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]!);
}

/** Every command of the README's ```sh blocks: one a line, comments dropped. */
export function readmeCommands(): string[] {
  return blocks(README, "sh").flatMap((b) => b.split("\n").map((l) => l.replace(/(^|\s)#.*$/, "").trim()).filter(Boolean));
}

/** The plan file the README writes out (the ```yaml block starting with `# <name>`). */
export function readmePlan(): { name: string; text: string } {
  const text = blocks(README, "yaml").find((b) => /^# [\w.-]+\.yaml\n/.test(b))!;
  return { name: /^# ([\w.-]+\.yaml)/.exec(text)![1]!, text };
}

/** Where each README command runs: in a checkout, or in a user's project with the package installed. */
export const README_COMMANDS = {
  "npm start": "checkout",
  "npm start -- --help": "checkout",
  "npx atlas-restore drill q3-drill.yaml --check": "project",
  "npx atlas-restore drill q3-drill.yaml --emulator": "project (needs a Pulumi CLI: tests/real-engine/drill-runner.test.ts)",
} as const;

/** A folder that looks like the repository (every top-level entry linked) but has its own drill-reports/. */
export function checkoutWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "atlas-restore-readme-"));
  for (const name of readdirSync(REPO_ROOT)) {
    if (![".git", "drill-reports", "test-artifacts"].includes(name)) symlinkSync(join(REPO_ROOT, name), join(dir, name));
  }
  return dir;
}

/**
 * Helpers shared by the package's command lines (`atlas-restore`, `npm start`): the version they
 * print, and negative numbers as option values. node's parseArgs reads `--parallel -1` as an
 * option followed by an unknown flag ("argument is ambiguous"); a user who typed a negative
 * number should hear that the number is wrong, so such a value is joined to its option first.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./package-root";

/** `-1`, `-0.5`, `-.5`, `-1e3`, `-Infinity`: a value, not a flag. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|Infinity$)/;

/** `["--parallel", "-1"]` → `["--parallel=-1"]` for each option that takes a value; everything else as is. */
export function joinNegativeValues(argv: readonly string[], valueOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === "--") return [...out, ...argv.slice(i)];
    if (arg.startsWith("--") && !arg.includes("=") && valueOptions.has(arg.slice(2)) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** The options of a parseArgs config that take a value. */
export function valueOptionsOf(options: Readonly<Record<string, { type: "string" | "boolean" }>>): Set<string> {
  return new Set(Object.entries(options).filter(([, o]) => o.type === "string").map(([name]) => name));
}

/** `pulumi-atlas-restore 0.1.0`: the installed package's name and version. */
export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

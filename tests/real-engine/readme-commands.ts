/**
 * The commands of an example's README, as the tests run them: the lines of its first ```sh block
 * (blank and comment-only lines left out), with the README's placeholders filled in for the
 * test's emulator and state folder. The README is the script: a test cannot run anything the
 * README does not say, and a README line that stops working fails the test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/plugin-session";

/** The placeholders an example README may use, and what the tests put there. */
export interface ReadmeValues {
  /** `<package tarball>`: this package as `npm pack` made it. */
  packageTarball?: string;
  /** `<plugin archive>`: the packaged provider as `npm run build:plugin` made it. */
  pluginArchive?: string;
  /** `<python sdk>`: the Python SDK `npm run sdk:plugin` generated. */
  pythonSdk?: string;
  /** `<state folder>`: the `file://` backend's folder. */
  stateFolder: string;
  /** `<public key>` / `<private key>`: the API key. */
  publicKey: string;
  privateKey: string;
  /** `http://127.0.0.1:8080`: the emulator's address as `npm run emulator` prints it by default. */
  baseUrl: string;
}

const PLACEHOLDERS: Record<string, keyof ReadmeValues> = {
  "<package tarball>": "packageTarball",
  "<plugin archive>": "pluginArchive",
  "<python sdk>": "pythonSdk",
  "<state folder>": "stateFolder",
  "<public key>": "publicKey",
  "<private key>": "privateKey",
  "http://127.0.0.1:8080": "baseUrl",
};

/** The shell lines of examples/<example>/README.md's first ```sh block, as written. */
export function readmeCommands(example: string): string[] {
  const readme = readFileSync(join(REPO_ROOT, "examples", example, "README.md"), "utf8");
  const block = /^```sh\n([\s\S]*?)^```/m.exec(readme);
  if (!block) throw new Error(`examples/${example}/README.md has no \`\`\`sh block`);
  return block[1]
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** A README line with its placeholders replaced by shell-quoted values; throws on an unknown `<…>`. */
export function fillPlaceholders(line: string, values: ReadmeValues): string {
  let filled = line;
  for (const [placeholder, key] of Object.entries(PLACEHOLDERS)) {
    if (!filled.includes(placeholder)) continue;
    const value = values[key];
    if (value === undefined) throw new Error(`README line \`${line}\`: no value for the placeholder ${placeholder} in this run`);
    filled = filled.split(placeholder).join(shellQuote(value));
  }
  const code = filled.replace(/\s#.*$/, "");
  const unknown = /<[^>\s]+(?: [^>\s]+)*>/.exec(code);
  if (unknown) throw new Error(`README line \`${line}\`: no value for the placeholder ${unknown[0]} (known: ${Object.keys(PLACEHOLDERS).join(", ")})`);
  return filled;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

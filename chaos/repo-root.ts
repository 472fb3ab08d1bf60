import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * This package's folder, from this file's place in the source tree (ts-jest) or in dist/ (the
 * build): the nearest folder up whose package.json is pulumi-atlas-restore's.
 */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "pulumi-atlas-restore") return dir;
    if (dirname(dir) === dir) throw new Error(`pulumi-atlas-restore's package.json not found above ${from}`);
  }
}

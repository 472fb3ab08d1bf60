/** The installed package's root folder (its package.json names pulumi-atlas-restore), from this file's place in it. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file) && JSON.parse(readFileSync(file, "utf8")).name === "pulumi-atlas-restore") return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json of pulumi-atlas-restore above ${from}.`);
  }
}

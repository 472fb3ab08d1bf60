/** Where the drill project lives: this repository's root, its Pulumi.yaml name and program. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface DrillProject {
  /** The folder holding Pulumi.yaml and package.json (`pulumi-atlas-restore`). */
  root: string;
  /** Pulumi.yaml `name`: the namespace of the drill's stack config keys. */
  name: string;
  /** The program module, without extension: drill/index (.ts under ts-jest, dist/… .js when built). */
  programPath: string;
}

/** Finds the project from this file's location, whether run from scripts/ or dist/scripts/. */
export function findDrillProject(from: string = __dirname): DrillProject {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "Pulumi.yaml")) && isThisPackage(join(dir, "package.json"))) break;
    const up = dirname(dir);
    if (up === dir) throw new Error(`No Pulumi.yaml of pulumi-atlas-restore found above ${from}.`);
    dir = up;
  }
  const name = /^name:\s*["']?([A-Za-z0-9_.-]+)/m.exec(readFileSync(join(dir, "Pulumi.yaml"), "utf8"))?.[1];
  if (!name) throw new Error(`${join(dir, "Pulumi.yaml")} has no name.`);
  // Run from dist/scripts (npm start), the compiled program sits beside it in dist/drill.
  const built = __filename.endsWith(".js");
  return { root: dir, name, programPath: built ? join(dir, "dist", "drill", "index") : join(dir, "drill", "index") };
}

function isThisPackage(file: string): boolean {
  try {
    return JSON.parse(readFileSync(file, "utf8")).name === "pulumi-atlas-restore";
  } catch {
    return false;
  }
}

/** The pulumi executable on PATH, if any. */
export { findOnPath } from "../../cli/find-on-path";

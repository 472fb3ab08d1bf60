import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A temporary folder of the test's own, to hand a child process as its TMPDIR: what the child
 * leaves behind is then exactly what is in it, whatever else uses the machine's temporary folder
 * at the same time (other test files, other runs). Never compare the shared folder before/after.
 */
export function scratchTmpdir(): { dir: string; env: { TMPDIR: string }; leftovers(): string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "atlas-restore-scratch-"));
  return { dir, env: { TMPDIR: dir }, leftovers: () => readdirSync(dir), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

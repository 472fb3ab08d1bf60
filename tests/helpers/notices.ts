/**
 * One-line notices for the end of the run (a suite skipped, and how to enable it). A test file
 * calls `notice(text)`; tests/helpers/notices-reporter.js prints each distinct text once, after
 * jest's summary, where it is seen. Without that reporter (e.g. `--reporters=default`) the
 * line is printed at once instead.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** Set by the reporter: the folder notices are collected in (one file per distinct text). */
export const NOTICES_ENV = "ATLAS_RESTORE_TEST_NOTICES";

export function notice(text: string): void {
  const dir = process.env[NOTICES_ENV];
  if (dir) {
    writeFileSync(join(dir, createHash("sha256").update(text).digest("hex").slice(0, 16)), text);
    return;
  }
  const shown = `${NOTICES_ENV}_SHOWN_${createHash("sha256").update(text).digest("hex").slice(0, 8)}`;
  if (process.env[shown]) return;
  process.env[shown] = "1";
  process.stderr.write(`${text}\n`);
}

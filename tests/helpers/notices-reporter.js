// Prints the run's notices (tests/helpers/notices.ts) once each, on stderr, after everything jest
// prints, summary included: jest's summary reporter always runs after custom reporters, so the
// lines are written when the process exits (stderr to a pipe or file is synchronous on Linux and
// macOS, so they are not lost). The folder is made before any test file runs and reaches the
// workers through the environment.
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const NOTICES_ENV = "ATLAS_RESTORE_TEST_NOTICES";

class NoticesReporter {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "atlas-restore-notices-"));
    process.env[NOTICES_ENV] = this.dir;
  }

  onRunComplete() {
    const texts = readdirSync(this.dir).map((f) => readFileSync(join(this.dir, f), "utf8")).sort();
    rmSync(this.dir, { recursive: true, force: true });
    if (texts.length) process.once("exit", () => process.stderr.write(`\n${texts.join("\n")}\n`));
  }
}

module.exports = NoticesReporter;

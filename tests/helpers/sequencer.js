// Longest files first, so the long ones never start last and leave one worker running alone at
// the end. Jest's own order does this from its timing cache of earlier runs on this machine; on
// a fresh clone there is none and it falls back to file size, which starts the real-engine
// suite late (its longest file, examples.test.ts, is one of its smallest). Here a file's weight
// is its time from that cache when known, else its measured time when listed below, else an
// estimate by folder, then file size.
const { join, relative, sep } = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

/** Seconds, measured on the 2-core machine (Node 22 pass, real-engine suite included): the files over a minute. */
const FILE_ESTIMATE = {
  "real-engine/drill-runner.test.ts": 150,
  "real-engine/lifecycle.test.ts": 135,
  "real-engine/interrupt.test.ts": 120,
  "real-engine/examples.test.ts": 100,
  "real-engine/languages.test.ts": 80,
};

/** Estimated seconds per file, by folder under tests/ (a file of a folder not listed: 0). */
const FOLDER_ESTIMATE = {
  "real-engine": 60,
  conformance: 60,
  chaos: 60,
  reliability: 30,
  resource: 20,
  start: 20,
  "dr-plan": 10,
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const weight = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached;
      const file = relative(join(test.context.config.rootDir, "tests"), test.path).split(sep).join("/");
      const folder = file.split("/")[0];
      return (FILE_ESTIMATE[file] ?? FOLDER_ESTIMATE[folder] ?? 0) * 1000;
    };
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests]
      .map((test) => ({ test, failed: this.hasFailed(test), weight: weight(test), size: size(test) }))
      .sort((a, b) => Number(b.failed) - Number(a.failed) || b.weight - a.weight || b.size - a.size)
      .map((x) => x.test);
  }
}

module.exports = SlowFirstSequencer;

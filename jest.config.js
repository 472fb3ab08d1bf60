/**
 * digest-fetch 3 ships as ES modules only. Node >= 20.19 loads it through require(esm) in the
 * plugin and in programs, but jest's CommonJS module loader cannot, so jest (and only jest)
 * transforms that one package to CommonJS with ts-jest (allowJs). Everything else in
 * node_modules is left untouched.
 *
 * How the suite runs (docs/development.md, "Tests"): in worker processes, as many as the machine
 * has cores (at least 2: jest's default of cores - 1 is 1 on a 2-core machine, and one worker
 * means every file in jest's own process, which grows without bound); a worker whose heap grew
 * past the limit is replaced after its file; long files first (sequencer.js); TypeScript is
 * transpiled without type-checking (`npm run typecheck` / CI's `tsc --noEmit` does that once,
 * instead of a type-checker per worker); notices (a suite skipped) are printed at the end.
 */
const { availableParallelism } = require("node:os");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }],
    "^.+/node_modules/digest-fetch/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs", esModuleInterop: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!digest-fetch/)"],
  globalSetup: "<rootDir>/tests/helpers/global-setup.js",
  globalTeardown: "<rootDir>/tests/helpers/global-teardown.js",
  testSequencer: "<rootDir>/tests/helpers/sequencer.js",
  reporters: ["default", "<rootDir>/tests/helpers/notices-reporter.js"],
  maxWorkers: Math.max(2, availableParallelism()),
  workerIdleMemoryLimit: "400MB",
  testTimeout: 60000,
};

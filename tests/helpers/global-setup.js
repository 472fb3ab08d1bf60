// The plugin process runs the compiled provider (dist/), as a user's `pulumi up` would: build it
// once before any test so plugin-path tests never run stale code. Type errors do not stop the
// emit (CI fails them in its own `tsc --noEmit` step), so a build problem only warns here.
const { spawnSync } = require("node:child_process");
const os = require("node:os");
const path = require("node:path");
const { repositoryStatus } = require("./repository-guard");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "../..");
  // Node 22's compile cache for every node process the tests start (plugins, the CLI's language
  // host and programs, drivers, npm, tsc): each loads @pulumi/pulumi or TypeScript from scratch,
  // and compiling them is most of their start-up. Keyed by file content; Node 20 ignores it.
  process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), "atlas-restore-node-compile-cache");
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) console.warn(`\n[global-setup] tsc -p tsconfig.build.json reported errors (output still emitted):\n${r.stdout}${r.stderr}`);
  // What the repository looks like before any test runs (global-teardown.js compares).
  globalThis.__atlasRestoreRepositoryStatus = repositoryStatus(root);
};

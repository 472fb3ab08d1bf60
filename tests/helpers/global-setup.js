// The plugin process runs the compiled provider (dist/), as a user's `pulumi up` would: build it
// once before any test so plugin-path tests never run stale code. Type errors do not stop the
// emit (CI fails them in its own `tsc --noEmit` step), so a build problem only warns here.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, "../..");
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) console.warn(`\n[global-setup] tsc -p tsconfig.build.json reported errors (output still emitted):\n${r.stdout}${r.stderr}`);
};

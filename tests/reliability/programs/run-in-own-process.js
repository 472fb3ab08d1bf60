// Runs a program against the real dynamic-provider plugin in a process of its own, as `pulumi up`
// runs a program: a failed resource registration leaves rejected promises inside the SDK, which
// the language host reports and jest would count as test failures. Prints one JSON line.
// Usage: node run-in-own-process.js <program.js>; env REPO_ROOT, PROJECT_DIR, API_BASE,
// PUBLIC_KEY, PRIVATE_KEY, PROGRAM_CONFIG (JSON).
const env = process.env;
const { ProviderPlugin } = require(`${env.REPO_ROOT}/dist/local-engine/plugin.js`);
const { LocalEngine } = require(`${env.REPO_ROOT}/dist/local-engine/engine.js`);
const { runProgram } = require(`${env.REPO_ROOT}/dist/local-engine/run-program.js`);

const rejections = [];
process.on("unhandledRejection", (e) => rejections.push(String((e && e.message) || e)));

(async () => {
  const plugin = await ProviderPlugin.start({ cwd: env.PROJECT_DIR, project: "restore-test" });
  try {
    await plugin.configure({ "mongodbatlas:publicKey": env.PUBLIC_KEY, "mongodbatlas:privateKey": { secret: env.PRIVATE_KEY }, "mongodbatlas:baseUrl": env.API_BASE });
    const engine = new LocalEngine(plugin, { resources: {} }, "restore-test", "dev");
    const run = await runProgram({ engine, programPath: process.argv[2], config: JSON.parse(env.PROGRAM_CONFIG) });
    await new Promise((r) => setTimeout(r, 300)); // the SDK's rejections arrive a moment later
    console.log(JSON.stringify({ outputs: Object.keys(run.outputs), errors: run.errors.map((e) => e.message), rejections, steps: engine.steps }));
  } finally {
    await plugin.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

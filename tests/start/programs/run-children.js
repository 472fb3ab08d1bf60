// Runs the drill program (dist/drill/index.js: the built-in plan as a DisasterRecoveryPlan)
// against the real dynamic-provider plugin in a process of its own, as `pulumi up` runs a program
// (a failed registration leaves SDK rejections jest would count as test failures). Prints one
// JSON line: the state's resources and each failed resource's message.
// Usage: node run-children.js; env REPO_ROOT, API_BASE, PUBLIC_KEY, PRIVATE_KEY.
const env = process.env;
const { ProviderPlugin } = require(`${env.REPO_ROOT}/dist/local-engine/plugin.js`);
const { LocalEngine } = require(`${env.REPO_ROOT}/dist/local-engine/engine.js`);
const { runProgram } = require(`${env.REPO_ROOT}/dist/local-engine/run-program.js`);
const { failuresOf } = require(`${env.REPO_ROOT}/dist/scripts/start/plugin-path.js`);

process.on("unhandledRejection", () => undefined); // each failure is in the engine's steps

(async () => {
  const plugin = await ProviderPlugin.start({ cwd: env.REPO_ROOT, project: "pulumi-atlas-restore" });
  try {
    await plugin.configure({ "mongodbatlas:publicKey": env.PUBLIC_KEY, "mongodbatlas:privateKey": { secret: env.PRIVATE_KEY }, "mongodbatlas:baseUrl": env.API_BASE });
    const engine = new LocalEngine(plugin, { resources: {} }, "pulumi-atlas-restore", "drill");
    const run = await runProgram({ engine, programPath: `${env.REPO_ROOT}/dist/drill/index.js` });
    console.log(JSON.stringify({ resources: Object.values(engine.state.resources), failures: [...failuresOf(engine, run.errors)] }));
  } finally {
    await plugin.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});

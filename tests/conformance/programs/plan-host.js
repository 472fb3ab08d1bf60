// The conformance suite's stand-in for `pulumi up` of a program declaring one DisasterRecoveryPlan:
// a process of its own (as the language host is: a failed child leaves SDK rejections that jest
// would count as test failures) holding the real dynamic-provider plugin and one LocalEngine per
// stack. The test sends one operation at a time over IPC:
//   { id, op: "up", stack, name, plan, program? }  { id, op: "refresh" | "destroy", stack }
//   { id, op: "kill" } (SIGKILL the plugin mid-operation; the next operation runs on a new one)
// and gets { id, result } back: the state's resources, the steps taken, the program's outputs
// and each failed registration's message. Env: REPO_ROOT, API_BASE, PUBLIC_KEY, PRIVATE_KEY,
// SERVER_TIME_SCALE.
const { join } = require("node:path");
const env = process.env;
const { ProviderPlugin } = require(`${env.REPO_ROOT}/dist/local-engine/plugin.js`);
const { LocalEngine } = require(`${env.REPO_ROOT}/dist/local-engine/engine.js`);
const { runProgram } = require(`${env.REPO_ROOT}/dist/local-engine/run-program.js`);

process.on("unhandledRejection", () => undefined); // each failure is in the engine's steps

const config = {
  "mongodbatlas:publicKey": env.PUBLIC_KEY,
  "mongodbatlas:privateKey": { secret: env.PRIVATE_KEY },
  "mongodbatlas:baseUrl": env.API_BASE,
  "atlas-restore:serverTimeScale": env.SERVER_TIME_SCALE,
  "atlas-restore:requestsPerMinute": "100000",
};
const startPlugin = () => ProviderPlugin.start({ cwd: env.REPO_ROOT, project: "conformance" }).then(async (p) => (await p.configure(config), p));
let plugin = startPlugin();
const states = new Map();

/** A stack's engine on the current plugin process (its state outlives a killed plugin). */
async function engineOf(stack) {
  if (!states.has(stack)) states.set(stack, { resources: {} });
  return new LocalEngine(await plugin, states.get(stack), "conformance", stack);
}

async function run(m) {
  if (m.op === "kill") {
    // SIGKILL the plugin (a crash, a killed `pulumi up`); the next operation gets a new one.
    const dead = await plugin;
    plugin = dead.stop("SIGKILL").then(startPlugin);
    await plugin;
    return { steps: [], resources: [] };
  }
  const engine = await engineOf(m.stack);
  const before = engine.steps.length;
  const out = {};
  if (m.op === "up") {
    const programConfig = { "plan:args": JSON.stringify(m.plan), "plan:name": m.name, "mongodbatlas:baseUrl": env.API_BASE, ...m.config };
    const r = await runProgram({ engine, programPath: join(__dirname, m.program ?? "plan-program.js"), config: programConfig });
    out.outputs = r.outputs;
    out.errors = r.errors.map((e) => e.message);
  } else if (m.op === "refresh") await engine.refresh();
  else if (m.op === "destroy") await engine.destroy();
  return { ...out, steps: engine.steps.slice(before), resources: Object.values(engine.state.resources) };
}

process.on("message", (m) => {
  run(m).then(
    (result) => process.send({ id: m.id, result }),
    (e) => process.send({ id: m.id, result: { hostError: String(e && e.stack ? e.stack : e) } }),
  );
});
process.on("disconnect", async () => {
  await (await plugin).stop().catch(() => undefined);
  process.exit(0);
});

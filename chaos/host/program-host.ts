/**
 * A program host: the process a lane of the chaos campaign runs its stacks' operations in, as the
 * Pulumi CLI and its language host would. It holds the real dynamic-provider plugin (a child
 * process, over gRPC), one `LocalEngine` state per stack, and runs the chaos program
 * (chaos/program) for every `up`. Operations arrive one at a time over IPC (protocol.ts), except
 * `kill`, which may arrive while an operation is in flight: it SIGKILLs the plugin, and the
 * operation ends with the errors that leaves. The next operation then starts a new plugin.
 *
 * Run from dist/ (the plugin loads the compiled provider): `fork("dist/chaos/host/program-host.js")`.
 */
import { join } from "node:path";
import { CheckFailedError, LocalEngine, type StackState } from "../../local-engine/engine";
import { ProviderPlugin, type Props } from "../../local-engine/plugin";
import { runProgram } from "../../local-engine/run-program";
import { repoRoot } from "../repo-root";
import type { HostMessage, HostReply, HostRequest, HostResult, PluginConfig } from "./protocol";

const PROJECT = "chaos";
const MAX_LOG_LINES = 400;

/** A LocalEngine whose registration errors name the resource (runProgram collects them unnamed). */
class NamingEngine extends LocalEngine {
  override async register(type: string, name: string, news: Props, opts: { id?: string } = {}) {
    try {
      return await super.register(type, name, news, opts);
    } catch (e) {
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { urn: this.urnOf(type, name) });
    }
  }
}

// A failed registration leaves rejected promises inside the SDK that nothing awaits; the language
// host absorbs them (as runProgram does during a run): each failure is already in the result.
process.on("unhandledRejection", () => undefined);

const root = repoRoot();
const stacks = new Map<string, StackState>();
let config: PluginConfig = {};
let plugin: Promise<ProviderPlugin> | undefined;
let logs: string[] = [];
let started = false;

function currentPlugin(): Promise<ProviderPlugin> {
  if (!plugin) started = true;
  plugin ??= ProviderPlugin.start({ cwd: root, project: PROJECT, onLog: (line) => logs.length < MAX_LOG_LINES && logs.push(line) }).then(async (p) => {
    await p.configure(config);
    return p;
  });
  return plugin;
}

async function stopPlugin(signal: NodeJS.Signals): Promise<void> {
  const p = plugin;
  plugin = undefined;
  if (p) await (await p.catch(() => undefined))?.stop(signal);
}

function stateOf(stack: string): StackState {
  if (!stacks.has(stack)) stacks.set(stack, { resources: {} });
  return stacks.get(stack)!;
}

const errorOf = (e: unknown) => ({
  ...(typeof (e as { urn?: unknown }).urn === "string" ? { urn: (e as { urn: string }).urn } : {}),
  ...(e instanceof CheckFailedError ? { check: true } : {}),
  message: e instanceof Error ? e.message : String(e),
});

async function operate(request: Extract<HostRequest, { stack: string }>): Promise<HostResult> {
  logs = [];
  started = false;
  const state = stateOf(request.stack);
  const engine = new NamingEngine(await currentPlugin(), state, PROJECT, request.stack);
  const result: HostResult = { errors: [], steps: [], resources: [], logs, pluginStarted: started };
  if (request.op === "up") {
    const run = await runProgram({
      engine,
      programPath: join(__dirname, "../program/chaos-program.js"),
      config: { "chaos:program": JSON.stringify(request.program) },
    }).catch((e: unknown) => ({ outputs: {} as Record<string, unknown>, errors: [e as Error] }));
    result.errors = run.errors.map(errorOf);
    if (typeof run.outputs.planError === "string") result.planError = run.outputs.planError;
  } else if (request.op === "refresh" || request.op === "destroy") {
    await (request.op === "refresh" ? engine.refresh() : engine.destroy()).catch((e: unknown) => result.errors.push(errorOf(e)));
  } else if (request.op === "forget") {
    stacks.delete(request.stack);
  }
  result.steps = engine.steps;
  result.resources = Object.values(state.resources);
  return result;
}

async function handle(request: HostRequest): Promise<HostResult | undefined> {
  switch (request.op) {
    case "configure":
      config = request.config;
      return undefined;
    case "newProcess":
      // SIGINT is what the engine sends at the end of a run: a clean exit (tokens revoked).
      await stopPlugin("SIGINT");
      return undefined;
    case "kill":
      await stopPlugin("SIGKILL");
      return undefined;
    default:
      return operate(request);
  }
}

process.on("message", (m: HostMessage) => {
  handle(m.request).then(
    (result) => process.send!({ id: m.id, ...(result ? { result } : {}) } satisfies HostReply),
    (e: unknown) => process.send!({ id: m.id, hostError: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies HostReply),
  );
});
process.on("disconnect", () => {
  void stopPlugin("SIGINT").finally(() => process.exit(0));
});

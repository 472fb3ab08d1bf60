/**
 * Runs the drill program without a Pulumi CLI: the program is imported under
 * `pulumi.runtime.setMocks`, and each restore goes to the SDK's real dynamic-provider plugin
 * process (the one `pulumi up` would start), through the local engine. State lives in memory.
 */
import { CheckFailedError, LocalEngine } from "../../local-engine/engine";
import { ProviderPlugin } from "../../local-engine/plugin";
import { runProgram } from "../../local-engine/run-program";
import { nameOfUrn } from "../../drill/report/child-outcome";
import { engineRunOf } from "./engine-run";
import type { DrillProject } from "./project";
import type { EngineRun } from "./summary";
import { providerConfig, type Target } from "./target";

export interface PluginRunOptions {
  project: DrillProject;
  target: Target;
  /** Drill settings by short key. */
  config: Record<string, string>;
  /** The plan's entry keys (its children are `drill-<key>`). */
  entryKeys: readonly string[];
  /** Each line the plugin prints (the provider's progress). */
  onLog: (line: string) => void;
  /** Ctrl-C: stop the plugin (its calls then fail), so no orphan process keeps polling. */
  signal?: AbortSignal;
}

/** The in-memory stack's name. */
const PLUGIN_STACK = "drill";

export async function runWithPlugin(o: PluginRunOptions): Promise<EngineRun> {
  // cwd = the project folder, as the engine starts the plugin: the serialized provider's
  // require() calls resolve from there (provider-shim.ts).
  const plugin = await ProviderPlugin.start({ cwd: o.project.root, project: o.project.name, onLog: (line) => o.onLog(line) });
  const stop = () => void plugin.stop("SIGKILL");
  o.signal?.addEventListener("abort", stop, { once: true });
  try {
    await plugin.configure(providerConfig(o.target));
    const engine = new LocalEngine(plugin, { resources: {} }, o.project.name, PLUGIN_STACK);
    const config = Object.fromEntries(Object.entries(o.config).map(([k, v]) => [`${o.project.name}:${k}`, v]));
    const errors: string[] = [];
    let run;
    try {
      run = await runProgram({ engine, programPath: o.project.programPath, config });
    } catch (e) {
      errors.push(`the program failed: ${(e as Error).message}`);
    }
    const failures = failuresOf(engine, run?.errors ?? []);
    // Anything else that failed (e.g. the plugin itself) and names no resource.
    const told = new Set(failures.values());
    for (const e of run?.errors ?? []) if (!told.has(e.message) && !(e instanceof CheckFailedError)) errors.push(e.message);
    return engineRunOf(PLUGIN_STACK, o.entryKeys, Object.values(engine.state.resources), failures, errors);
  } finally {
    o.signal?.removeEventListener("abort", stop);
    await plugin.stop();
  }
}

/** Each failed resource's message by resource name: its failed step, or its check failure (which has no step). */
export function failuresOf(engine: LocalEngine, errors: readonly Error[]): Map<string, string> {
  const failures = new Map<string, string>();
  for (const step of engine.steps) if (step.error) failures.set(nameOfUrn(step.urn), step.error);
  for (const e of errors) if (e instanceof CheckFailedError && !failures.has(nameOfUrn(e.urn))) failures.set(nameOfUrn(e.urn), e.message);
  return failures;
}

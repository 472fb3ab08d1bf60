/**
 * Runs the drill program without a Pulumi CLI: the program is imported under
 * `pulumi.runtime.setMocks`, and each RestoreJob goes to the SDK's real dynamic-provider plugin
 * process (the one `pulumi up` would start), through the local engine. State lives in memory.
 */
import { CheckFailedError, LocalEngine, unwrapSecrets, type ResourceState } from "../../local-engine/engine";
import { ProviderPlugin } from "../../local-engine/plugin";
import { runProgram } from "../../local-engine/run-program";
import type { DrillProject } from "./project";
import type { Report, RestoreSummary } from "./summary";
import { providerConfig, type Target } from "./target";

export interface PluginRunOptions {
  project: DrillProject;
  target: Target;
  /** Drill settings by short key. */
  config: Record<string, string>;
  /** Each line the plugin prints (the provider's progress). */
  onLog: (line: string) => void;
  /** Ctrl-C: stop the plugin (its calls then fail), so no orphan process keeps polling. */
  signal?: AbortSignal;
}

export async function runWithPlugin(o: PluginRunOptions): Promise<Report> {
  // cwd = the project folder, as the engine starts the plugin: the serialized provider's
  // require() calls resolve from there (provider-shim.ts).
  const plugin = await ProviderPlugin.start({ cwd: o.project.root, project: o.project.name, onLog: (line) => o.onLog(line) });
  const stop = () => void plugin.stop("SIGKILL");
  o.signal?.addEventListener("abort", stop, { once: true });
  try {
    await plugin.configure(providerConfig(o.target));
    const engine = new LocalEngine(plugin, { resources: {} }, o.project.name, "drill");
    const config = Object.fromEntries(Object.entries(o.config).map(([k, v]) => [`${o.project.name}:${k}`, v]));
    const errors: string[] = [];
    let run;
    try {
      run = await runProgram({ engine, programPath: o.project.programPath, config });
    } catch (e) {
      errors.push(`the program failed: ${(e as Error).message}`);
    }
    const restores = summaries(engine, run?.errors ?? []);
    // Anything else that failed (e.g. the plugin itself) and names no restore.
    const told = new Set(restores.map((r) => r.error));
    for (const e of run?.errors ?? []) if (!told.has(e.message) && !(e instanceof CheckFailedError)) errors.push(e.message);
    return { restores, errors };
  } finally {
    o.signal?.removeEventListener("abort", stop);
    await plugin.stop();
  }
}

/** One summary per RestoreJob the program declared: from state, or from the step that failed. */
function summaries(engine: LocalEngine, errors: Error[]): RestoreSummary[] {
  const byUrn = new Map<string, RestoreSummary>();
  for (const r of Object.values(engine.state.resources)) byUrn.set(r.urn, fromState(r));
  for (const step of engine.steps) {
    if (!step.error) continue;
    const s = byUrn.get(step.urn) ?? { name: nameOf(step.urn), status: "NOT STARTED", parts: [], urls: [] };
    byUrn.set(step.urn, { ...s, error: step.error });
  }
  for (const e of errors) {
    if (e instanceof CheckFailedError && !byUrn.has(e.urn)) {
      byUrn.set(e.urn, { name: nameOf(e.urn), status: "NOT STARTED", parts: [], urls: [], error: e.message });
    }
  }
  return [...byUrn.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function fromState(r: ResourceState): RestoreSummary {
  const out = unwrapSecrets(r.outputs) as Record<string, unknown>;
  return {
    name: r.name,
    id: r.id || undefined,
    batchId: out.batchId as string | undefined,
    status: (out.status as string | undefined) ?? "UNKNOWN",
    parts: (out.statusDetail as string[] | undefined) ?? [],
    urls: (out.deliveryUrls as string[] | undefined) ?? [],
    error: r.initErrors?.join("\n"),
  };
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** Each failed resource's message by resource name: its failed step, or its check failure (which has no step). */
export function failuresOf(engine: LocalEngine, errors: readonly Error[]): Map<string, string> {
  const failures = new Map<string, string>();
  for (const step of engine.steps) if (step.error) failures.set(nameOf(step.urn), step.error);
  for (const e of errors) if (e instanceof CheckFailedError && !failures.has(nameOf(e.urn))) failures.set(nameOf(e.urn), e.message);
  return failures;
}

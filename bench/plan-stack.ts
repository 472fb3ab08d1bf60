/**
 * Child process of group 10 (`fork`ed, input as its first message): one project's stack on the
 * plugin path, as the drill runner runs a stack per project. Each has its own Pulumi runtime
 * (runProgram's mocks are process-wide, and the SDK's function serialization needs the inspector,
 * which worker threads lack), its own dynamic-provider plugin process and so its own per-project
 * request budget. It starts and configures the plugin, loads the program's modules (`preload`),
 * says "ready", runs the program on "go", and answers with the run's outcome. What runs after "go"
 * is the program's own work (declaring the plan, its checks, creates and waits), not loading code:
 * that is a fixed cost of every `pulumi up`, measured by group 3 and the real-engine rows (group 11).
 */
import { LocalEngine } from "../local-engine/engine";
import { ProviderPlugin } from "../local-engine/plugin";
import { runProgram } from "../local-engine/run-program";

/** What the bench hands a worker. */
export interface PlanStackInput {
  /** A user-shaped project folder (this package linked into its node_modules). */
  projectDir: string;
  projectName: string;
  /** The compiled plan program, without extension. */
  programPath: string;
  /** Provider config: credentials and baseUrl of the emulator. */
  pluginConfig: Record<string, string | { secret: string }>;
  /** Stack config of the program (full keys). */
  config: Record<string, string>;
  /** Modules the program imports, loaded before "ready" (the program module itself is loaded fresh on "go"). */
  preload?: string[];
}

/** What a worker answers when its stack is done. */
export interface PlanStackOutcome {
  kind: "done";
  /** Failed registrations (and a failed program), as the user would see them. */
  errors: string[];
  /** Entry key → status output. */
  statuses: Record<string, string>;
  summary?: { entries: number; passed: number; failed: number };
}

const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const nextMessage = () => new Promise<unknown>((resolve) => process.once("message", resolve));

async function main(input: PlanStackInput): Promise<PlanStackOutcome> {
  const plugin = await ProviderPlugin.start({ cwd: input.projectDir, project: input.projectName });
  // The plugin is stopped before the answer goes out: the bench ends the thread on the answer.
  try {
    await plugin.configure(input.pluginConfig);
    const engine = new LocalEngine(plugin, { resources: {} }, input.projectName, "bench");
    for (const m of input.preload ?? []) await import(m);
    await send({ kind: "ready" });
    await nextMessage();
    const run = await runProgram({ engine, programPath: input.programPath, config: input.config });
    return {
      kind: "done",
      errors: run.errors.map((e) => e.message),
      statuses: (run.outputs.statuses as Record<string, string> | undefined) ?? {},
      summary: run.outputs.summary as PlanStackOutcome["summary"],
    };
  } finally {
    await plugin.stop();
  }
}

if (process.send) {
  nextMessage()
    .then((input) => main(input as PlanStackInput))
    .then(
      (outcome) => send(outcome),
      (e: unknown) => send({ kind: "done", errors: [`the stack failed: ${(e as Error).message ?? String(e)}`], statuses: {} } satisfies PlanStackOutcome),
    )
    .finally(() => process.disconnect());
}

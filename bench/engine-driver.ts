/**
 * Child process of group 11 (`fork`ed, settings as its first message): the plan stack through the
 * Automation API and the real Pulumi CLI, as a user's own script would drive it. The workspace,
 * stack and config are made first ("ready"); `stack.up()` runs on "go" and the answer is its
 * outcome. The program is inline: the SDK serves it to `pulumi --client`, so no language host runs.
 */
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { planProgram } from "./plan-program-body";

/** What the bench hands the driver. */
export interface EngineDriverInput {
  /** The folder holding the built `pulumi` (its parent is the CLI root). */
  cliRoot: string;
  /** The user-shaped project folder the plugin starts in. */
  workDir: string;
  projectName: string;
  stackName: string;
  /** The offline environment of every CLI run here (scripts/pulumi-cli/offline-env.ts). */
  env: Record<string, string>;
  /** Stack config: plain values, or `{ secret }`. */
  config: Record<string, string | { secret: string }>;
}

/** What the driver answers when `up` is done. */
export interface EngineDriverOutcome {
  kind: "done";
  /** The error of a failed `up`, else undefined. */
  error?: string;
  /** Entry key → status output. */
  statuses: Record<string, string>;
  /** What the CLI logged (`logToStdErr`, verbosity 7): where its start went (engine-timeline.ts). */
  log: string;
}

const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const nextMessage = () => new Promise<unknown>((resolve) => process.once("message", resolve));

async function main(input: EngineDriverInput): Promise<EngineDriverOutcome> {
  const pulumiCommand = await PulumiCommand.get({ root: input.cliRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: input.projectName, stackName: input.stackName, program: async () => planProgram() },
    { workDir: input.workDir, pulumiCommand, envVars: input.env },
  );
  const config: ConfigMap = Object.fromEntries(
    Object.entries(input.config).map(([k, v]) => [k, typeof v === "string" ? { value: v } : { value: v.secret, secret: true }]),
  );
  await stack.setAllConfig(config);
  await send({ kind: "ready" });
  await nextMessage();
  try {
    const result = await stack.up({ color: "never", logToStdErr: true, logVerbosity: 7 });
    return { kind: "done", statuses: (result.outputs.statuses?.value as Record<string, string> | undefined) ?? {}, log: result.stderr };
  } catch (e) {
    return { kind: "done", error: (e as Error).message ?? String(e), statuses: {}, log: "" };
  }
}

if (process.send) {
  nextMessage()
    .then((input) => main(input as EngineDriverInput))
    .then(
      (outcome) => send(outcome),
      (e: unknown) => send({ kind: "done", error: `the driver failed: ${(e as Error).message ?? String(e)}`, statuses: {}, log: "" } satisfies EngineDriverOutcome),
    )
    .finally(() => process.disconnect());
}

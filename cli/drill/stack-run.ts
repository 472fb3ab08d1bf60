/**
 * One stack of a drill through the Automation API: an inline program (the SDK serves it to
 * `pulumi up --client` from this process, so no language host is needed), `up`, then the
 * stack's outputs (secrets decrypted, in memory only) and state. A failed `up` is a result, not
 * a throw: the state still tells what each restore came to.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { EngineEvent, OutputMap } from "@pulumi/pulumi/automation";

/** Pulumi project of every drill stack; stacks are `<plan name>-<project id>`. */
export const DRILL_PULUMI_PROJECT = "atlas-restore-drill";

export interface StackRunOptions {
  /** The `pulumi` executable. */
  readonly pulumi: string;
  readonly stackName: string;
  /** Where the engine starts the provider plugin: the package's root, so the serialized provider's require() resolves. */
  readonly packageRoot: string;
  /** The stack's `pulumi` environment: backend, passphrase, credentials. */
  readonly env: Record<string, string>;
  readonly program: () => Promise<Record<string, unknown>>;
  /**
   * The URNs to remove from the stack before `up`, chosen from the state as it is (a previous
   * run's restores); they are destroyed first (`pulumi destroy --target`, with dependents).
   */
  readonly retire?: (resources: readonly StateResource[]) => readonly string[];
  /** Before the retirement, with what it will remove. */
  readonly onRetire?: (urns: readonly string[]) => void;
  readonly onEvent: (e: EngineEvent) => void;
  /** Everything `pulumi` prints (kept for the stack's log file). */
  readonly onOutput: (chunk: string) => void;
  readonly signal?: AbortSignal;
}

/** A resource of the stack's state, as `pulumi stack export` has it. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly parent?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly initErrors?: readonly string[];
}

export interface StackRunResult {
  readonly stackName: string;
  /** `up` succeeded. */
  readonly ok: boolean;
  /** Why `up` failed: the engine's error lines. */
  readonly error?: string;
  /** Stack outputs with secrets decrypted: in memory only, never printed or written. */
  readonly outputs: OutputMap;
  readonly resources: readonly StateResource[];
  /** The state before this run (before any retirement). */
  readonly before: readonly StateResource[];
  /** The URNs removed from the stack before `up`. */
  readonly retired: readonly string[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export async function runStack(o: StackRunOptions): Promise<StackRunResult> {
  const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
  const startedAt = new Date();
  // The workspace folder holds only Pulumi.yaml (no config: credentials come from the environment).
  const workDir = mkdtempSync(join(tmpdir(), "atlas-restore-drill-work-"));
  try {
    // PulumiCommand runs <root>/bin/pulumi; a pulumi outside a bin/ folder is found on PATH.
    const root = basename(dirname(o.pulumi)) === "bin" ? dirname(dirname(o.pulumi)) : undefined;
    const pulumiCommand = await PulumiCommand.get(root ? { root } : {});
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: DRILL_PULUMI_PROJECT, stackName: o.stackName, program: o.program },
      { workDir, pulumiCommand, envVars: o.env, projectSettings: { name: DRILL_PULUMI_PROJECT, runtime: "nodejs", main: o.packageRoot } },
    );
    const resourcesOf = async () => ((await stack.exportStack()).deployment as { resources?: StateResource[] } | undefined)?.resources ?? [];
    const before = await resourcesOf();
    const retired = o.retire?.(before) ?? [];
    let error: string | undefined;
    if (retired.length > 0) {
      o.onRetire?.(retired);
      try {
        await stack.destroy({ target: [...retired], targetDependents: true, onEvent: o.onEvent, onOutput: o.onOutput, signal: o.signal, color: "never" });
      } catch (e) {
        error = `could not remove the previous run's restores from the stack, so nothing new was requested: ${engineError(e)}`;
      }
    }
    if (error === undefined) {
      try {
        // A drill records every entry: one failed restore must not keep the entries queued behind
        // it (maxConcurrentRestores lanes) from running. Entries `after` it are still skipped.
        await stack.up({ onEvent: o.onEvent, onOutput: o.onOutput, signal: o.signal, color: "never", continueOnError: true });
      } catch (e) {
        error = engineError(e);
      }
    }
    const outputs = await stack.outputs().catch(() => ({}));
    return { stackName: o.stackName, ok: error === undefined, error, outputs, resources: await resourcesOf(), before, retired, startedAt, finishedAt: new Date() };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The engine's wrappers around the real errors: they tell nothing. */
const WRAPPER_LINES = /^error: (update failed|\d+ errors? occurred:?)$/;

/** The `error:` lines of a failed `pulumi up` (its whole output is in the stack's log), else its first line. */
export function engineError(e: unknown): string {
  const text = String((e as Error)?.message ?? e);
  const errors = [...new Set(text.split("\n").map((l) => l.trim()).filter((l) => /^error: /.test(l) && !WRAPPER_LINES.test(l)))];
  if (errors.length > 0) return errors.join("\n");
  // The Automation API's CommandError: `code: N`, then the labelled stdout / stderr / err?; the cause is in those.
  const code = /^code: (-?\d+)/.exec(text.trim())?.[1];
  const lines = text.split("\n").map((l) => l.trim().replace(/^(stdout|stderr|err\?):\s*/, "")).filter((l) => l && !/^code: -?\d+$/.test(l));
  const cause = lines.find((l) => l.startsWith("* ")) ?? lines[0];
  if (code === undefined) return cause ?? "unknown error";
  return `${cause ?? "no message"} (the pulumi command ended with code ${code})`;
}

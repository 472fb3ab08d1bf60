/**
 * Runs the drill with a real `pulumi` CLI through the Automation API: the drill program is an
 * inline program (the SDK serves it to `pulumi up --client`, so no language host is needed), on a
 * throwaway local backend (file:// in a temporary folder) and passphrase, with a new stack; no
 * login, no prompt, nothing fetched from the internet (offline-env.ts). Credentials reach the
 * provider plugin through its environment (the engine passes it on), never on a command line
 * and never in the stack's config file.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { offlinePulumiEnv } from "../pulumi-cli/offline-env";
import type { DrillProject } from "./project";
import { BUILTIN_PLAN_NAME } from "../../drill/builtin-plan";
import { nameOfUrn, type StateResource } from "../../drill/report/child-outcome";
import { engineRunOf } from "./engine-run";
import type { EngineRun } from "./summary";
import { credentialEnv, type Target } from "./target";

export interface CliRunOptions {
  /** The `pulumi` executable. */
  pulumi: string;
  project: DrillProject;
  target: Target;
  config: Record<string, string>;
  /** The plan's entry keys (its children are `drill-<key>`). */
  entryKeys: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Each line `pulumi` prints while it runs. */
  onLog: (line: string) => void;
  /** Ctrl-C: the Automation API passes it on to the running `pulumi` as SIGINT (a graceful cancel). */
  signal?: AbortSignal;
}

type DrillStack = import("@pulumi/pulumi/automation").Stack;

/** A new throwaway stack of the drill (inline program) on a temporary backend; removed after `use`. */
async function withDrillStack<T>(o: CliRunOptions, use: (stack: DrillStack, lines: { write: (chunk: string) => void; flush: () => void }) => Promise<T>): Promise<T> {
  const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
  const scratch = mkdtempSync(join(tmpdir(), "atlas-restore-drill-"));
  const [backendDir, homeDir, workDir] = ["state", "home", "work"].map((d) => join(scratch, d));
  for (const d of [backendDir, homeDir, workDir]) mkdirSync(d);
  const envVars = {
    ...offlinePulumiEnv({ backendDir, homeDir, passphrase: randomBytes(24).toString("base64url") }),
    ...credentialsEnv(o.target, o.env),
  };
  try {
    // PulumiCommand runs <root>/bin/pulumi; a pulumi outside a bin/ folder is found on PATH.
    const root = basename(dirname(o.pulumi)) === "bin" ? dirname(dirname(o.pulumi)) : undefined;
    const pulumiCommand = await PulumiCommand.get(root ? { root } : {});
    const stack = await LocalWorkspace.createStack(
      { projectName: o.project.name, stackName: `npm-start-${Date.now().toString(36)}`, program: async () => require(o.project.programPath) },
      // main is where the engine starts the provider plugin: the serialized provider's require() resolves from there.
      { workDir, pulumiCommand, envVars, projectSettings: { name: o.project.name, runtime: "nodejs", main: o.project.root } },
    );
    const config = Object.fromEntries(Object.entries(o.config).map(([k, v]) => [`${o.project.name}:${k}`, { value: v }]));
    if (Object.keys(config).length > 0) await stack.setAllConfig(config);
    return await use(stack, lineSplitter(o.onLog));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `pulumi up` of the drill, then what each restore came to, from the stack's state (`stack
 * export`, which also holds a failed child's partial state) and, for a child that never got
 * created, the engine's error diagnostic about it.
 */
export function runWithCli(o: CliRunOptions): Promise<EngineRun> {
  return withDrillStack(o, async (stack, lines) => {
    const errors: string[] = [];
    const failures = new Map<string, string>();
    const onEvent = (e: import("@pulumi/pulumi/automation").EngineEvent) => {
      const d = e.diagnosticEvent;
      if (!d?.urn || d.severity !== "error") return;
      const name = nameOfUrn(d.urn);
      const prior = failures.get(name);
      failures.set(name, prior ? `${prior}\n${d.message.trim()}` : d.message.trim());
    };
    try {
      await stack.up({ onOutput: lines.write, onEvent, signal: o.signal, color: "never" });
    } catch (e) {
      // A failed restore fails `up` too: its entry says why. Anything else is the run's error.
      const explained = o.entryKeys.some((k) => failures.has(`${BUILTIN_PLAN_NAME}-${k}`));
      if (!explained) errors.push(`pulumi up failed (its messages are above): ${firstLine(e)}`);
    }
    lines.flush();
    const resources = ((await stack.exportStack()).deployment?.resources ?? []) as StateResource[];
    return engineRunOf(stack.name, o.entryKeys, resources, failures, errors);
  });
}

/** `pulumi preview` of the drill: the plan's step counts (e.g. `{ create: 3 }`); nothing is requested. */
export function previewWithCli(o: CliRunOptions): Promise<Record<string, number>> {
  return withDrillStack(o, async (stack, lines) => {
    const r = await stack.preview({ onOutput: lines.write, signal: o.signal, color: "never" }).finally(() => lines.flush());
    return r.changeSummary as Record<string, number>;
  });
}

/**
 * The provider's credentials as the plugin reads them from its environment (settings.ts): the
 * emulator's (credentialEnv blanks every other credential variable), or for Atlas the caller's
 * MONGODB_ATLAS_* variables as they are.
 */
function credentialsEnv(t: Target, env: NodeJS.ProcessEnv): Record<string, string> {
  if (t.kind === "emulator") return credentialEnv(t);
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith("MONGODB_ATLAS_") && typeof e[1] === "string"));
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n").find((l) => l.trim()) ?? "unknown error";
}

/** Chunks of output → whole lines. */
function lineSplitter(onLine: (line: string) => void): { write: (chunk: string) => void; flush: () => void } {
  let rest = "";
  return {
    write: (chunk) => {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? "";
      for (const p of parts) onLine(p);
    },
    flush: () => {
      if (rest) onLine(rest);
      rest = "";
    },
  };
}

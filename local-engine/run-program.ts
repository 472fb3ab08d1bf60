import * as pulumi from "@pulumi/pulumi";
import { LocalEngine, unwrapSecrets } from "./engine";

/**
 * Runs a real Pulumi program (its module is imported as the language host would) under
 * `pulumi.runtime.setMocks`, forwarding every dynamic resource (it carries `__provider`) to the
 * LocalEngine and so to the real plugin process. Other resources are echoed back unchanged.
 */
export interface ProgramRun {
  /** Stack outputs (the program module's exports), resolved; secret ones listed in `secretOutputs`. */
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  /** Errors of failed resource registrations (check failures, failed creates). */
  errors: Error[];
}

export interface RunProgramOptions {
  engine: LocalEngine;
  /** Absolute path of the program's entry module (compiled JS, or TS under ts-jest). */
  programPath: string;
  /** Stack config the program reads with `new pulumi.Config()`: full keys, e.g. `drill:showUrls`. */
  config?: Record<string, string>;
}

export async function runProgram(o: RunProgramOptions): Promise<ProgramRun> {
  // A failed resource leaves rejected promises inside the SDK that nothing awaits; Pulumi's
  // language host absorbs them (cmd/run/run.js), so this stand-in does too: each failure is
  // already reported in `errors` and in the engine's steps.
  // Reading a failed stack output later attaches a handler to such a rejection; a
  // `rejectionHandled` listener keeps Node from printing PromiseRejectionHandledWarning for it.
  const absorb = () => undefined;
  process.on("unhandledRejection", absorb);
  process.on("rejectionHandled", absorb);
  try {
    return await runProgramOnce(o);
  } finally {
    await new Promise((r) => setImmediate(r));
    process.off("unhandledRejection", absorb);
    process.off("rejectionHandled", absorb);
  }
}

async function runProgramOnce(o: RunProgramOptions): Promise<ProgramRun> {
  const errors: Error[] = [];
  const pending: Promise<unknown>[] = [];
  pulumi.runtime.setAllConfig(o.config ?? {});
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = unwrapSecrets(args.inputs ?? {});
        if (typeof inputs.__provider !== "string") return { id: `${args.name}_id`, state: args.inputs };
        const registration = o.engine.register(args.type, args.name, inputs, { id: args.id }).then(
          (r) => ({ id: r.id, state: r.outputs }),
          (e: Error) => {
            errors.push(e);
            throw e;
          },
        );
        pending.push(registration.catch(() => undefined));
        return registration;
      },
      call: (args) => args.inputs,
    },
    o.engine.project,
    o.engine.stack,
    false,
  );

  // A fresh module instance per run, as each `pulumi up` is a fresh process.
  const programDir = dirnameOf(o.programPath);
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(programDir) && !key.includes("/node_modules/")) delete require.cache[key];
  }
  const program = await import(o.programPath);
  const exported = typeof program.default === "function" ? await program.default() : program;

  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  for (const [key, value] of Object.entries(exported ?? {})) {
    if (key === "default" || key === "__esModule") continue;
    if (pulumi.Output.isInstance(value)) {
      const settled = await settle(value);
      if (settled === FAILED) continue;
      outputs[key] = settled.value;
      if (settled.secret) secretOutputs.push(key);
    } else outputs[key] = value;
  }
  await Promise.all(pending);
  return { outputs, secretOutputs, errors };
}

const FAILED = Symbol("failed");

/** Resolves an Output and whether it is secret, without the Output's own error logging. */
async function settle(o: pulumi.Output<unknown>): Promise<{ value: unknown; secret: boolean } | typeof FAILED> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const internal = o as any;
  try {
    const [value, secret] = await Promise.all([internal.promise(), internal.isSecret]);
    return { value, secret: Boolean(secret) };
  } catch {
    return FAILED;
  }
}

function dirnameOf(p: string): string {
  return p.slice(0, p.lastIndexOf("/") + 1);
}

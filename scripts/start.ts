#!/usr/bin/env node
/**
 * `npm start`: the DR drill of Pulumi.yaml (drill/index.ts), end to end, on a machine with no
 * Atlas account and no configuration. `main` is the testable part; the last lines are the bin.
 *
 *   1. Target: the embedded Atlas emulator on a free loopback port (time-scaled so restores take
 *      seconds), unless MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY are set (then that Atlas).
 *   2. Engine: a `pulumi` CLI on PATH, driven through the Automation API (inline program,
 *      throwaway local backend, no login, no prompt); without one, the same program through the
 *      Pulumi SDK's dynamic-provider plugin (local-engine/).
 *   3. Progress while jobs run, then the drill report (drill/report/collect.ts): each entry's
 *      status, ids, parts and delivery URLs (masked unless --show-secrets), failed ones first.
 *      Exit code 0 only when every restore is usable (READY / COMPLETED) and nothing failed.
 */
import { join } from "node:path";
import { parseStartArgs, USAGE, UsageError, type StartOptions } from "./start/args";
import { previewWithCli, runWithCli } from "./start/automation-path";
import { runWithPlugin } from "./start/plugin-path";
import { findDrillProject, findOnPath, type DrillProject } from "./start/project";
import { builtinPlan } from "../drill/builtin-plan";
import { collectDrillReport } from "../drill/report/collect";
import { formatReportPaths, writeReport } from "../drill/report/write";
import { describeServer, runTimes } from "../drill/report/run-clock";
import { readServerClock } from "../cli/server-clock";
import { literalSecrets, redactingStream, secretValues } from "../cli/atlas-env";
import { versionLine } from "../cli/command-line";
import { defaultRunId } from "../cli/drill/run-id";
import { formatSummary, passed, type EngineRun } from "./start/summary";
import { closeTarget, openTarget, type Target } from "./start/target";

export interface StartIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C / SIGTERM (the bin wires it): child processes are stopped, not orphaned. */
  signal?: AbortSignal;
}

export const EXIT = { passed: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export async function main(argv: readonly string[], rawIo: StartIO): Promise<number> {
  // Every line printed passes through the secrets known so far (the environment's, then the target's).
  const secrets = new Set(secretValues(rawIo.env));
  const known = () => literalSecrets(secrets);
  const io: StartIO = { ...rawIo, stdout: redactingStream(rawIo.stdout, known), stderr: redactingStream(rawIo.stderr, known) };
  let options: StartOptions;
  try {
    options = parseStartArgs(argv);
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (options.help || options.version) {
    io.stdout.write(`${options.help ? USAGE : versionLine()}\n`);
    return EXIT.passed;
  }

  const say = (line = "") => io.stdout.write(`${line}\n`);
  let target: Target | undefined;
  try {
    const project = findDrillProject();
    target = await openTarget(options, io.env);
    if (target.kind === "emulator") for (const v of [target.emulator.privateKey, target.emulator.clientSecret]) secrets.add(v);
    const pulumi = findOnPath("pulumi", io.env);
    say(`pulumi-atlas-restore DR drill (${project.name}, program ${relative(project, project.programPath)})`);
    say(`  Atlas:  ${target.describe}`);
    say(
      pulumi
        ? `  Engine: pulumi CLI at ${pulumi}, through the Automation API (inline program), with a throwaway local backend (file://, temporary folder) and stack`
        : "  Engine: no Pulumi CLI found on PATH: running the same program through the Pulumi SDK's dynamic-provider plugin path\n" +
            "          (the plugin process `pulumi up` would start, driven by this repository's local engine; state kept in memory)",
    );
    say("");
    const onLog = (line: string) => say(`  | ${line}`);
    const planArgs = builtinPlan(options.settings);
    const entryKeys = Object.keys(planArgs.entries);
    if (options.preview) {
      if (!pulumi) throw new UsageError("--preview needs a pulumi CLI on PATH (`npm run build:pulumi-cli` builds one; see the README).");
      say("Preview (the plan; no restore is requested):");
      const plan = await previewWithCli({ pulumi, project, target, config: options.config, entryKeys, env: io.env, onLog, signal: io.signal });
      const steps = Object.entries(plan).map(([step, n]) => `${n} to ${step}`).join(", ");
      const requests = target.kind === "emulator" ? `; the emulator received ${target.emulator.requestLog.filter((e) => e.path.startsWith("/api/")).length} API requests` : "";
      say(`\nPreview done: ${steps}${requests}.`);
      return EXIT.passed;
    }
    say("Restoring (progress from the provider):");
    const runStarted = new Date();
    // The run's start and end on the server's clock, the clock of every time in the report.
    const clockOf = () => readServerClock({ origin: target!.server.origin, apiBase: target!.server.apiBase, signal: io.signal });
    const startClock = await clockOf();
    const run: EngineRun = pulumi
      ? await runWithCli({ pulumi, project, target, config: options.config, entryKeys, env: io.env, onLog, signal: io.signal })
      : await runWithPlugin({ project, target, config: options.config, entryKeys, onLog, signal: io.signal });
    const server = describeServer(target.facts, startClock);
    const report = collectDrillReport({
      planArgs,
      children: run.children,
      run: {
        plan: "built-in drill plan (drill/builtin-plan.ts)",
        // A throwaway state: every run requests every restore afresh.
        runId: defaultRunId(runStarted),
        stacks: [run.stack],
        ...runTimes(startClock, await clockOf(), server),
        server,
        ranBy: target.ranBy,
        engine: pulumi ? "pulumi-cli" : "plugin",
      },
      errors: run.errors,
    });
    if (target.kind === "emulator" && target.auth === "service-account") {
      const t = target.emulator.tokens.stats();
      say(`Service account: ${t.issued} token${t.issued === 1 ? "" : "s"} minted, ${t.revoked} revoked when the provider exited, ${t.live} still live.`);
    }
    if (io.signal?.aborted) {
      io.stderr.write(
        "\nInterrupted. Restores already requested keep running in Atlas: restore jobs cannot be cancelled" +
          (target.kind === "emulator" ? " (these were in the emulator, which stops now).\n" : ".\n"),
      );
      return EXIT.interrupted;
    }
    const emulator = target.kind === "emulator" ? target.emulator : undefined;
    const emulatorLinks = emulator ? (options.keepEmulator ? "kept" : "stops") : undefined;
    // A report for every run, passed or not: the drill's evidence.
    const reportDir = options.reportDir ?? join(process.cwd(), "drill-reports", runStarted.toISOString().replace(/[:.]/g, "-"));
    const reportPaths = formatReportPaths(writeReport(report, reportDir, { secrets: known() }));
    io.stdout.write(formatSummary(report, run.urls, { showSecrets: options.showSecrets, emulatorLinks, reportPaths }));
    if (emulator && options.keepEmulator && io.signal && !io.signal.aborted) {
      say("");
      say(`The emulator keeps running at ${emulator.baseUrl} (API base ${emulator.apiBase}); press Ctrl-C to stop it.`);
      const signal = io.signal;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
    }
    return passed(report) ? EXIT.passed : EXIT.failed;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`Drill FAILED: ${(e as Error).message}\n`);
    return EXIT.failed;
  } finally {
    await closeTarget(target);
  }
}

function relative(p: DrillProject, file: string): string {
  return file.startsWith(p.root) ? file.slice(p.root.length + 1) : file;
}

if (require.main === module) {
  const interrupt = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => interrupt.abort());
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interrupt.signal }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(EXIT.failed);
    },
  );
}

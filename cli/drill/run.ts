/**
 * `atlas-restore drill <plan file>`: check the plan whole, split it per source project, run one
 * stack per project (at most --parallel at once; one failing never stops another), then write
 * the report covering every stack. `runDrill` is the testable part; cli.ts is the bin.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { formatReportPaths, writeReport } from "../../drill/report";
import type { DrillVerification } from "../../drill/report/model";
import { findOnPath } from "../find-on-path";
import { packageRoot } from "../package-root";
import { DRILL_USAGE, parseDrillArgs, UsageError, type DrillOptions } from "./args";
import { allSettledBounded } from "./bounded";
import { DrillExit, EXIT, type ExitCode } from "./exit-codes";
import { NO_PULUMI_CLI } from "./no-cli";
import { readPlanFile } from "./plan-file";
import { planStacks } from "./plan-rules";
import { planProgram } from "./program";
import { progressLine } from "./progress";
import { drillReport } from "./report";
import type { ProjectPlan } from "./split-plan";
import { runStack, type StackRunResult } from "./stack-run";
import { verifyStackDownloads } from "./verify";
import { openDrillState, type DrillState } from "./state";
import { openTarget, type DrillTarget } from "./target";

export interface DrillIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on Ctrl-C / SIGTERM: each running `pulumi` gets SIGINT (a graceful cancel). */
  readonly signal?: AbortSignal;
  /** The report's time stamp and default folder name; injectable for tests. */
  readonly now?: () => Date;
}

/** One stack of the drill and how its run ended (a stack that could not start has no `result`). */
export interface DrillStackOutcome {
  readonly stackName: string;
  readonly projectPlan: ProjectPlan;
  readonly result?: StackRunResult;
  /** The stack could not run at all (e.g. its backend refused it). */
  readonly error?: string;
  /** Restore resource name → the engine's error for it. */
  readonly failures: ReadonlyMap<string, string>;
  /** `verify: "download"` results by entry key. */
  readonly verifications: Readonly<Record<string, readonly DrillVerification[]>>;
  /** Failures of the stack that belong to no entry. */
  readonly errors: readonly string[];
}

interface ProjectStackOptions {
  readonly projectPlan: ProjectPlan;
  readonly stackName: string;
  readonly planName: string;
  readonly pulumi: string;
  readonly packageRoot: string;
  readonly env: Record<string, string>;
  readonly reportDir: string;
  readonly target: DrillTarget;
  readonly say: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** One project's stack: `up` (its whole output in `<stack>.log`), then its download verifications. */
async function runProjectStack(o: ProjectStackOptions): Promise<Omit<DrillStackOutcome, "stackName" | "projectPlan">> {
  const label = o.projectPlan.projectId;
  const log = createWriteStream(join(o.reportDir, `${o.stackName}.log`));
  const failures = new Map<string, string>();
  o.say(`[${label}] stack ${o.stackName} starting`);
  let result: StackRunResult;
  try {
    result = await runStack({
      pulumi: o.pulumi,
      stackName: o.stackName,
      packageRoot: o.packageRoot,
      env: o.env,
      program: planProgram(o.planName, o.projectPlan.args),
      onEvent: (e) => {
        const failure = resourceFailure(e);
        if (failure) failures.set(failure.name, failures.has(failure.name) ? `${failures.get(failure.name)}\n${failure.message}` : failure.message);
        const line = progressLine(e, { label, planName: o.planName });
        if (line) o.say(line);
      },
      onOutput: (chunk) => log.write(chunk),
      signal: o.signal,
    });
  } finally {
    await closeStream(log);
  }
  let verifications: Record<string, DrillVerification[]> = {};
  const errors: string[] = [];
  if (!o.signal?.aborted) {
    try {
      verifications = await verifyStackDownloads({
        planName: o.planName,
        args: o.projectPlan.args,
        resources: result.resources,
        settings: o.target.settings,
        log: (line) => o.say(`[${label}] ${line}`),
        signal: o.signal,
      });
    } catch (e) {
      errors.push(`stack ${o.stackName}: the download verification could not run: ${(e as Error).message}`);
    }
  }
  return { result, failures, verifications, errors };
}

/** A restore's error diagnostic → its resource name and message. */
function resourceFailure(e: EngineEvent): { name: string; message: string } | undefined {
  const d = e.diagnosticEvent;
  if (!d || d.severity !== "error" || !d.urn || !/dynamic\/atlas:/.test(d.urn)) return undefined;
  return { name: d.urn.slice(d.urn.lastIndexOf("::") + 2), message: d.message.trim() };
}

/** Sets `vars` in this process's environment; returns what puts the old values back. */
function overlayProcessEnv(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

export async function runDrill(argv: readonly string[], io: DrillIO): Promise<ExitCode> {
  let options: DrillOptions;
  try {
    options = parseDrillArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${e.message}\n\n${DRILL_USAGE}\n`);
    return EXIT.usage;
  }
  if (options.help) {
    io.stdout.write(`${DRILL_USAGE}\n`);
    return EXIT.passed;
  }
  const say = (line = "") => io.stdout.write(`${line}\n`);
  let state: DrillState | undefined;
  let target: DrillTarget | undefined;
  try {
    const planFile = readPlanFile(resolve(io.cwd, options.planFile!));
    const { plan, stacks } = planStacks(planFile);
    const stackName = (p: ProjectPlan) => `${options.name}-${p.projectId}`;
    const count = stacks.reduce((n, s) => n + Object.keys(s.args.entries).length, 0);
    say(`Plan ${options.name} (${options.planFile}): ${count} entr${count === 1 ? "y" : "ies"} in ${stacks.length} project${stacks.length === 1 ? "" : "s"}, one stack each:`);
    for (const s of stacks) say(`  ${stackName(s)}: ${Object.keys(s.args.entries).join(", ")}`);
    if (options.check) {
      say("The plan is valid; nothing was requested (--check).");
      return EXIT.passed;
    }
    const pulumi = findOnPath("pulumi", io.env);
    if (!pulumi) throw new DrillExit(EXIT.noPulumiCli, NO_PULUMI_CLI);
    // Credentials first: a missing one must not leave a new state folder behind.
    target = await openTarget(options, io.env);
    state = openDrillState(options, io.env, io.cwd);
    const now = io.now ?? (() => new Date());
    const reportDir = resolve(io.cwd, options.reportDir ?? join("drill-reports", `${options.name}-${stamp(now())}`));
    mkdirSync(reportDir, { recursive: true });
    if (target.warning) io.stderr.write(`${target.warning}\n`);
    say(`  Atlas:   ${target.describe}`);
    say(`  Engine:  pulumi CLI at ${pulumi}, through the Automation API (inline program); ${Math.min(options.parallel, stacks.length)} stack${Math.min(options.parallel, stacks.length) === 1 ? "" : "s"} at once`);
    say(`  State:   ${state.describe}`);
    say(`  Report:  ${reportDir}`);
    say("");
    const root = packageRoot();
    const env = { ...state.env, ...target.env };
    const startedAt = now();
    const restoreEnv = overlayProcessEnv(target.env);
    let outcomes: DrillStackOutcome[];
    try {
      const settled = await allSettledBounded(stacks, options.parallel, (projectPlan) =>
        runProjectStack({ projectPlan, stackName: stackName(projectPlan), planName: options.name, pulumi, packageRoot: root, env, reportDir, target: target!, say, signal: io.signal }),
      );
      outcomes = settled.map((s, i) => ({
        stackName: stackName(stacks[i]!),
        projectPlan: stacks[i]!,
        ...(s.status === "fulfilled" ? s.value : { error: String((s.reason as Error)?.message ?? s.reason), failures: new Map<string, string>(), verifications: {}, errors: [] }),
      }));
    } finally {
      restoreEnv();
    }
    if (io.signal?.aborted) {
      io.stderr.write("\nInterrupted. Restores already requested keep running in Atlas: restore jobs cannot be cancelled.\n");
      return EXIT.interrupted;
    }
    say("");
    for (const o of outcomes) {
      const error = o.error ?? o.result?.error;
      say(error ? `Stack ${o.stackName} FAILED: ${error.split("\n")[0]}` : `Stack ${o.stackName}: up succeeded`);
    }
    const report = drillReport({ planName: options.name, planFile: options.planFile!, plan, outcomes, server: target.server, ranBy: target.ranBy, startedAt, finishedAt: now() });
    say("");
    // Failed entries first: they are what a reader needs to see.
    const failedFirst = [...report.entries].sort((a, b) => Number(a.passed) - Number(b.passed));
    for (const e of failedFirst) say(`${e.passed ? "passed" : "FAILED"}  ${e.name}: ${e.status}${e.error ? ` (${e.error.split("\n")[0]})` : ""}`);
    for (const e of report.errors) say(`FAILED  ${e.split("\n")[0]}`);
    say("");
    say(formatReportPaths(writeReport(report, reportDir)));
    say(`\nDrill ${report.passed ? "passed" : "FAILED"}: ${report.summary.passed}/${report.summary.entries} entries passed.`);
    return report.passed ? EXIT.passed : EXIT.failed;
  } catch (e) {
    if (!(e instanceof DrillExit)) throw e;
    io.stderr.write(`${e.message}\n`);
    return e.code;
  } finally {
    await target?.close();
    state?.dispose();
  }
}

/** `2026-12-01T21-07-00Z`: sortable, and valid in a folder name everywhere. */
function stamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((r) => s.end(() => r()));
}

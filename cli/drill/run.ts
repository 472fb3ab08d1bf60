/**
 * `atlas-restore drill <plan file>`: check the plan whole, split it per source project, run one
 * stack per project (at most --parallel at once; one failing never stops another), then write
 * the report covering every stack. `runDrill` is the testable part; atlas-restore.ts is the bin.
 *
 * A run is a new drill (run-id.ts): each stack first removes the previous run's restores from its
 * state, then requests every entry afresh, so three runs of an unchanged plan each restore and
 * verify their own restores and the state keeps one restore per entry. `--run-id` of an earlier
 * run continues it instead: its restores are reused and the report marks them. The run's start
 * and end are read from the server's clock, the clock of every time in the report.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { formatReportPaths, writeReport } from "../../drill/report";
import { CHILD_TYPES, nameOfUrn } from "../../drill/report/child-outcome";
import type { DrillVerification } from "../../drill/report/model";
import { describeServer, runTimes } from "../../drill/report/run-clock";
import { runText } from "../../drill/report/view";
import { readServerClock } from "../server-clock";
import { revokeMintedTokens } from "../../provider/atlas";
import { unmeasured } from "../../provider/dr-plan/measure";
import { literalSecrets, redactingStream, secretValues } from "../atlas-env";
import { versionLine } from "../command-line";
import { findOnPath } from "../find-on-path";
import { packageRoot } from "../package-root";
import { readBounded } from "../read-bounded";
import { DRILL_USAGE, parseDrillArgs, UsageError, type DrillOptions } from "./args";
import { allSettledBounded } from "./bounded";
import { DrillExit, EXIT, type ExitCode } from "./exit-codes";
import { NO_PULUMI_CLI } from "./no-cli";
import { readPlanFile } from "./plan-file";
import { planStacks } from "./plan-rules";
import { planProgram } from "./program";
import { progressLine } from "./progress";
import { drillReport } from "./report";
import { defaultRunId, runIdOfTrigger, withRunTrigger } from "./run-id";
import type { ProjectPlan } from "./split-plan";
import { engineError, runStack, type StackRunResult, type StateResource } from "./stack-run";
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
  /** Entries whose restore an earlier run requested, by entry key, with that run's id. */
  readonly reused: Readonly<Record<string, { readonly runId?: string }>>;
  /** The runner's notes by entry key (downloads a verification used, or why it did not run). */
  readonly notes: Readonly<Record<string, readonly string[]>>;
  /** Failures of the stack that belong to no entry. */
  readonly errors: readonly string[];
}

interface ProjectStackOptions {
  readonly projectPlan: ProjectPlan;
  readonly stackName: string;
  readonly planName: string;
  readonly runId: string;
  readonly pulumi: string;
  readonly packageRoot: string;
  readonly env: Record<string, string>;
  readonly reportDir: string;
  readonly target: DrillTarget;
  readonly say: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Steps that request a restore; any other step of an existing restore leaves it as it was. */
const REQUESTING_STEPS = new Set(["create", "replace", "create-replacement"]);

const isRestore = (r: StateResource) => CHILD_TYPES.has(r.type);
const triggerOf = (r: StateResource) => r.inputs?.trigger ?? r.outputs?.trigger;

/**
 * One project's stack: the previous run's restores removed, `up` (its whole output in
 * `<stack>.log`), then the download verifications of what this run requested.
 */
async function runProjectStack(o: ProjectStackOptions): Promise<Omit<DrillStackOutcome, "stackName" | "projectPlan">> {
  const label = o.projectPlan.projectId;
  const log = createWriteStream(join(o.reportDir, `${o.stackName}.log`));
  const failures = new Map<string, string>();
  /** The step the engine took for each restore resource of this run's `up`, by resource name. */
  const steps = new Map<string, string>();
  let retiring = false;
  o.say(`[${label}] stack ${o.stackName} starting`);
  let result: StackRunResult;
  try {
    result = await runStack({
      pulumi: o.pulumi,
      stackName: o.stackName,
      packageRoot: o.packageRoot,
      env: o.env,
      program: planProgram(o.planName, withRunTrigger(o.projectPlan.args, o.runId)),
      retire: (resources) => resources.filter((r) => isRestore(r) && runIdOfTrigger(triggerOf(r)) !== o.runId).map((r) => r.urn),
      onRetire: (urns) => {
        retiring = true;
        o.say(`[${label}] removing the previous run's ${urns.length} restore${urns.length === 1 ? "" : "s"} from the stack first (they stay in Atlas's restore history)`);
      },
      onEvent: (e) => {
        const pre = e.resourcePreEvent?.metadata;
        if (pre && CHILD_TYPES.has(pre.type) && !retiring) steps.set(nameOfUrn(pre.urn), pre.op);
        if (e.summaryEvent) retiring = false;
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
  const reused = reusedRestores(o, result, steps);
  let verifications: Record<string, DrillVerification[]> = {};
  let notes: Record<string, string[]> = {};
  const errors: string[] = [];
  if (!o.signal?.aborted) {
    try {
      ({ results: verifications, notes } = await verifyStackDownloads({
        planName: o.planName,
        args: o.projectPlan.args,
        resources: result.resources,
        reused: new Map(Object.entries(reused).map(([k, r]) => [k, r.runId])),
        settings: o.target.settings,
        log: (line) => o.say(`[${label}] ${line}`),
        signal: o.signal,
      }));
    } catch (e) {
      errors.push(`stack ${o.stackName}: the download verification could not run: ${(e as Error).message}`);
    }
  }
  return { result, failures, verifications, reused, notes, errors };
}

/**
 * The entries whose restore was in state before this run, with this run's id, and that `up` did
 * not request again: reused (the run id says which run requested them).
 */
function reusedRestores(o: ProjectStackOptions, result: StackRunResult, steps: ReadonlyMap<string, string>): Record<string, { runId?: string }> {
  const kept = new Set(result.before.filter((r) => isRestore(r) && !result.retired.includes(r.urn)).map((r) => nameOfUrn(r.urn)));
  const out: Record<string, { runId?: string }> = {};
  for (const key of Object.keys(o.projectPlan.args.entries)) {
    const name = `${o.planName}-${key}`;
    const step = steps.get(name);
    if (!kept.has(name) || (step !== undefined && REQUESTING_STEPS.has(step))) continue;
    const now = result.resources.find((r) => isRestore(r) && nameOfUrn(r.urn) === name);
    const runId = runIdOfTrigger(now ? triggerOf(now) : undefined);
    out[key] = runId ? { runId } : {};
  }
  return out;
}

/** A restore's error diagnostic → its resource name and message. */
function resourceFailure(e: EngineEvent): { name: string; message: string } | undefined {
  const d = e.diagnosticEvent;
  if (!d || d.severity !== "error" || !d.urn || !/dynamic\/atlas:/.test(d.urn)) return undefined;
  return { name: nameOfUrn(d.urn), message: d.message.trim() };
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

export async function runDrill(argv: readonly string[], rawIo: DrillIO): Promise<ExitCode> {
  // Every line printed passes through the secrets known so far (the environment's, then the target's).
  const secrets = new Set(secretValues(rawIo.env));
  const known = () => literalSecrets(secrets);
  const io: DrillIO = { ...rawIo, stdout: redactingStream(rawIo.stdout, known), stderr: redactingStream(rawIo.stderr, known) };
  let options: DrillOptions;
  try {
    options = parseDrillArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${e.message}\n\n${DRILL_USAGE}\n`);
    return EXIT.usage;
  }
  if (options.help || options.version) {
    io.stdout.write(`${options.help ? DRILL_USAGE : versionLine()}\n`);
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
    for (const s of target.secrets) secrets.add(s);
    state = openDrillState(options, io.env, io.cwd);
    const now = io.now ?? (() => new Date());
    const runId = options.runId ?? defaultRunId(now());
    const reportDir = resolve(io.cwd, options.reportDir ?? join("drill-reports", `${options.name}-${runId}`));
    mkdirSync(reportDir, { recursive: true });
    if (target.warning) io.stderr.write(`${target.warning}\n`);
    say(`  Atlas:   ${target.describe}`);
    say(`  Engine:  pulumi CLI at ${pulumi}, through the Automation API (inline program); ${Math.min(options.parallel, stacks.length)} stack${Math.min(options.parallel, stacks.length) === 1 ? "" : "s"} at once`);
    say(`  State:   ${state.describe}`);
    say(`  Run:     ${runId}${options.runId ? " (given: restores this run id already made are reused)" : " (a new drill: every entry is requested afresh)"}`);
    say(`  Report:  ${reportDir}`);
    say("");
    const root = packageRoot();
    const env = { ...state.env, ...target.env };
    // A private CA (Ops Manager) for the clock reads too; a certificate is a few KB.
    const caCert = target.settings.caCertFile ? readBounded(resolve(io.cwd, target.settings.caCertFile), 1 << 20).toString("utf8") : undefined;
    const clockOf = () => readServerClock({ origin: target!.server.origin, apiBase: target!.server.apiBase, caCert, signal: io.signal });
    const startClock = await clockOf();
    const restoreEnv = overlayProcessEnv(target.env);
    let outcomes: DrillStackOutcome[];
    try {
      const settled = await allSettledBounded(stacks, options.parallel, (projectPlan) =>
        runProjectStack({ projectPlan, stackName: stackName(projectPlan), planName: options.name, runId, pulumi, packageRoot: root, env, reportDir, target: target!, say, signal: io.signal }),
      );
      outcomes = settled.map((s, i) => ({
        stackName: stackName(stacks[i]!),
        projectPlan: stacks[i]!,
        ...(s.status === "fulfilled" ? s.value : { error: engineError(s.reason), failures: new Map<string, string>(), verifications: {}, reused: {}, notes: {}, errors: [] }),
      }));
    } finally {
      restoreEnv();
    }
    if (io.signal?.aborted) {
      io.stderr.write("\nInterrupted. Restores already requested keep running in Atlas: restore jobs cannot be cancelled.\n");
      return EXIT.interrupted;
    }
    const endClock = await clockOf();
    const server = describeServer(target.facts, startClock);
    say("");
    for (const o of outcomes) {
      const error = o.error ?? o.result?.error;
      say(error ? `Stack ${o.stackName} FAILED: ${error.split("\n").slice(0, 3).join("\n  ")}` : `Stack ${o.stackName}: up succeeded`);
    }
    const report = drillReport({ planName: options.name, planFile: options.planFile!, plan, runId, outcomes, server, ranBy: target.ranBy, times: runTimes(startClock, endClock, server) });
    say("");
    // Failed entries first: they are what a reader needs to see.
    const failedFirst = [...report.entries].sort((a, b) => Number(a.passed) - Number(b.passed));
    for (const e of failedFirst) say(`${e.passed ? "passed" : "FAILED"}  ${e.name}: ${entryLine(e)}`);
    for (const e of report.errors) say(`FAILED  ${e.split("\n")[0]}`);
    say("");
    say(formatReportPaths(writeReport(report, reportDir, { secrets: known() })));
    say(`\nDrill ${report.summary.verdict}`);
    return report.passed ? EXIT.passed : EXIT.failed;
  } catch (e) {
    if (!(e instanceof DrillExit)) throw e;
    io.stderr.write(`${e.message}\n`);
    return e.code;
  } finally {
    // The runner's own service-account tokens (download verification, the `auto` probe): the
    // plugins revoke theirs when the engine closes them; these are this process's.
    const revoked = await revokeMintedTokens();
    if (revoked > 0) say(`Service account: revoked the ${revoked} access token${revoked === 1 ? "" : "s"} this runner minted.`);
    await target?.close();
    state?.dispose();
  }
}

/** `READY, requested in this run`, with why it failed: the status alone would say READY for an entry whose verification failed. */
function entryLine(e: import("../../drill/report/model").DrillEntry): string {
  const why: string[] = [];
  // An unknown figure fails only a usable restore; one not usable says so by its status.
  if (e.rto === "missed" || (e.rto === "unknown" && unmeasured(e))) why.push(`RTO ${e.rto}`);
  if (e.rpo === "missed" || (e.rpo === "unknown" && unmeasured(e))) why.push(`RPO ${e.rpo}`);
  const bad = (e.verification ?? []).filter((v) => !v.ok);
  if (bad.length) why.push(`download verification failed (${bad.map((v) => `${v.part}: ${v.error ?? "failed"}`).join("; ")})`);
  if (e.error) why.push(e.error.split("\n")[0]!);
  return `${e.status}, ${runText(e)}${why.length ? `: ${why.join("; ")}` : ""}`;
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((r) => s.end(() => r()));
}

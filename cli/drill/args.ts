/**
 * Pure: `atlas-restore drill <plan file> [options]` → options (node's util.parseArgs). Errors are
 * UsageError: the command prints them with the usage text and exits 2.
 */
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { MAX_REQUESTS_PER_MINUTE } from "../../provider/resource/settings";
import { joinNegativeValues, valueOptionsOf } from "../command-line";

export const DRILL_USAGE = `Usage: atlas-restore drill <plan file> [options]

Runs a disaster-recovery plan (YAML or JSON, the DisasterRecoveryPlan's arguments) through the
Pulumi Automation API: the plan is checked whole first (nothing is requested if it fails), then
one stack per source project runs, several at once, each within its project's request budget.
A failure in one stack does not stop the others. Then the drill report (JSON, Markdown, HTML)
is written and its paths printed.

Atlas: the MONGODB_ATLAS_* environment variables, as the provider reads them (an API key:
MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY; a service account: MONGODB_ATLAS_CLIENT_ID /
MONGODB_ATLAS_CLIENT_SECRET; MONGODB_ATLAS_BASE_URL for Cloud Manager / Ops Manager), or
--emulator for an offline drill against an embedded Atlas emulator.
State: a local file backend in --state-dir, or --backend-url. Stack secrets (the delivery URLs)
are encrypted with the passphrase in PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE;
with --emulator and no --state-dir, a throwaway state and passphrase are used instead.
Engine: the \`pulumi\` CLI on PATH (\`npm run build:pulumi-cli\` in the repository, or
https://www.pulumi.com/docs/iac/download-install/).

Each run is a new drill: it requests every entry afresh (its run id is each restore's trigger)
and first removes the previous run's restores from the stack (Atlas keeps them in its restore
history; their download links are cancelled), so the state stays one restore per entry and each
report says what that run restored. --run-id with an earlier run's id continues that run
instead: its restores are reused, marked as such in the report, and not downloaded again.

Options:
  --emulator                 Run against an embedded Atlas emulator on a free loopback port
  --time-scale <n>           Emulator only: emulated ms per real ms (default 5, at most 10000)
  --fixtures <file>          Emulator only: JSON fixture world (default: the built-in world)
  --state-dir <dir>          Local state folder (file:// backend; default ./.atlas-restore/state,
                             with --emulator a temporary folder removed afterwards)
  --backend-url <url>        A Pulumi backend URL instead (file://, s3://, gs://, azblob://,
                             https://api.pulumi.com with PULUMI_ACCESS_TOKEN)
  --report-dir <dir>         Where the report files go (default ./drill-reports/<name>-<time>)
  --name <name>              The plan's name: stacks are <name>-<projectId>, resources
                             <name>-<entry> (default: the plan file's name). Keep it stable:
                             a new name is a new stack, which restores every entry again
  --run-id <id>              This run's id (default: its start time, e.g. 20261201T210700Z).
                             An earlier run's id continues that run: its restores are reused
  --parallel <n>             Stacks run at once (default 4, at most 64)
  --requests-per-minute <n>  Each stack's request budget for its project (default 100, Atlas's)
  --check                    Check the plan and print its stacks; nothing is requested and no
                             Pulumi CLI is needed
  -h, --help                 Show this help
  --version                  Show the package's version

Exit codes:
  0    every entry passed
  1    the drill ran and the report is written, but an entry failed or missed an objective,
       or a stack failed
  2    bad command line
  3    the plan file cannot be read or parsed, or breaks a plan rule (nothing requested)
  4    no pulumi CLI found (nothing requested)
  5    the environment is not set up: no passphrase, no Atlas credentials (nothing requested)
  130  interrupted; restores already requested keep running in Atlas`;

export const DEFAULT_PARALLEL = 4;
export const MAX_PARALLEL = 64;
export const DEFAULT_TIME_SCALE = 5;
/** Beyond this an emulated hour is under half a real second: polls cannot keep up. */
export const MAX_TIME_SCALE = 10_000;
export const DEFAULT_STATE_DIR = ".atlas-restore/state";

export interface DrillOptions {
  readonly help: boolean;
  readonly version: boolean;
  /** Undefined with --help. */
  readonly planFile?: string;
  /** Plan name: prefix of stack and resource names. */
  readonly name: string;
  readonly emulator: boolean;
  readonly timeScale?: number;
  readonly fixtures?: string;
  readonly stateDir?: string;
  readonly backendUrl?: string;
  readonly reportDir?: string;
  readonly parallel: number;
  readonly requestsPerMinute?: number;
  /** This run's id; undefined: made from the run's start time. */
  readonly runId?: string;
  readonly check: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** Pulumi stack names allow letters, digits, `-`, `_` and `.`; resource names derive from it too. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A run id is part of every restore's trigger and of the report's file names. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  emulator: { type: "boolean" },
  "time-scale": { type: "string" },
  fixtures: { type: "string" },
  "state-dir": { type: "string" },
  "backend-url": { type: "string" },
  "report-dir": { type: "string" },
  name: { type: "string" },
  "run-id": { type: "string" },
  parallel: { type: "string" },
  "requests-per-minute": { type: "string" },
  check: { type: "boolean" },
} as const;

export function parseDrillArgs(argv: readonly string[]): DrillOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, valueOptionsOf(OPTIONS)), strict: true, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) return { help: values.help ?? false, version: !values.help && (values.version ?? false), name: "", emulator: false, parallel: DEFAULT_PARALLEL, check: false };
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "Missing the plan file: atlas-restore drill <plan file>." : `One plan file, please: got ${positionals.join(", ")}.`);
  }
  const planFile = positionals[0]!;
  const emulator = values.emulator ?? false;
  if (!emulator) {
    for (const flag of ["time-scale", "fixtures"] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to --emulator only.`);
  }
  if (values["state-dir"] !== undefined && values["backend-url"] !== undefined) throw new UsageError("Use --state-dir or --backend-url, not both.");
  const backendUrl = values["backend-url"];
  if (backendUrl !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(backendUrl)) {
    throw new UsageError(`Invalid --backend-url ${backendUrl}: use a URL such as file:///var/drills, s3://bucket/path or https://api.pulumi.com.`);
  }
  const name = values.name ?? defaultName(planFile);
  if (!NAME.test(name)) {
    throw new UsageError(`Invalid plan name "${name}"${values.name === undefined ? ` (from the file name ${basename(planFile)})` : ""}: use letters, digits, "-", "_" or "." (at most 63), e.g. --name quarterly-drill.`);
  }
  const runId = values["run-id"];
  if (runId !== undefined && !RUN_ID.test(runId)) throw new UsageError(`Invalid --run-id ${runId}: use letters, digits, "-", "_" or "." (at most 64), e.g. --run-id 2026-q4.`);
  return {
    help: false,
    version: false,
    planFile,
    name,
    emulator,
    timeScale: optionalNumber(values["time-scale"], "--time-scale", (n) => n > 0 && n <= MAX_TIME_SCALE, `a positive number up to ${MAX_TIME_SCALE}`),
    fixtures: values.fixtures,
    stateDir: values["state-dir"],
    backendUrl,
    reportDir: values["report-dir"],
    parallel: optionalNumber(values.parallel, "--parallel", (n) => isPositiveInteger(n) && n <= MAX_PARALLEL, `a whole number from 1 to ${MAX_PARALLEL}`) ?? DEFAULT_PARALLEL,
    requestsPerMinute: optionalNumber(values["requests-per-minute"], "--requests-per-minute", (n) => isPositiveInteger(n) && n <= MAX_REQUESTS_PER_MINUTE, `a whole number from 1 to ${MAX_REQUESTS_PER_MINUTE}`),
    ...(runId !== undefined ? { runId } : {}),
    check: values.check ?? false,
  };
}

/** `plans/q3-drill.yaml` → `q3-drill`. */
function defaultName(planFile: string): string {
  return basename(planFile, extname(planFile));
}

const isPositiveInteger = (n: number) => Number.isInteger(n) && n >= 1;

function optionalNumber(text: string | undefined, flag: string, ok: (n: number) => boolean, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || !ok(n)) throw new UsageError(`Invalid ${flag} ${text}: use ${what}.`);
  return n;
}

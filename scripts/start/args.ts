/**
 * Pure: `npm start -- <flags>` → options (node's util.parseArgs). Errors are UsageError, which
 * `main` prints with the usage text and exit code 2.
 */
import { parseArgs } from "node:util";
import { joinNegativeValues, valueOptionsOf } from "../../cli/command-line";
import { builtinPlan, drillSettings, type DrillSettings, DRILL_SETTING_KEYS } from "../../drill/builtin-plan";
import { checkPlan } from "../../provider/dr-plan";
import { DRILL_DEFAULTS, type DrillIdKey } from "../../drill/defaults";

export const USAGE = `Usage: npm start -- [options]

Runs the built-in DR drill plan (drill/builtin-plan.ts): four restores, each waited for until its
data is usable: legacy-download and cloud-download (a sharded cluster's .tar.gz files, legacy
backup and Cloud Backup), legacy-dr and cloud-dr (a replica set restored into a DR cluster,
WIPING that cluster first). Prints what each came to and writes the drill report.

Target: the embedded Atlas emulator on a free loopback port, unless MONGODB_ATLAS_PUBLIC_KEY
and MONGODB_ATLAS_PRIVATE_KEY (or a service account: MONGODB_ATLAS_CLIENT_ID and
MONGODB_ATLAS_CLIENT_SECRET) are set (then Atlas, or MONGODB_ATLAS_BASE_URL: Atlas for
Government, Cloud Manager, Ops Manager).
Engine: the pulumi CLI if one is on PATH (throwaway local backend, no login); otherwise the
Pulumi SDK's dynamic-provider plugin, driven directly.

Options:
  --show-secrets          Print the delivery URLs instead of masking them
  --preview               Show the plan only (pulumi preview): no restore is requested.
                          Needs a pulumi CLI on PATH
  --keep-emulator         Emulator only: keep it running after the drill (its download links
                          keep working) until Ctrl-C
  --config <key=value>    Drill setting (repeatable). Ids: projectId, shardedCluster,
                          shardedSnapshotId, replicaSet, replicaSetSnapshotId, drProjectId,
                          drCluster, cloudShardedCluster, cloudShardedSnapshotId,
                          cloudReplicaSet, cloudReplicaSetSnapshotId, drCloudCluster; the
                          defaults are the emulator's seed ids, so against a real server every
                          id of the entries run is required. entries: a comma list of
                          legacy-download, legacy-dr, cloud-download, cloud-dr, or legacy /
                          cloudBackup (Cloud and Ops Manager have no Cloud Backup; a Cloud
                          Backup-only Atlas has no legacy backup). waitTimeoutMinutes,
                          rtoTargetMinutes (default 60), rpoTargetMinutes (default none)
  --report-dir <dir>      Where the drill report (JSON, Markdown, HTML) is written
                          (default ./drill-reports/<start time>/)
  --fixtures <file>       Emulator only: JSON fixture world (e.g. one whose restores fail)
  --time-scale <n>        Emulator only: emulated ms per real ms (default 5, at most 10000)
  --auth <api-key|service-account>
                          Emulator only: authenticate with the emulator's API key (digest,
                          the default) or its service account (OAuth token, then Bearer)
  --emulator              Use the emulator even if MONGODB_ATLAS_* keys are set
  -h, --help              Show this help
  --version               Show the package's version

Exit codes: 0 every restore passed; 1 the drill ran and something failed (the report says
what); 2 bad command line or settings (nothing requested); 130 interrupted.`;

/** The drill's ids (stack config keys of drill/index.ts), each defaulting to an emulator id. */
export const DRILL_ID_KEYS = Object.keys(DRILL_DEFAULTS) as DrillIdKey[];

/** Drill settings a user may pass with --config. */
export const DRILL_KEYS: readonly string[] = [...DRILL_ID_KEYS, ...DRILL_SETTING_KEYS];

export const DEFAULT_TIME_SCALE = 5;

/** How the provider authenticates to the emulator. */
export const AUTH_MODES = ["api-key", "service-account"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface StartOptions {
  help: boolean;
  version: boolean;
  showSecrets: boolean;
  /** `pulumi preview` instead of `pulumi up`. */
  preview: boolean;
  /** Keep the embedded emulator serving after the report, until interrupted. */
  keepEmulator: boolean;
  forceEmulator: boolean;
  fixtures?: string;
  /** Folder of the report files; undefined: `drill-reports/<start time>/` under the current folder. */
  reportDir?: string;
  /** Undefined when not given, so Atlas runs can reject it. */
  timeScale?: number;
  /** Undefined when not given (the emulator then uses its API key), so Atlas runs can reject it. */
  auth?: AuthMode;
  /** Drill settings by short key (`projectId`), as given: the program reads them from stack config. */
  config: Record<string, string>;
  /** The same, parsed (checked here, so a bad value is a usage error before anything runs). */
  settings: DrillSettings;
}

export class UsageError extends Error {
  override name = "UsageError";
}

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  "show-secrets": { type: "boolean" },
  preview: { type: "boolean" },
  "keep-emulator": { type: "boolean" },
  emulator: { type: "boolean" },
  fixtures: { type: "string" },
  "report-dir": { type: "string" },
  "time-scale": { type: "string" },
  auth: { type: "string" },
  config: { type: "string", multiple: true },
} as const;

/** Beyond this an emulated hour is under half a real second: polls cannot keep up. */
export const MAX_TIME_SCALE = 10_000;

export function parseStartArgs(argv: readonly string[]): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: joinNegativeValues(argv, valueOptionsOf(OPTIONS)), strict: true, allowPositionals: false, options: OPTIONS }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const options: StartOptions = {
    help: values.help ?? false,
    version: values.version ?? false,
    showSecrets: values["show-secrets"] ?? false,
    preview: values.preview ?? false,
    keepEmulator: values["keep-emulator"] ?? false,
    forceEmulator: values.emulator ?? false,
    fixtures: values.fixtures,
    ...(values["report-dir"] !== undefined ? { reportDir: values["report-dir"] } : {}),
    config: {},
    settings: {},
  };
  const scale = values["time-scale"];
  if (scale !== undefined) {
    const n = Number(scale);
    if (scale.trim() === "" || !Number.isFinite(n) || n <= 0 || n > MAX_TIME_SCALE) throw new UsageError(`Invalid --time-scale ${scale}: use a positive number up to ${MAX_TIME_SCALE}.`);
    options.timeScale = n;
  }
  if (values.auth !== undefined) {
    if (!(AUTH_MODES as readonly string[]).includes(values.auth)) throw new UsageError(`Invalid --auth ${values.auth}: use ${AUTH_MODES.join(" or ")}.`);
    options.auth = values.auth as AuthMode;
  }
  for (const pair of values.config ?? []) {
    const eq = pair.indexOf("=");
    const key = eq > 0 ? pair.slice(0, eq) : "";
    if (!DRILL_KEYS.includes(key)) {
      throw new UsageError(`Invalid --config ${pair}: use <key>=<value> with key one of ${DRILL_KEYS.join(", ")}.`);
    }
    options.config[key] = pair.slice(eq + 1);
  }
  try {
    options.settings = drillSettings((k) => options.config[k]);
  } catch (e) {
    throw new UsageError(`Invalid --config ${(e as Error).message}`);
  }
  const invalid = invalidIds(options.config, options.settings);
  if (invalid.length > 0) throw new UsageError(invalid.join("\n"));
  return options;
}

/**
 * The plan's own rules over the plan these settings build (the same checkPlan the component runs),
 * each problem told as the --config value that caused it, so `--config projectId=xyz` is a usage
 * error naming it, not a drill whose four entries never start.
 */
function invalidIds(config: Readonly<Record<string, string>>, settings: DrillSettings): string[] {
  const plan = builtinPlan(settings);
  const problems = new Set<string>();
  for (const v of checkPlan(plan, Date.now())) {
    const [, path, text] = /^([\w.-]+): (.*)$/s.exec(v.message) ?? [];
    const value = path ? valueAt(plan, path) : undefined;
    const setting = /^defaults\.(\w+)$/.exec(path ?? "")?.[1];
    // The id whose value this is (exactly, or inside a composite such as an overwritable target), or the plan-wide setting.
    const key =
      (setting !== undefined && config[setting] !== undefined ? setting : undefined) ??
      DRILL_ID_KEYS.find((k) => config[k] !== undefined && config[k] === value) ??
      DRILL_ID_KEYS.find((k) => config[k] !== undefined && typeof value === "string" && value.split("/").includes(config[k]!));
    problems.add(key ? `Invalid --config ${key}=${config[key]}: ${text}` : `Invalid drill settings: ${v.message}`);
  }
  return [...problems];
}

/** The value at a dotted path such as `entries.legacy-dr.source.projectId` (keys may hold dashes). */
function valueAt(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split(".")) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

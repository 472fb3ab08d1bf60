/**
 * Pure: `npm start -- <flags>` → options (node's util.parseArgs). Errors are UsageError, which
 * `main` prints with the usage text and exit code 2.
 */
import { parseArgs } from "node:util";
import { DRILL_DEFAULTS } from "../../drill/defaults";

export const USAGE = `Usage: npm start -- [options]

Runs the DR drill in Pulumi.yaml (drill/index.ts): an HTTP-download restore of a sharded
cluster and an automated restore of a replica set into a DR cluster, waits until both are
usable, and prints each restore's batchId, part statuses and delivery URLs.

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
  --config <key=value>    Drill setting (repeatable): projectId, shardedCluster,
                          shardedSnapshotId, replicaSet, replicaSetSnapshotId, drProjectId,
                          drCluster, waitTimeoutMinutes. Required for Atlas; the defaults are
                          the emulator's seed ids
  --fixtures <file>       Emulator only: JSON fixture world (e.g. one whose restores fail)
  --time-scale <n>        Emulator only: emulated ms per real ms (default 5)
  --auth <api-key|service-account>
                          Emulator only: authenticate with the emulator's API key (digest,
                          the default) or its service account (OAuth token, then Bearer)
  --emulator              Use the emulator even if MONGODB_ATLAS_* keys are set
  -h, --help              Show this help`;

/** The drill's ids (stack config keys of drill/index.ts), each defaulting to an emulator id. */
export const DRILL_ID_KEYS = Object.keys(DRILL_DEFAULTS) as (keyof typeof DRILL_DEFAULTS)[];

/** Drill settings a user may pass with --config. */
export const DRILL_KEYS: readonly string[] = [...DRILL_ID_KEYS, "waitTimeoutMinutes"];

export const DEFAULT_TIME_SCALE = 5;

/** How the provider authenticates to the emulator. */
export const AUTH_MODES = ["api-key", "service-account"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface StartOptions {
  help: boolean;
  showSecrets: boolean;
  /** `pulumi preview` instead of `pulumi up`. */
  preview: boolean;
  /** Keep the embedded emulator serving after the report, until interrupted. */
  keepEmulator: boolean;
  forceEmulator: boolean;
  fixtures?: string;
  /** Undefined when not given, so Atlas runs can reject it. */
  timeScale?: number;
  /** Undefined when not given (the emulator then uses its API key), so Atlas runs can reject it. */
  auth?: AuthMode;
  /** Drill settings by short key (`projectId`), as given. */
  config: Record<string, string>;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseStartArgs(argv: readonly string[]): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        "show-secrets": { type: "boolean" },
        preview: { type: "boolean" },
        "keep-emulator": { type: "boolean" },
        emulator: { type: "boolean" },
        fixtures: { type: "string" },
        "time-scale": { type: "string" },
        auth: { type: "string" },
        config: { type: "string", multiple: true },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const options: StartOptions = {
    help: values.help ?? false,
    showSecrets: values["show-secrets"] ?? false,
    preview: values.preview ?? false,
    keepEmulator: values["keep-emulator"] ?? false,
    forceEmulator: values.emulator ?? false,
    fixtures: values.fixtures,
    config: {},
  };
  const scale = values["time-scale"];
  if (scale !== undefined) {
    const n = Number(scale);
    if (scale.trim() === "" || !Number.isFinite(n) || n <= 0) throw new UsageError(`Invalid --time-scale ${scale}: use a positive number.`);
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
  return options;
}

/**
 * Which Atlas the drill runs against, and the environment its stacks' provider processes get:
 * an embedded emulator (--emulator; its credential, every other credential variable blanked),
 * or the Atlas named by the caller's MONGODB_ATLAS_* variables, which the provider reads as is
 * (settings.ts). Credentials travel only through the environment: never a command line, the
 * stack config or the state.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { chooseCredential } from "../../provider/resource/credentials";
import { CREDENTIAL_ENV_VARS, exclusiveCredentialEnv } from "../../provider/resource/credential-env";
import { readSettings, SETTING_SOURCES, type ProviderSettings } from "../../provider/resource/settings";
import { DEFAULT_TIME_SCALE, type DrillOptions } from "./args";
import { DrillExit, EXIT } from "./exit-codes";

export const ATLAS_ORIGIN = "https://cloud.mongodb.com";

export const NO_CREDENTIALS =
  "No Atlas credentials in the environment: set MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY (an API key), or " +
  "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), and MONGODB_ATLAS_BASE_URL for Cloud Manager / " +
  "Ops Manager. They reach the provider through the environment only (never the stack config or the state). " +
  "Or add --emulator for an offline drill. Nothing was requested.";

export interface DrillTarget {
  /** For the drill's header line. */
  readonly describe: string;
  /** The API server's origin (the report's `servers`). */
  readonly server: string;
  /** Who runs the drill: the API key's public part or the service account's id; never a secret. */
  readonly ranBy: string;
  /** The provider settings, one credential chosen: for the runner's own reads (download verification). */
  readonly settings: ProviderSettings;
  /**
   * Added to each stack's `pulumi` environment, and to this process's while stacks run (the
   * inline program runs here, and an `api: "auto"` entry's probe reads its settings here).
   */
  readonly env: Record<string, string>;
  /** Several credentials in the environment: which one is ignored. */
  readonly warning?: string;
  /** The embedded emulator, with --emulator. */
  readonly emulator?: Emulator;
  close(): Promise<void>;
}

export async function openTarget(o: Pick<DrillOptions, "emulator" | "timeScale" | "fixtures" | "requestsPerMinute">, env: NodeJS.ProcessEnv): Promise<DrillTarget> {
  const budget: Record<string, string> = o.requestsPerMinute ? { [SETTING_SOURCES.requestsPerMinute[1]]: String(o.requestsPerMinute) } : {};
  if (!o.emulator) {
    const settings = readSettings(() => undefined, env);
    let chosen;
    const given = CREDENTIAL_ENV_VARS.filter((name) => env[name]);
    if (given.length === 0) throw new DrillExit(EXIT.environment, NO_CREDENTIALS);
    try {
      chosen = chooseCredential(settings);
    } catch (e) {
      throw new DrillExit(EXIT.environment, `${(e as Error).message} (The drill runner reads credentials from the environment only.)`);
    }
    const s = chosen.settings;
    const ranBy = s.accessToken ? "a service-account access token" : s.clientId ? `service account ${s.clientId}` : `API key ${s.publicKey}`;
    const server = origin(settings.baseUrl ?? ATLAS_ORIGIN);
    return { describe: `${server}, ${ranBy} (from the environment)`, server, ranBy, settings: { ...settings, ...s }, env: budget, warning: chosen.warning, close: async () => {} };
  }
  const timeScale = o.timeScale ?? DEFAULT_TIME_SCALE;
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale, fixtures: o.fixtures });
  return {
    describe: `local Atlas emulator at ${emulator.baseUrl} (${o.fixtures ? `fixtures from ${o.fixtures}` : "built-in fixtures"}; emulated time runs ${timeScale}x real time)`,
    server: emulator.baseUrl,
    ranBy: `API key ${emulator.publicKey}`,
    settings: { publicKey: emulator.publicKey, privateKey: emulator.privateKey, baseUrl: emulator.baseUrl },
    env: { ...exclusiveCredentialEnv({ publicKey: emulator.publicKey, privateKey: emulator.privateKey }, emulator.baseUrl), ...budget },
    emulator,
    close: () => emulator.close(),
  };
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

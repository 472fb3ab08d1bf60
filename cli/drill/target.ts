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
import type { ServerFacts } from "../../drill/report/run-clock";
import { atlasServer, secretValues, type AtlasServer } from "../atlas-env";
import { DEFAULT_TIME_SCALE, type DrillOptions } from "./args";
import { DrillExit, EXIT } from "./exit-codes";

export const NO_CREDENTIALS =
  "No Atlas credentials in the environment: set MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY (an API key), or " +
  "MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), and MONGODB_ATLAS_BASE_URL for Cloud Manager / " +
  "Ops Manager. They reach the provider through the environment only (never the stack config or the state). " +
  "Or add --emulator for an offline drill. Nothing was requested.";

export interface DrillTarget {
  /** For the drill's header line. */
  readonly describe: string;
  /** The API server: its origin and API base. */
  readonly server: AtlasServer;
  /** What the report says the server is (the emulator this runner started, with its time scale). */
  readonly facts: ServerFacts;
  /** Who runs the drill: the API key's public part or the service account's id; never a secret. */
  readonly ranBy: string;
  /** The provider settings, one credential chosen: for the runner's own reads (download verification). */
  readonly settings: ProviderSettings;
  /**
   * Added to each stack's `pulumi` environment, and to this process's while stacks run (the
   * inline program runs here, and an `api: "auto"` entry's probe reads its settings here).
   */
  readonly env: Record<string, string>;
  /** Values never to print (the chosen credential's secret). */
  readonly secrets: readonly string[];
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
    let server: AtlasServer;
    try {
      chosen = chooseCredential(settings);
      server = atlasServer(settings, secretValues(env));
    } catch (e) {
      throw new DrillExit(EXIT.environment, `${(e as Error).message} (The drill runner reads credentials and settings from the environment only; nothing was requested.)`);
    }
    const s = chosen.settings;
    const ranBy = s.accessToken ? "a service-account access token" : s.clientId ? `service account ${s.clientId}` : `API key ${s.publicKey}`;
    return {
      describe: `${server.origin}, ${ranBy} (from the environment)`,
      server,
      facts: { origin: server.origin },
      ranBy,
      settings: { ...settings, ...s },
      env: budget,
      secrets: [s.privateKey, s.clientSecret, s.accessToken].filter((v): v is string => !!v),
      warning: chosen.warning,
      close: async () => {},
    };
  }
  const timeScale = o.timeScale ?? DEFAULT_TIME_SCALE;
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale, fixtures: o.fixtures });
  return {
    describe: `local Atlas emulator at ${emulator.baseUrl} (${o.fixtures ? `fixtures from ${o.fixtures}` : "built-in fixtures"}; emulated time runs ${timeScale}x real time)`,
    server: { origin: emulator.baseUrl, apiBase: emulator.apiBase },
    facts: { origin: emulator.baseUrl, emulator: { timeScale } },
    ranBy: `API key ${emulator.publicKey}`,
    settings: { publicKey: emulator.publicKey, privateKey: emulator.privateKey, baseUrl: emulator.baseUrl },
    env: { ...exclusiveCredentialEnv({ publicKey: emulator.publicKey, privateKey: emulator.privateKey }, emulator.baseUrl), ...budget },
    secrets: [emulator.privateKey, emulator.clientSecret],
    emulator,
    close: () => emulator.close(),
  };
}

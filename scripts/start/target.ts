/**
 * Which Atlas the drill runs against: the embedded emulator (no configuration needed), or the
 * Atlas / Cloud Manager / Ops Manager named by the MONGODB_ATLAS_* environment variables.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { exclusiveCredentialEnv } from "../../provider/resource/credential-env";
import { readSettings } from "../../provider/resource/settings";
import type { ServerFacts } from "../../drill/report/run-clock";
import { atlasServer, secretValues, type AtlasServer } from "../../cli/atlas-env";
import { BUILTIN_ENTRY_KEYS, idsOfEntries, targetIdsOfEntries } from "../../drill/builtin-plan";
import { DEFAULT_TIME_SCALE, UsageError, type AuthMode, type StartOptions } from "./args";

/** Where the drill runs, and what its report says about it. */
interface TargetIdentity {
  describe: string;
  /** The API server's origin and API base, e.g. `https://cloud.mongodb.com`. */
  server: AtlasServer;
  /** What the report says the server is (the emulator started here, with its time scale). */
  facts: ServerFacts;
  /** The API key's public part or the service account's client id: never a secret. */
  ranBy: string;
}

export type Target =
  | ({ kind: "emulator"; emulator: Emulator; timeScale: number; auth: AuthMode } & TargetIdentity)
  | ({ kind: "atlas" } & TargetIdentity);

/** The stack config the provider needs for this target (credentials/baseUrl of the emulator; none for Atlas: the plugin inherits the env). */
export function providerConfig(t: Target): Record<string, string | { secret: string }> {
  if (t.kind === "atlas") return {};
  const credential: Record<string, string | { secret: string }> = t.auth === "service-account"
    ? { "mongodbatlas:clientId": t.emulator.clientId, "mongodbatlas:clientSecret": { secret: t.emulator.clientSecret } }
    : { "mongodbatlas:publicKey": t.emulator.publicKey, "mongodbatlas:privateKey": { secret: t.emulator.privateKey } };
  return { ...credential, "mongodbatlas:baseUrl": t.emulator.baseUrl };
}

/**
 * The emulator's credential as environment variables for a plugin that inherits this shell's
 * environment (the Automation API path): every other credential variable is blanked. None for
 * Atlas: the plugin uses the environment as it is.
 */
export function credentialEnv(t: Target): Record<string, string> {
  if (t.kind === "atlas") return {};
  const e = t.emulator;
  return exclusiveCredentialEnv(t.auth === "service-account" ? { clientId: e.clientId, clientSecret: e.clientSecret } : { publicKey: e.publicKey, privateKey: e.privateKey }, e.baseUrl);
}

/** Which Atlas credential the environment holds, if any (the API key wins only for the message). */
function envCredential(env: NodeJS.ProcessEnv): string | undefined {
  if (env.MONGODB_ATLAS_PUBLIC_KEY && env.MONGODB_ATLAS_PRIVATE_KEY) return "API key from MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY";
  if (env.MONGODB_ATLAS_CLIENT_ID && env.MONGODB_ATLAS_CLIENT_SECRET) return "service account from MONGODB_ATLAS_CLIENT_ID/CLIENT_SECRET";
  return undefined;
}

/** Who runs the drill against Atlas, as the report names them: the public part of the credential only. */
function envRanBy(env: NodeJS.ProcessEnv): string {
  if (env.MONGODB_ATLAS_PUBLIC_KEY && env.MONGODB_ATLAS_PRIVATE_KEY) return `API key ${env.MONGODB_ATLAS_PUBLIC_KEY}`;
  return `service account ${env.MONGODB_ATLAS_CLIENT_ID}`;
}

export function wantsAtlas(o: StartOptions, env: NodeJS.ProcessEnv): boolean {
  return !o.forceEmulator && envCredential(env) !== undefined;
}

export async function openTarget(o: StartOptions, env: NodeJS.ProcessEnv): Promise<Target> {
  if (wantsAtlas(o, env)) {
    if (o.fixtures !== undefined || o.timeScale !== undefined || o.auth !== undefined || o.keepEmulator) {
      throw new UsageError(`--fixtures, --time-scale, --keep-emulator and --auth apply to the emulator only; the environment holds an Atlas ${envCredential(env)}, so the drill targets Atlas (add --emulator to use the emulator).`);
    }
    let server: AtlasServer;
    try {
      server = atlasServer(readSettings(() => undefined, env), secretValues(env));
    } catch (e) {
      throw new UsageError(`${(e as Error).message} Nothing was requested.`);
    }
    // The defaults are emulator ids: against a real API they only produce 404s, and an
    // automated restore replaces its target's data, so every id an entry reads must be chosen
    // explicitly (the plan's overwritableTargets are built from exactly those).
    const entries = o.settings.entries ?? BUILTIN_ENTRY_KEYS;
    const missing = idsOfEntries(entries).filter((k) => !o.config[k]);
    if (missing.length > 0) {
      const targets = targetIdsOfEntries(entries);
      throw new UsageError(
        `The environment holds an Atlas ${envCredential(env)}, so the drill targets ${server.origin}, ` +
          `where the emulator's default ids do not exist. Pass every id of the entries run (${entries.join(", ")}) with --config: missing ${missing.join(", ")}; ` +
          "or run fewer entries, e.g. --config entries=legacy (Cloud / Ops Manager) or --config entries=cloudBackup (Atlas with Cloud Backup only). " +
          (targets.length ? `Note: an automated restore REPLACES ALL DATA of its target (${targets.join(", ")}). ` : "") +
          "(Or add --emulator to run offline.)",
      );
    }
    const base = env.MONGODB_ATLAS_BASE_URL ? server.origin : `${server.origin} (default)`;
    return { kind: "atlas", describe: `${base}, ${envCredential(env)}`, server, facts: { origin: server.origin }, ranBy: envRanBy(env) };
  }
  const timeScale = o.timeScale ?? DEFAULT_TIME_SCALE;
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale, fixtures: o.fixtures });
  const fixtures = o.fixtures ? `fixtures from ${o.fixtures}` : "built-in seed fixtures";
  const auth = o.auth ?? "api-key";
  const how = auth === "service-account" ? `service account ${emulator.clientId} (OAuth token, then Bearer)` : "API key (digest)";
  return {
    kind: "emulator",
    emulator,
    timeScale,
    auth,
    describe: `local Atlas emulator at ${emulator.baseUrl} (${fixtures}; emulated time runs ${timeScale}x real time; ${how})`,
    server: { origin: emulator.baseUrl, apiBase: emulator.apiBase },
    facts: { origin: emulator.baseUrl, emulator: { timeScale } },
    ranBy: auth === "service-account" ? `service account ${emulator.clientId}` : `API key ${emulator.publicKey}`,
  };
}

export async function closeTarget(t: Target | undefined): Promise<void> {
  if (t?.kind === "emulator") await t.emulator.close();
}

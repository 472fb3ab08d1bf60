/**
 * Which Atlas the drill runs against: the embedded emulator (no configuration needed), or the
 * Atlas / Cloud Manager / Ops Manager named by the MONGODB_ATLAS_* environment variables.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { DEFAULT_TIME_SCALE, DRILL_ID_KEYS, UsageError, type StartOptions } from "./args";

export type Target =
  | { kind: "emulator"; emulator: Emulator; timeScale: number; describe: string }
  | { kind: "atlas"; describe: string };

/** The stack config the provider needs for this target (keys/baseUrl of the emulator; none for Atlas: the plugin inherits the env). */
export function providerConfig(t: Target): Record<string, string | { secret: string }> {
  if (t.kind === "atlas") return {};
  return {
    "mongodbatlas:publicKey": t.emulator.publicKey,
    "mongodbatlas:privateKey": { secret: t.emulator.privateKey },
    "mongodbatlas:baseUrl": t.emulator.baseUrl,
  };
}

export function wantsAtlas(o: StartOptions, env: NodeJS.ProcessEnv): boolean {
  return !o.forceEmulator && Boolean(env.MONGODB_ATLAS_PUBLIC_KEY && env.MONGODB_ATLAS_PRIVATE_KEY);
}

export async function openTarget(o: StartOptions, env: NodeJS.ProcessEnv): Promise<Target> {
  if (wantsAtlas(o, env)) {
    if (o.fixtures !== undefined || o.timeScale !== undefined || o.keepEmulator) {
      throw new UsageError("--fixtures, --time-scale and --keep-emulator apply to the emulator only; MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY are set, so the drill targets Atlas (add --emulator to use the emulator).");
    }
    // The defaults are emulator ids: against a real API they only produce 404s, and the
    // automated restore replaces the DR cluster's data, so every id must be chosen explicitly.
    const missing = DRILL_ID_KEYS.filter((k) => !o.config[k]);
    if (missing.length > 0) {
      throw new UsageError(
        `MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY are set, so the drill targets ${env.MONGODB_ATLAS_BASE_URL || "https://cloud.mongodb.com"}, ` +
          `where the emulator's default ids do not exist. Pass every id with --config: missing ${missing.join(", ")}. ` +
          "Note: the automated restore REPLACES ALL DATA of drProjectId/drCluster. (Or add --emulator to run offline.)",
      );
    }
    const base = env.MONGODB_ATLAS_BASE_URL || "https://cloud.mongodb.com (default)";
    return { kind: "atlas", describe: `${base}, API key from MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY` };
  }
  const timeScale = o.timeScale ?? DEFAULT_TIME_SCALE;
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale, fixtures: o.fixtures });
  const fixtures = o.fixtures ? `fixtures from ${o.fixtures}` : "built-in seed fixtures";
  return {
    kind: "emulator",
    emulator,
    timeScale,
    describe: `local Atlas emulator at ${emulator.baseUrl} (${fixtures}; emulated time runs ${timeScale}x real time)`,
  };
}

export async function closeTarget(t: Target | undefined): Promise<void> {
  if (t?.kind === "emulator") await t.emulator.close();
}

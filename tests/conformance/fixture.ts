import { startEmulator, type Emulator } from "../../emulator";
import { openPluginSession } from "../helpers/plugin-session";
import { PlanHosts, type World } from "./subjects";

/** The emulator's time scale in the conformance suite; the provider is told it (serverTimeScale). */
export const SCALE = 20;

/**
 * One file's world: an emulator ×20, one plugin told the scale, a pool of plan hosts. Rate limits
 * are not what this suite is about (tests/reliability/load.test.ts is): scenarios share two
 * projects and poll ×20, so neither the emulator's limit nor the provider's budget holds them.
 */
export async function startConformanceWorld(): Promise<{ emulator: Emulator; world: World; close: () => Promise<void> }> {
  const emulator = await startEmulator({ timeScale: SCALE, rateLimit: false });
  const session = await openPluginSession({
    apiBase: emulator.apiBase,
    publicKey: emulator.publicKey,
    privateKey: emulator.privateKey,
    extraConfig: { "atlas-restore:serverTimeScale": String(SCALE), "atlas-restore:requestsPerMinute": "100000" },
  });
  const planHosts = new PlanHosts(emulator, SCALE);
  const close = async () => {
    planHosts.close();
    await session.close();
    await emulator.close();
  };
  return { emulator, world: { session, emulator, planHosts }, close };
}

import { sleepFor, type RestoreApiAdapter, type RestoreContext } from "./adapter";
import type { RestoreJobRef } from "./resource-id";

/**
 * Refresh: the restore's current parts, or "gone" only when Atlas says twice, a moment apart,
 * that it does not exist. Anything else (5xx, a proxy's 404 page, an empty answer) is an error
 * that keeps state: a restore is never forgotten on a server's hiccup.
 */
export async function readRestore<J, A>(
  ctx: RestoreContext<A>,
  adapter: RestoreApiAdapter<never, J, unknown, A>,
  ref: RestoreJobRef,
  stored: Readonly<Record<string, unknown>>,
): Promise<J[] | "gone"> {
  for (const pause of [0, 1_000]) {
    if (pause) await sleepFor(ctx)(pause);
    try {
      return await adapter.fetch(ctx.api, ref, stored);
    } catch (e) {
      if (!adapter.isNotFound(e)) throw e;
    }
  }
  return "gone";
}

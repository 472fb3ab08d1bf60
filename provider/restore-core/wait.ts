import { isAtlasApiError, isAtlasBadResponseError, isAtlasNetworkError, isAtlasTimeoutError } from "../atlas/guards";
import { isNoSpareBudget, withRequestPriority } from "../atlas/request-priority";
import type { ClusterRef, RestoreApiAdapter, RestoreContext } from "./adapter";
import { awaitedPolls } from "./awaited";
import { RestoreError } from "./errors";
import { pollUntilSettled } from "./poll-loop";
import type { RestoreJobRef } from "./resource-id";
import type { ConcurrencyLimit } from "./slots";

/** Poll errors worth riding out until the wait deadline: the network, 5xx, 429, a proxy's page. */
export const isTransientPollError = (e: unknown) =>
  isAtlasNetworkError(e) || isAtlasTimeoutError(e) || isAtlasBadResponseError(e) || (isAtlasApiError(e) && (e.status === 429 || e.status >= 500));

/** What the wait settings default to (check applies them; old state may lack them). */
export const WAIT_DEFAULTS = {
  waitFor: "ready" as "none" | "ready",
  /**
   * Real restores of large clusters take hours (the Atlas CLI's own e2e restore took 1h16m), and
   * Pulumi's `customTimeouts` never reach a dynamic provider, so the deadline is an input.
   */
  waitTimeoutMinutes: 240,
};

/** Inputs that say how to wait and schedule: a change never starts a restore. */
export interface WaitSettings {
  waitFor?: "none" | "ready";
  waitTimeoutMinutes?: number;
  /** At most `max` restores of `group` at once in one `pulumi up` (slots.ts); restores queued for a slot make the running ones awaited. */
  concurrencyLimit?: ConcurrencyLimit;
  /** What waits for this restore to be ready (a DR plan's entries that run `after` it): its wait polls sooner (awaited.ts). */
  awaitedBy?: string[];
}

/** The wait settings' input keys: every resource's setting keys (a change is an update with no request). */
export const WAIT_SETTING_KEYS = ["waitFor", "waitTimeoutMinutes", "concurrencyLimit", "awaitedBy"] as const;

const BAD_WORDS: Record<NonNullable<ReturnType<RestoreApiAdapter["statusOf"]>["failure"]>, string> = {
  RESTORE_FAILED: "failed",
  RESTORE_EXPIRED: "expired or was used up before it was seen ready (download links live only for a while)",
  RESTORE_CANCELLED: "was cancelled",
};

/**
 * Waits per the inputs' wait settings, polling on the shared economical schedule (one request per
 * poll, whatever the part count; sooner while something waits for the restore, within the
 * project's allowance: awaited.ts) until the restore is usable; fails with a RestoreError carrying
 * the last parts on a bad end or at the deadline (after a last poll at it). Every value seen,
 * the first included, goes to `observe` (first-seen-usable times). Progress lines come only when
 * they change, the final one included.
 */
export function waitForRestore<I extends ClusterRef & WaitSettings, J, Req, A>(
  ctx: RestoreContext<A>,
  adapter: RestoreApiAdapter<I, J, Req, A>,
  inputs: Partial<I>,
  ref: RestoreJobRef,
  stored: Readonly<Record<string, unknown>>,
  parts: J[],
  observe?: (parts: J[]) => void,
): Promise<J[]> {
  if ((inputs.waitFor ?? WAIT_DEFAULTS.waitFor) === "none") {
    observe?.(parts);
    return Promise.resolve(parts);
  }
  const label = `restore ${ref.ref} of ${ref.clusterName}`;
  const awaited = awaitedPolls(`${adapter.resource}:${ref.projectId}`, inputs, ctx.now ?? Date.now);
  return pollUntilSettled({
    label,
    initial: parts,
    // A poll competes for the project's request budget by what waits for it (request-priority.ts):
    // an extra poll only with room to spare, a poll nothing waits for after requests something does.
    fetch: (kind) => withRequestPriority(kind === "extra" ? "spare" : awaited.reason() !== undefined ? "normal" : "background", () => adapter.fetch(ctx.api, ref, stored)),
    isRefused: isNoSpareBudget,
    judge: (current) => {
      const s = adapter.statusOf(current, inputs);
      const line = `${label}: ${s.detail}`;
      if (s.settled === "ok") return { done: true, line };
      if (s.settled === "bad") return { fail: new RestoreError(s.failure ?? "RESTORE_FAILED", `${label} ${BAD_WORDS[s.failure ?? "RESTORE_FAILED"]}: ${s.detail}.`, current), line };
      return { done: false, line };
    },
    timeoutMs: (inputs.waitTimeoutMinutes ?? WAIT_DEFAULTS.waitTimeoutMinutes) * 60_000,
    timedOut: (last, waitedMs, lastError) =>
      new RestoreError(
        "RESTORE_WAIT_TIMEOUT",
        `${label} was not ready after ${(waitedMs / 60_000).toFixed(1)} minutes (waitTimeoutMinutes); last seen: ${adapter.statusOf(last, inputs).detail}.` +
          `${lastError ? ` Last poll error: ${(lastError as Error).message}.` : ""} The restore keeps running in Atlas and stays in the stack's state; ` +
          "run `pulumi up` again to resume waiting, or raise waitTimeoutMinutes.",
        last,
      ),
    schedule: ctx.schedule,
    now: ctx.now,
    sleep: ctx.sleep,
    onProgress: ctx.log,
    isTransient: isTransientPollError,
    observe,
    awaited,
  });
}

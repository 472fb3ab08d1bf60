import type { RestoreApiAdapter, RestoreContext } from "./adapter";
import { adoptedInThisRun } from "./claims";
import { isAtlasApiError } from "../atlas/guards";
import type { RestoreJobRef } from "./resource-id";
import { clusterKey } from "./start";

/** What a delete did, for its log line. */
export type DeleteOutcome = "cancelled" | "no-cancel-api" | "not-cancellable" | "already-settled" | "gone" | "adopted-elsewhere";

/**
 * Delete: cancels only the restore this resource holds in state (one it started, or one the user
 * adopted explicitly; the core never records any other), only while it may still be used, and
 * never one another declaration of this run has just adopted (a resource renamed into an `adopt`
 * of its old restore). An API without a cancel, or a restore that cannot be cancelled (automated
 * restores run to completion), is removed from the stack with a log line; destroy does not fail.
 */
export async function cancelOnDelete<A>(ctx: RestoreContext<A>, adapter: RestoreApiAdapter<never, unknown, unknown, A>, ref: RestoreJobRef, stored: Readonly<Record<string, unknown>>): Promise<DeleteOutcome> {
  if (!adapter.cancel) return "no-cancel-api";
  const worth = adapter.cancelWorthy(stored);
  if (worth !== "cancel") return worth;
  if (adoptedInThisRun(clusterKey(adapter, ref), ref.ref)) return "adopted-elsewhere";
  try {
    return await adapter.cancel(ctx.api, ref);
  } catch (e) {
    if (adapter.isNotFound(e)) return "gone";
    if (isAtlasApiError(e) && (e.status === 400 || e.status === 405)) return "not-cancellable";
    throw e;
  }
}

/** The delete's log line, per outcome. */
export const DELETE_LINES: Record<DeleteOutcome, string> = {
  cancelled: "cancelled in Atlas (its download links no longer work)",
  "no-cancel-api":
    "removed from the stack. Atlas has no way to cancel or delete a restore job of this API: it stays in the project's restore history " +
    "(a running automated restore runs to completion; download links expire on their own)",
  "not-cancellable": "removed from the stack; an automated or point-in-time restore cannot be cancelled in Atlas and runs to completion",
  "already-settled": "removed from the stack; it had already ended in Atlas (finished, expired, failed or cancelled)",
  gone: "removed from the stack; Atlas no longer knows it",
  "adopted-elsewhere": "removed from the stack and left running: another declaration of this run adopted it",
};

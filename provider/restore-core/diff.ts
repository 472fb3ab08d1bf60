import { containsUnknown } from "./check-engine";
import { sameValue } from "./same-value";

export interface RestoreDiff {
  /** Whether the next `up` must touch the resource: a changed input, or an outcome still owed. */
  changes: boolean;
  /** Changed restore-defining inputs: each one means a new restore (replacement). */
  replaces: string[];
  /** Changed settings (and an `adopt` that keeps the same restore): in place, never a new restore. */
  updates: string[];
  /** Why an unchanged declaration still gets an update (see OWED_OUTCOMES), if it does. */
  owed?: OwedOutcome;
}

/**
 * What the next `up` still owes the user for a stored status, whatever the inputs say. The real
 * engine forces an update only while a resource carries init errors, and `pulumi refresh` stores
 * a dynamic resource without them (Read cannot return any), so a failed or timed-out restore
 * would become a silent "same" step after a refresh. The stored status is the truth instead: an
 * update re-reads the restore, fails again for one that ended badly before it was ever usable,
 * and resumes an unfinished wait. `waitFor: "none"` declares that nobody waits for the outcome,
 * so nothing is owed.
 */
export type OwedOutcome = "report the failure" | "resume waiting";

/** How a stored status reads: still running, usable, or ended badly. */
export type StoredOutcome = "running" | "ok" | "bad";

/** The statuses of every API, classified (a Map: a status such as "constructor" finds nothing). */
export const STATUS_OUTCOMES: ReadonlyMap<string, StoredOutcome> = new Map([
  ["IN_PROGRESS", "running"],
  ["READY", "ok"],
  ["COMPLETED", "ok"],
  ["FAILED", "bad"],
  ["EXPIRED", "bad"],
  ["CANCELLED", "bad"],
]);

/**
 * Whether the stored restore was ever seen usable. Download links expire and get used up: an
 * EXPIRED restore that was READY once is a finished restore, not a failure. An EXPIRED state
 * written before first-seen times existed (no `parts`) is taken as usable, as it was then.
 */
export const wasUsable = (stored: Readonly<Record<string, unknown>>) =>
  typeof stored.readyAt === "string" || STATUS_OUTCOMES.get(String(stored.status)) === "ok" || (stored.status === "EXPIRED" && !Array.isArray(stored.parts));

/**
 * Whether a restore that ended badly ended only the way a used restore ends: its links expired or
 * were used up after it was usable. A cancelled (or failed) restore did not, even if it was usable
 * once: its data went away before anyone said it should (e.g. a destroy that died after its cancel
 * reached Atlas), so an `up` that still declares it reports that instead of passing silently.
 */
export const endedAfterUse = (status: unknown, stored: Readonly<Record<string, unknown>>) => status === "EXPIRED" && wasUsable(stored);

/** The outcome the next `up` owes for a stored restore, if any. */
export function owedOutcome(stored: Readonly<Record<string, unknown>>, waitFor: unknown): OwedOutcome | undefined {
  if (waitFor === "none" || typeof stored.status !== "string") return undefined;
  const outcome = STATUS_OUTCOMES.get(stored.status);
  if (outcome === "running") return "resume waiting";
  if (outcome === "bad" && !endedAfterUse(stored.status, stored)) return "report the failure";
  return undefined;
}

export interface DiffKeys {
  restoreDefiningKeys: readonly string[];
  settingKeys: readonly string[];
  defaults: Readonly<Record<string, unknown>>;
}

/**
 * Compares the stored state (`olds`: previous outputs, which carry the inputs) with new inputs.
 * An unknown value (preview) counts as changed, so preview never hides a replacement.
 *
 * `adopt` names which restore the resource manages, not what is restored: removing it keeps the
 * adopted restore, and setting it to a restore the resource already holds (`storedIds`: its
 * resource id's restore, batch and job ids) changes nothing either. Only an `adopt` of another
 * restore is a replacement, and that starts nothing (adopting sends no create).
 */
export function diffRestore(keys: DiffKeys, olds: Record<string, unknown>, news: Record<string, unknown>, storedIds: readonly string[]): RestoreDiff {
  const changed = (k: string) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]);
  const replaces = keys.restoreDefiningKeys.filter(changed);
  const updates = keys.settingKeys.filter(changed);
  if (changed("adopt")) {
    const keepsRestore = news.adopt === undefined || news.adopt === null || news.adopt === "" || (typeof news.adopt === "string" && storedIds.includes(news.adopt));
    (keepsRestore ? updates : replaces).push("adopt");
  }
  const waitFor = containsUnknown(news.waitFor) ? undefined : (news.waitFor ?? keys.defaults.waitFor);
  const owed = replaces.length === 0 ? owedOutcome(olds, waitFor) : undefined;
  return { changes: replaces.length + updates.length > 0 || owed !== undefined, replaces, updates, ...(owed ? { owed } : {}) };
}

import { containsUnknown } from "./check";
import { INPUT_DEFAULTS, isSet, RESTORE_DEFINING_KEYS, WAIT_KEYS } from "./inputs";
import { sameValue } from "./same-value";

export interface InputDiff {
  /** Whether the next `up` must touch the resource: a changed input, or an outcome still owed. */
  changes: boolean;
  /** Changed restore-defining inputs: each one means a new restore job (replacement). */
  replaces: string[];
  /** Changed wait settings (and a removed `adopt`): applied in place by `update`, never a new restore. */
  updates: string[];
  /** Why an unchanged declaration still gets an update (see OWED_OUTCOMES), if it does. */
  owed?: OwedOutcome;
}

/**
 * What the next `up` still owes the user for a stored status, whatever the inputs say. The real
 * engine forces an update only while a resource carries init errors, and `pulumi refresh` stores
 * a dynamic resource without them (Read cannot return any), so a failed or timed-out restore
 * would become a silent "same" step after a refresh. The stored status is the truth instead: an
 * update re-reads the jobs, fails again for a failed restore, and resumes an unfinished wait.
 * `waitFor: "none"` declares that nobody waits for the outcome, so nothing is owed.
 */
export type OwedOutcome = "report the failure" | "resume waiting";
const OWED_OUTCOMES: Record<string, OwedOutcome> = {
  FAILED: "report the failure",
  IN_PROGRESS: "resume waiting",
};

/**
 * Compares the stored state (`olds`: previous outputs, which carry the inputs) with new inputs.
 * An unknown value (preview) counts as changed, so preview never hides a replacement.
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): InputDiff {
  const changed = (k: string) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]);
  // Removing `adopt` once the restore is adopted keeps that restore (it is the id in state); the
  // rest of the declaration still decides whether it is replaced.
  const adoptRemoved = isSet(olds.adopt) && !isSet(news.adopt);
  const replaces = RESTORE_DEFINING_KEYS.filter((k) => changed(k) && !(k === "adopt" && adoptRemoved));
  const updates = [...WAIT_KEYS.filter(changed), ...(adoptRemoved ? ["adopt"] : [])];
  const owed = replaces.length === 0 ? owedOutcome(olds, news) : undefined;
  return { changes: replaces.length + updates.length > 0 || owed !== undefined, replaces, updates, ...(owed ? { owed } : {}) };
}

function owedOutcome(olds: Record<string, unknown>, news: Record<string, unknown>): OwedOutcome | undefined {
  const waitFor = containsUnknown(news.waitFor) ? undefined : (news.waitFor ?? INPUT_DEFAULTS.waitFor);
  if (waitFor === "none" || typeof olds.status !== "string") return undefined;
  return Object.hasOwn(OWED_OUTCOMES, olds.status) ? OWED_OUTCOMES[olds.status] : undefined;
}

import { containsUnknown } from "./check";
import { isSet, RESTORE_DEFINING_KEYS, WAIT_KEYS } from "./inputs";
import { sameValue } from "./same-value";

export interface InputDiff {
  /** Whether anything the user declared changed. */
  changes: boolean;
  /** Changed restore-defining inputs: each one means a new restore job (replacement). */
  replaces: string[];
  /** Changed wait settings (and a removed `adopt`): applied in place by `update`, never a new restore. */
  updates: string[];
}

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
  return { changes: replaces.length + updates.length > 0, replaces, updates };
}

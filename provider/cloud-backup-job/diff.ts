import { containsUnknown } from "../restore-job/check-engine";
import type { InputDiff } from "../restore-job/diff";
import { sameValue } from "../restore-job/same-value";
import { CLOUD_RESTORE_DEFINING_KEYS, CLOUD_WAIT_KEYS } from "./inputs";

/**
 * Compares stored state with new inputs. The `snapshot` SELECTOR is compared, never what it
 * resolved to (`resolvedSnapshotId` is an output): a new snapshot in Atlas changes nothing here,
 * so it never replaces the resource. Only a changed selector, restore point, target or `trigger`
 * does. An unknown value (preview) counts as changed.
 */
export function diffCloudInputs(olds: Record<string, unknown>, news: Record<string, unknown>): InputDiff {
  const changed = (k: string) => containsUnknown(news[k]) || !sameValue(olds[k], news[k]);
  const replaces = CLOUD_RESTORE_DEFINING_KEYS.filter(changed);
  const updates = CLOUD_WAIT_KEYS.filter(changed);
  return { changes: replaces.length + updates.length > 0, replaces, updates };
}

import { runChecks, type CheckResult, type CheckSpec } from "../restore-core/check-engine";
import { COMBINATION_RULES } from "./check-rules";
import { fieldSchemas } from "./field-schemas";
import { INPUT_DEFAULTS, INPUT_KEYS, RESTORE_DEFINING_KEYS, type RestoreJobInputs } from "./inputs";
import { OUTPUT_KEYS } from "./outputs-keys";

export { UNKNOWN, containsUnknown } from "../restore-core/check-engine";
export type { CheckResult } from "../restore-core/check-engine";

/** The RestoreJob's check, as data for the shared engine (check-engine.ts). */
export const RESTORE_JOB_CHECK: CheckSpec<RestoreJobInputs> = {
  inputKeys: INPUT_KEYS,
  outputKeys: OUTPUT_KEYS,
  fieldSchemas,
  required: ["projectId", "clusterName", "delivery"],
  rules: COMBINATION_RULES,
  restoreDefiningKeys: RESTORE_DEFINING_KEYS,
  defaults: INPUT_DEFAULTS,
  unknownFields: (_key, fields) =>
    `Unknown field(s) ${fields.join(", ")}. delivery accepts methodName, expirationHours, maxDownloads, targetProjectId, targetClusterName, targetClusterId.`,
};

/**
 * Validates new inputs with no network call: field shapes, then the API's invalid combinations.
 * Unknown (preview) values are accepted and skipped. Returns the inputs with defaults applied.
 */
export function checkInputs(olds: Record<string, unknown>, news: Record<string, unknown>, now: number = Date.now()): CheckResult {
  return runChecks(RESTORE_JOB_CHECK, olds, news, now);
}

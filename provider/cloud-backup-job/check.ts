import { runChecks, type CheckResult, type CheckSpec } from "../restore-core/check-engine";
import { WAIT_DEFAULTS } from "../restore-core/wait";
import { CLOUD_COMBINATION_RULES } from "./check-rules";
import { cloudFieldSchemas } from "./field-schemas";
import { CLOUD_INPUT_KEYS, CLOUD_OUTPUT_KEYS, CLOUD_RESTORE_DEFINING_KEYS, type CloudBackupRestoreJobInputs } from "./inputs";

/** The CloudBackupRestoreJob's check, run by the same engine as the RestoreJob's. */
export const CLOUD_CHECK: CheckSpec<CloudBackupRestoreJobInputs> = {
  inputKeys: CLOUD_INPUT_KEYS,
  outputKeys: CLOUD_OUTPUT_KEYS,
  fieldSchemas: cloudFieldSchemas,
  required: ["projectId", "clusterName", "deliveryType"],
  rules: CLOUD_COMBINATION_RULES,
  restoreDefiningKeys: CLOUD_RESTORE_DEFINING_KEYS,
  defaults: WAIT_DEFAULTS,
};

/** Validates new inputs with no network call; returns them with defaults applied. */
export function checkCloudInputs(olds: Record<string, unknown>, news: Record<string, unknown>, now: number = Date.now()): CheckResult {
  return runChecks(CLOUD_CHECK, olds, news, now);
}

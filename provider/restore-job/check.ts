import { COMBINATION_RULES, type CheckFailure } from "./check-rules";
import { fieldSchemas } from "./field-schemas";
import { INPUT_DEFAULTS, INPUT_KEYS, RESTORE_DEFINING_KEYS, type RestoreJobInputs } from "./inputs";
import { OUTPUT_KEYS } from "./outputs-keys";
import { sameValue } from "./same-value";

/** The value Pulumi sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys the engine or the plugin manage; they pass through check untouched. */
const PASS_THROUGH = new Set(["__provider"]);
const IGNORED_WHEN_EMPTY = new Set<string>(OUTPUT_KEYS);

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/**
 * Validates new inputs with no network call: field shapes, then the API's invalid combinations.
 * Unknown (preview) values are accepted and skipped. Returns the inputs with defaults applied.
 */
export function checkInputs(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  now: number = Date.now(),
): CheckResult {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (PASS_THROUGH.has(key)) inputs[key] = value;
    else if (IGNORED_WHEN_EMPTY.has(key) && (value === undefined || value === null)) continue;
    else if (!INPUT_KEYS.includes(key)) {
      failures.push({ property: key, reason: `Unknown input "${key}". Valid inputs: ${INPUT_KEYS.join(", ")}.` });
    } else if (value !== undefined && value !== null) inputs[key] = value;
  }

  let anyUnknown = false;
  for (const [key, schema] of Object.entries(fieldSchemas)) {
    const value = inputs[key];
    if (value === undefined) continue;
    if (containsUnknown(value)) {
      anyUnknown = true;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) inputs[key] = parsed.data;
    else failures.push(...parsed.error.issues.map((i) => ({ property: issuePath(key, i.path), reason: issueReason(i) })));
  }
  for (const key of ["projectId", "clusterName", "delivery"]) {
    if (inputs[key] === undefined) failures.push({ property: key, reason: `${key} is required.` });
  }

  // Combination rules need every field known; in preview, Create re-checks with real values.
  if (!anyUnknown && failures.length === 0) {
    const ctx = {
      now,
      // `adopt` names the restore, it is not its restore point: removing it keeps the same one.
      restorePointUnchanged: RESTORE_DEFINING_KEYS.every((k) => k === "adopt" || sameValue(olds[k], inputs[k])),
    };
    for (const rule of COMBINATION_RULES) {
      const reason = rule.violated(inputs as Partial<RestoreJobInputs>, ctx);
      if (reason) failures.push({ property: rule.property, reason });
    }
  }

  if (inputs.waitFor === undefined) inputs.waitFor = INPUT_DEFAULTS.waitFor;
  if (inputs.waitTimeoutMinutes === undefined) inputs.waitTimeoutMinutes = INPUT_DEFAULTS.waitTimeoutMinutes;
  return { inputs, failures: dedupe(failures) };
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function issuePath(key: string, path: readonly PropertyKey[]): string {
  return [key, ...path.map(String)].join(".");
}

function issueReason(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === "unrecognized_keys" && issue.keys) {
    return `Unknown field(s) ${issue.keys.join(", ")}. delivery accepts methodName, expirationHours, maxDownloads, targetProjectId, targetClusterName, targetClusterId.`;
  }
  return issue.message.endsWith(".") ? issue.message : `${issue.message}.`;
}

function dedupe(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const k = `${f.property}\u0000${f.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

import type { z } from "zod";
import { sameValue } from "./same-value";

/** The value Pulumi sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Keys the engine or the plugin manage; they pass through check untouched. */
const PASS_THROUGH = new Set(["__provider"]);

/** A check failure on one property, as Pulumi shows it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** Facts a rule may need beyond the inputs. */
export interface RuleContext {
  now: number;
  /** The restore point is unchanged from the previous inputs (an existing job): skip age limits. */
  restorePointUnchanged: boolean;
}

/** One invalid combination of inputs, naming the property the user has to change. */
export interface CombinationRule<I> {
  property: string;
  /** Returns the reason when the rule is violated. */
  violated(i: Partial<I>, ctx: RuleContext): string | undefined;
}

/** What one resource's check is made of: data, run by `runChecks`. */
export interface CheckSpec<I> {
  inputKeys: readonly string[];
  /** Output keys a program passes as undefined (the resource declares them): skipped when empty. */
  outputKeys: readonly string[];
  fieldSchemas: Readonly<Record<string, z.ZodType>>;
  required: readonly string[];
  rules: readonly CombinationRule<I>[];
  restoreDefiningKeys: readonly string[];
  defaults: Readonly<Record<string, unknown>>;
  /** The reason shown for unknown fields inside an object input (e.g. `delivery`). */
  unknownFields?: (key: string, fields: string[]) => string;
}

/**
 * Validates new inputs with no network call: field shapes, then the API's invalid combinations.
 * Unknown (preview) values are accepted and skipped. Returns the inputs with defaults applied.
 */
export function runChecks<I>(
  spec: CheckSpec<I>,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  now: number,
): CheckResult {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  const outputs = new Set(spec.outputKeys);
  for (const [key, value] of Object.entries(news)) {
    if (PASS_THROUGH.has(key)) inputs[key] = value;
    else if (outputs.has(key) && (value === undefined || value === null)) continue;
    else if (!spec.inputKeys.includes(key)) {
      const shown = showableName(key);
      failures.push({ property: shown ? key : "(an input)", reason: `Unknown input ${shown ? `"${key}"` : HIDDEN_NAME}. Valid inputs: ${spec.inputKeys.join(", ")}.` });
    } else if (value !== undefined && value !== null) inputs[key] = value;
  }

  let anyUnknown = false;
  for (const [key, schema] of Object.entries(spec.fieldSchemas)) {
    const value = inputs[key];
    if (value === undefined) continue;
    if (containsUnknown(value)) {
      anyUnknown = true;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) inputs[key] = parsed.data;
    else failures.push(...parsed.error.issues.map((i) => ({ property: issuePath(key, i.path), reason: issueReason(spec, key, i) })));
  }
  for (const key of spec.required) {
    if (inputs[key] === undefined) failures.push({ property: key, reason: `${key} is required.` });
  }

  // Combination rules need every field known; in preview, Create re-checks with real values.
  if (!anyUnknown && failures.length === 0) {
    const ctx = { now, restorePointUnchanged: spec.restoreDefiningKeys.every((k) => sameValue(olds[k], inputs[k])) };
    for (const rule of spec.rules) {
      const reason = rule.violated(inputs as Partial<I>, ctx);
      if (reason) failures.push({ property: rule.property, reason });
    }
  }

  for (const [key, value] of Object.entries(spec.defaults)) if (inputs[key] === undefined) inputs[key] = value;
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

function issueReason<I>(spec: CheckSpec<I>, key: string, issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === "unrecognized_keys" && issue.keys && spec.unknownFields) return spec.unknownFields(key, describeNames(issue.keys));
  return issue.message.endsWith(".") ? issue.message : `${issue.message}.`;
}

/**
 * Whether an unknown key may be quoted back: it looks like a field name someone mistyped (letters
 * and digits, camelCase, at most 40). Anything else (a UUID-shaped private key, a
 * `mdb_sa_sk_…` client secret, a token pasted where a name goes) is not echoed into the CLI's
 * output or CI logs.
 */
export function showableName(key: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]{0,39}$/.test(key) && !/[0-9a-f]{16}/i.test(key);
}

const HIDDEN_NAME = "(its name is not shown: it does not look like a field name, and may be a pasted secret)";

/** Unknown names for a message: the showable ones quoted, the others only counted. */
export function describeNames(keys: readonly string[]): string[] {
  const shown = keys.filter(showableName);
  const hidden = keys.length - shown.length;
  return [...shown, ...(hidden > 0 ? [`${hidden} more ${HIDDEN_NAME}`] : [])];
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

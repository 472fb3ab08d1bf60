/**
 * What one plan entry's child resource came to, whichever engine ran it: read from the stack's
 * state (`pulumi stack export` for the Pulumi CLI, the local engine's state for the plugin path),
 * plus the error the engine reported for it. Secret values are already replaced by
 * `REDACTED`, so nothing built from an outcome can leak a delivery URL.
 */
import { isWrappedSecret } from "../../provider/resource/secret-outputs";

/** The child resource's kind: the legacy `RestoreJob` or the `CloudBackupRestoreJob`. */
export type ChildKind = "RestoreJob" | "CloudBackupRestoreJob";

export interface ChildOutcome {
  /** Absent when the child never got created (only its failure is known). */
  readonly kind?: ChildKind;
  /** Pulumi resource id, once the restore exists. */
  readonly id?: string;
  /** The resource's outputs, secrets replaced by REDACTED. Empty when it never got created. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Why it failed (init errors, or the engine's message for a step that failed). */
  readonly error?: string;
}

/** What a secret reads as in an outcome. */
export const REDACTED = "[secret]";

/** Pulumi type token of each child kind (dynamic resources of module `atlas`). */
export const CHILD_TYPES: ReadonlyMap<string, ChildKind> = new Map([
  ["pulumi-nodejs:dynamic/atlas:RestoreJob", "RestoreJob"],
  ["pulumi-nodejs:dynamic/atlas:CloudBackupRestoreJob", "CloudBackupRestoreJob"],
]);

/** A resource as both engines keep it in state (the export's `resources[]` and the local engine's). */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly initErrors?: readonly string[];
}

/** A resource's name: the last URN segment. */
export const nameOfUrn = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/** Secrets (wrapped for the engine, or encrypted in an export) → REDACTED, everywhere in a value. */
export function redactSecrets(value: unknown): unknown {
  if (isWrappedSecret(value)) return REDACTED;
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecrets(v)]));
  return value;
}

/**
 * The plan's children by entry key: child `${planName}-${key}` of a restore type in state, else
 * (never created) only its failure, from `failures` (resource name → the engine's message). A
 * key with neither is absent: the entry never started.
 */
export function childOutcomes(
  planName: string,
  entryKeys: readonly string[],
  resources: readonly StateResource[],
  failures: ReadonlyMap<string, string> = new Map(),
): Record<string, ChildOutcome> {
  const byName = new Map(resources.filter((r) => CHILD_TYPES.has(r.type)).map((r) => [nameOfUrn(r.urn), r]));
  const outcomes: Record<string, ChildOutcome> = {};
  for (const key of entryKeys) {
    const name = `${planName}-${key}`;
    const r = byName.get(name);
    // The provider's own reasons where state keeps them; the engine's message (which wraps them) otherwise.
    const error = (r?.initErrors?.length ? r.initErrors.join("\n") : undefined) ?? failures.get(name);
    if (r) outcomes[key] = { kind: CHILD_TYPES.get(r.type), ...(r.id ? { id: r.id } : {}), outputs: redactSecrets(r.outputs ?? {}) as Record<string, unknown>, ...(error ? { error } : {}) };
    else if (error) outcomes[key] = { outputs: {}, error };
  }
  return outcomes;
}

import { runtime } from "@pulumi/pulumi";

/**
 * Secret values in what a provider returns. The dynamic-provider plugin cannot return
 * `pulumi.secret()` (pulumi/pulumi#3012), but the engine keeps a value shaped as the wire-format
 * secret (`{[specialSigKey]: specialSecretSig, value}`) secret in state (reference
 * pulumi-dynamic.md §2.5).
 */

/** A value in the engine's wire format for a secret. */
export function wrapSecret(value: unknown): Record<string, unknown> {
  return { [runtime.specialSigKey]: runtime.specialSecretSig, value };
}

export function isWrappedSecret(value: unknown): value is { value: unknown } {
  return !!value && typeof value === "object" && (value as Record<string, unknown>)[runtime.specialSigKey] === runtime.specialSecretSig;
}

/** The engine sends plaintext (acceptSecrets=false), but be tolerant of wrapped values too. */
export function unwrapSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(unwrapSecrets) as T;
  if (value && typeof value === "object") {
    if (isWrappedSecret(value)) return unwrapSecrets(value.value) as T;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)])) as T;
  }
  return value;
}

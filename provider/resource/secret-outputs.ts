import { runtime } from "@pulumi/pulumi";
import type { RestoreJobOutputs } from "../restore-job";
import { SECRET_OUTPUT_PATHS } from "../restore-job";

/**
 * Marks delivery URLs and download auth values as secrets in what the provider returns. The
 * plugin cannot return `pulumi.secret()` (pulumi/pulumi#3012), but the engine keeps a value shaped
 * as the wire-format secret (`{[specialSigKey]: specialSecretSig, value}`) secret in state
 * (reference pulumi-dynamic.md §2.5). Nested wrapping keeps statuses in `jobs` readable.
 */
export function markSecrets(outputs: RestoreJobOutputs): Record<string, unknown> {
  const result: Record<string, unknown> = { ...outputs };
  for (const key of SECRET_OUTPUT_PATHS.topLevel) result[key] = secret(result[key]);
  result.jobs = outputs.jobs.map((job) => {
    const delivery: Record<string, unknown> = { ...job.delivery };
    for (const key of SECRET_OUTPUT_PATHS.perJobDelivery) if (delivery[key] !== undefined) delivery[key] = secret(delivery[key]);
    return { ...job, delivery };
  });
  return result;
}

function secret(value: unknown) {
  return { [runtime.specialSigKey]: runtime.specialSecretSig, value };
}

/** The engine sends plaintext (acceptSecrets=false), but be tolerant of wrapped values too. */
export function unwrapSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(unwrapSecrets) as T;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[runtime.specialSigKey] === runtime.specialSecretSig) return unwrapSecrets(o.value) as T;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)])) as T;
  }
  return value;
}

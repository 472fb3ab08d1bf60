/**
 * Pure: the strict reading of request bodies that Atlas applies ("Invalid fields are rejected
 * rather than ignored", A-ref "JSON"): a JSON object whose every key is a field of the schema,
 * looked up as an own entry of a Map, so no key (`__proto__`, `constructor`, `valueOf`) can
 * reach `Object.prototype`.
 */
import type { AtlasErrorSpec } from "./errors";
import { atlasError } from "./errors";

/** Longest field name echoed back: a client may send anything as a key (even a pasted secret). */
const MAX_ECHOED_FIELD = 64;

export const shortField = (name: string): string => (name.length > MAX_ECHOED_FIELD ? `${name.slice(0, MAX_ECHOED_FIELD)}…` : name);

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AtlasErrorSpec };

/** The body as a JSON object, or INVALID_JSON. (A result, not a union with the error: a body may look like one.) */
export function parseJsonObject(text: string): Parsed<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: atlasError("INVALID_JSON") };
  }
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? { ok: true, value: body as Record<string, unknown> }
    : { ok: false, error: atlasError("INVALID_JSON") };
}

/** How each writable field of a schema is checked. */
export type FieldChecks = ReadonlyMap<string, (value: unknown) => boolean>;

/**
 * INVALID_ATTRIBUTE naming the first key that is not a writable field of `schema` (unknown and
 * readOnly fields alike), else the first field whose value fails its check, else undefined.
 */
export function invalidField(body: Record<string, unknown>, fields: FieldChecks, schema: string): AtlasErrorSpec | undefined {
  const unknown = Object.keys(body).find((k) => !fields.has(k));
  if (unknown !== undefined) return atlasError("INVALID_ATTRIBUTE", [shortField(unknown)], `It is not a writable field of ${schema}.`);
  const bad = Object.entries(body).find(([k, v]) => !fields.get(k)?.(v));
  return bad ? atlasError("INVALID_ATTRIBUTE", [bad[0]]) : undefined;
}

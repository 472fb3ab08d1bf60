/**
 * Structural equality for input values, tolerant of the representations the engine produces:
 * numbers vs numeric strings (oplogTs "1536610288" vs 1536610288), and absent vs undefined/null.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (typeof a === "object" && typeof b === "object") {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    return [...keys].every((k) => sameValue(ao[k], bo[k]));
  }
  if (typeof a === "object" || typeof b === "object") return false;
  return String(a) === String(b);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "";
}

/** Failed first, then the rest, each group in plan order: the order every page lists entries in. */
export function failedFirst<T extends { readonly passed: boolean }>(entries: readonly T[]): T[] {
  return [...entries.filter((e) => !e.passed), ...entries.filter((e) => e.passed)];
}

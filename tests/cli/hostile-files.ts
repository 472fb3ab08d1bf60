/** Plan files meant to exhaust a reader. */

/** A "billion laughs" plan: nine aliases of nine aliases, five levels deep (9^6 values if expanded). */
export const ALIAS_BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ..."bcde".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcde"[i]}`).join(", ")}]`),
  "entries: [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
  "",
].join("\n");

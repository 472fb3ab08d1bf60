/**
 * Reads a plan file (YAML or JSON: JSON is read by the same YAML 1.2 parser, so a duplicated key
 * is an error in both instead of the last one silently winning) into a plain value, and can tell
 * the line of any path in it, so a rule's message can point into the file.
 */
import { LineCounter, parseDocument } from "yaml";
import { readBounded, TooLargeError } from "../read-bounded";
import { DrillExit, EXIT } from "./exit-codes";

/** A plan is a few KB even for hundreds of entries: anything larger is not a plan. */
export const MAX_PLAN_BYTES = 1 << 20;
/**
 * Alias expansions allowed while building the plan's value: an anchor reused for a few
 * `defaults`-like blocks needs a handful; a "billion laughs" file needs millions.
 */
export const MAX_ALIAS_COUNT = 100;

export interface PlanFile {
  readonly path: string;
  /** The parsed value, not yet validated. */
  readonly value: unknown;
  /** 1-based line of the value at `path` (e.g. `["entries", "orders", "source"]`), if it is in the file. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function readPlanFile(path: string): PlanFile {
  let text: string;
  try {
    text = readBounded(path, MAX_PLAN_BYTES).toString("utf8");
  } catch (e) {
    throw new DrillExit(EXIT.invalidPlan, `Cannot read the plan file ${path}: ${reason(e)}.`);
  }
  return parsePlanText(text, path);
}

/** Parses plan text; errors name the file, line and column. */
export function parsePlanText(text: string, path: string): PlanFile {
  const lines = new LineCounter();
  // YAML 1.2 core schema: `no`/`on` stay strings, and numbers are only numbers.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, schema: "core" });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const at = first.linePos?.[0];
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more error${doc.errors.length > 2 ? "s" : ""})` : "";
    throw new DrillExit(EXIT.invalidPlan, `${path}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML/JSON: ${first.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}${more}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml library throws a ReferenceError once aliases expand past the count.
    throw new DrillExit(EXIT.invalidPlan, `${path}: not a usable plan: its YAML aliases expand past ${MAX_ALIAS_COUNT} copies (${(e as Error).message}). Write the values out, or use fewer aliases.`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new DrillExit(EXIT.invalidPlan, `${path}: a plan is a mapping with "entries" (and optionally "overwritableTargets", "maxConcurrentRestores", "defaults"); the file holds ${value === null ? "nothing" : Array.isArray(value) ? "a list" : `a ${typeof value}`}.`);
  }
  return {
    path,
    value,
    lineOf: (p) => {
      const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lines.linePos(node.range[0]).line : undefined;
    },
  };
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ENOENT") return "no such file";
  if (err.code === "EISDIR") return "it is a folder";
  if (err.code === "EACCES") return "permission denied";
  if (e instanceof TooLargeError) return `more than a plan's limit of ${e.maxBytes} bytes`;
  return err.message ?? String(e);
}

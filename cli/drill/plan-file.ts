/**
 * Reads a plan file (YAML or JSON: JSON is read by the same YAML 1.2 parser, so a duplicated key
 * is an error in both instead of the last one silently winning) into a plain value, and can tell
 * the line of any path in it, so a rule's message can point into the file.
 */
import { readFileSync, statSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { DrillExit, EXIT } from "./exit-codes";

/** A plan is a few KB even for hundreds of entries: anything larger is not a plan. */
export const MAX_PLAN_BYTES = 1 << 20;

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
    const size = statSync(path).size;
    if (size > MAX_PLAN_BYTES) throw new Error(`${size} bytes, more than a plan's limit of ${MAX_PLAN_BYTES}`);
    text = readFileSync(path, "utf8");
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
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
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
  return err.message ?? String(e);
}

/**
 * A plan file's value → a valid plan split per project, or exit 3 naming every problem with its
 * line in the file. The plan's own schema and safety rules decide (provider/dr-plan checkPlan,
 * the same the component runs); this file only words their verdict for a file, and adds the
 * runner's own rule (no `after` across projects, split-plan.ts).
 */
import { checkPlan } from "../../provider/dr-plan";
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";
import { DrillExit, EXIT } from "./exit-codes";
import type { PlanFile } from "./plan-file";
import { splitByProject, SplitError, type ProjectPlan } from "./split-plan";

interface Problem {
  readonly message: string;
  /** Where in the file, for its line. */
  readonly path?: readonly (string | number)[];
}

export function planStacks(file: PlanFile, now: number = Date.now()): { plan: DisasterRecoveryPlanArgs; stacks: ProjectPlan[] } {
  const plan = file.value as DisasterRecoveryPlanArgs;
  const violations = checkPlan(plan, now);
  if (violations.length > 0) {
    throw invalid(file, violations.map((v) => ({ message: `[${v.rule}] ${v.message}`, path: pathOf(v.message) ?? (v.entries[0] ? ["entries", v.entries[0]] : undefined) })));
  }
  try {
    return { plan, stacks: splitByProject(plan) };
  } catch (e) {
    if (e instanceof SplitError) throw invalid(file, e.problems.map((p) => ({ message: p, path: ["entries", /^Entry "([^"]+)"/.exec(p)?.[1] ?? ""] })));
    throw e;
  }
}

const PLAN_FIELDS = new Set(["entries", "overwritableTargets", "maxConcurrentRestores", "defaults"]);

/** The path a message starts with (`entries.orders.delivery.targetClusterName: …`), if any; the longest prefix found in the file wins at lineOf. */
function pathOf(message: string): (string | number)[] | undefined {
  const dotted = /^([A-Za-z][\w-]*(?:\.[\w-]+)*)/.exec(message)?.[1];
  const parts = dotted?.split(".");
  if (!parts || !PLAN_FIELDS.has(parts[0]!)) return undefined;
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function invalid(file: PlanFile, problems: readonly Problem[]): DrillExit {
  const lines = problems.map((p) => {
    const line = p.path ? lineOfLongest(file, p.path) : undefined;
    return `  - ${line ? `line ${line}: ` : ""}${p.message}`;
  });
  return new DrillExit(EXIT.invalidPlan, `The plan ${file.path} is not valid (nothing was requested):\n${lines.join("\n")}`);
}

/** A missing field has no line: its nearest present parent's. */
function lineOfLongest(file: PlanFile, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = file.lineOf(path.slice(0, n));
    if (line !== undefined) return line;
  }
  return undefined;
}

/**
 * A plan file's value → a valid plan, or exit 3 naming every problem with its line in the file.
 * The plan's own schema and safety rules (provider/dr-plan) decide; this file only words their
 * verdict for a file and adds the runner's own rule (no `after` across projects, split-plan.ts).
 *
 * INTERIM until provider/dr-plan's schema and checkPlan land on main: only the shape the split
 * reads is checked here (entries, each with source.projectId); the component checks the rest
 * before any request.
 */
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";
import { DrillExit, EXIT } from "./exit-codes";
import type { PlanFile } from "./plan-file";
import { splitByProject, SplitError, type ProjectPlan } from "./split-plan";

export function planStacks(file: PlanFile): { plan: DisasterRecoveryPlanArgs; stacks: ProjectPlan[] } {
  const plan = validPlan(file);
  try {
    return { plan, stacks: splitByProject(plan) };
  } catch (e) {
    if (e instanceof SplitError) throw invalid(file, e.problems.map((p) => ({ message: p })));
    throw e;
  }
}

interface Problem {
  readonly message: string;
  /** Where in the file, for its line. */
  readonly path?: readonly (string | number)[];
}

function validPlan(file: PlanFile): DisasterRecoveryPlanArgs {
  const value = file.value as { entries?: unknown };
  const entries = value.entries;
  if (entries === null || typeof entries !== "object" || Array.isArray(entries) || Object.keys(entries).length === 0) {
    throw invalid(file, [{ message: 'entries: a plan needs at least one entry, a mapping of entry name → restore (source, restorePoint, delivery).', path: ["entries"] }]);
  }
  const problems: Problem[] = Object.entries(entries as Record<string, { source?: { projectId?: unknown } }>)
    .filter(([, e]) => typeof e?.source?.projectId !== "string" || e.source.projectId === "")
    .map(([key]) => ({ message: `entries.${key}.source.projectId: give the project id (a string) of the cluster to restore from.`, path: ["entries", key] }));
  if (problems.length > 0) throw invalid(file, problems);
  return file.value as DisasterRecoveryPlanArgs;
}

function invalid(file: PlanFile, problems: readonly Problem[]): DrillExit {
  const lines = problems.map((p) => {
    const line = p.path ? file.lineOf(p.path) : undefined;
    return `  - ${line ? `line ${line}: ` : ""}${p.message}`;
  });
  return new DrillExit(EXIT.invalidPlan, `The plan ${file.path} is not valid (nothing was requested):\n${lines.join("\n")}`);
}

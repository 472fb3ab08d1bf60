/**
 * One plan → one plan per source project, each run as its own stack. Why per source project:
 * Atlas's request budget and restore limits are per project, and each stack's provider process
 * keeps its own budget, so two stacks never share one project's budget. A rule that spans
 * stacks cannot hold: an `after` naming an entry of another project is an error.
 */
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../../provider/dr-plan/plan-args";

/** The part of a plan one stack runs. */
export interface ProjectPlan {
  /** The source project of every entry. */
  readonly projectId: string;
  /** The sub-plan: the project's entries, the allow-list of the targets they wipe, the plan's defaults and bound. */
  readonly args: DisasterRecoveryPlanArgs;
}

/** Why a plan cannot be split; each names the entries involved. */
export class SplitError extends Error {
  override name = "SplitError";
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}

/**
 * Splits a plan that passed the plan's rules. `maxConcurrentRestores` applies per stack (per
 * project: where Atlas's limits are). Projects in the order their first entry appears.
 */
export function splitByProject(plan: DisasterRecoveryPlanArgs): ProjectPlan[] {
  const entries = Object.entries(plan.entries);
  const projectOf = new Map(entries.map(([key, e]) => [key, e.source.projectId]));
  const problems = entries.flatMap(([key, e]) =>
    (e.after ?? [])
      .filter((dep) => projectOf.has(dep) && projectOf.get(dep) !== e.source.projectId)
      .map((dep) =>
        `Entry "${key}" (project ${e.source.projectId}) is after "${dep}" (project ${projectOf.get(dep)}): ` +
          "the drill runner runs one stack per source project, so an order across projects cannot be kept. " +
          `Remove "${dep}" from ${key}.after, or run the two as separate plans in order.`,
      ),
  );
  if (problems.length > 0) throw new SplitError(problems);

  const byProject = new Map<string, [string, DrPlanEntryArgs][]>();
  for (const [key, e] of entries) byProject.set(e.source.projectId, [...(byProject.get(e.source.projectId) ?? []), [key, e]]);
  return [...byProject].map(([projectId, own]) => ({ projectId, args: subPlan(plan, own) }));
}

function subPlan(plan: DisasterRecoveryPlanArgs, own: [string, DrPlanEntryArgs][]): DisasterRecoveryPlanArgs {
  const wiped = new Set(own.flatMap(([, e]) => (e.delivery.type === "automated" ? [`${e.delivery.targetProjectId}/${e.delivery.targetClusterName}`] : [])));
  return {
    entries: Object.fromEntries(own),
    // Only the targets this stack's entries restore into: a stack can wipe nothing another stack owns.
    ...(plan.overwritableTargets ? { overwritableTargets: plan.overwritableTargets.filter((t) => wiped.has(t)) } : {}),
    ...(plan.maxConcurrentRestores !== undefined ? { maxConcurrentRestores: plan.maxConcurrentRestores } : {}),
    ...(plan.defaults ? { defaults: plan.defaults } : {}),
  };
}

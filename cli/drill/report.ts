/**
 * Every stack's outcome → ONE drill report (the plan's own collector, drill/report/collect.ts,
 * over the whole plan: entry keys are unique across stacks), written as JSON, Markdown and HTML.
 */
import { childOutcomes } from "../../drill/report/child-outcome";
import { collectDrillReport } from "../../drill/report/collect";
import type { DrillReport } from "../../drill/report/model";
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";
import type { DrillStackOutcome } from "./run";

export interface DrillReportInput {
  readonly planName: string;
  readonly planFile: string;
  readonly plan: DisasterRecoveryPlanArgs;
  readonly outcomes: readonly DrillStackOutcome[];
  readonly server: string;
  readonly ranBy: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export function drillReport(o: DrillReportInput): DrillReport {
  const children = Object.assign(
    {},
    ...o.outcomes.map((s) => childOutcomes(o.planName, Object.keys(s.projectPlan.args.entries), s.result?.resources ?? [], s.failures)),
  );
  const verifications = Object.assign({}, ...o.outcomes.map((s) => s.verifications));
  return collectDrillReport({
    planArgs: o.plan,
    children,
    verifications,
    errors: o.outcomes.flatMap((s) => [...s.errors, ...stackError(s, children)]),
    run: {
      plan: `${o.planName} (${o.planFile})`,
      stacks: o.outcomes.map((s) => s.stackName),
      startedAt: o.startedAt.toISOString(),
      finishedAt: o.finishedAt.toISOString(),
      servers: [o.server],
      ranBy: o.ranBy,
      engine: "pulumi-cli",
    },
  });
}

/** A stack's own failure, unless one of its entries already tells it (a failed restore fails the up). */
function stackError(s: DrillStackOutcome, children: Record<string, { error?: string } | undefined>): string[] {
  const error = s.error ?? s.result?.error;
  if (!error) return [];
  const told = Object.keys(s.projectPlan.args.entries).some((k) => children[k]?.error);
  return told ? [] : [`stack ${s.stackName}: ${error}`];
}

/**
 * Every stack's outcome → ONE drill report (the plan's own collector, drill/report/collect.ts,
 * over the whole plan: entry keys are unique across stacks), written as JSON, Markdown and HTML.
 */
import { childOutcomes } from "../../drill/report/child-outcome";
import { collectDrillReport } from "../../drill/report/collect";
import type { DrillReport } from "../../drill/report/model";
import type { RunTimes } from "../../drill/report/run-clock";
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";
import type { DrillServer } from "../../drill/report/model";
import type { DrillStackOutcome } from "./run";

export interface DrillReportInput {
  readonly planName: string;
  readonly planFile: string;
  readonly plan: DisasterRecoveryPlanArgs;
  readonly runId: string;
  readonly outcomes: readonly DrillStackOutcome[];
  readonly server: DrillServer;
  readonly ranBy: string;
  /** The run's start and end on its declared clock (run-clock.ts). */
  readonly times: RunTimes;
}

export function drillReport(o: DrillReportInput): DrillReport {
  const children = Object.assign(
    {},
    ...o.outcomes.map((s) => childOutcomes(o.planName, Object.keys(s.projectPlan.args.entries), s.result?.resources ?? [], s.failures)),
  );
  const merge = <T>(pick: (s: DrillStackOutcome) => Readonly<Record<string, T>>): Record<string, T> => Object.assign({}, ...o.outcomes.map(pick));
  return collectDrillReport({
    planArgs: o.plan,
    children,
    verifications: merge((s) => s.verifications),
    reused: merge((s) => s.reused),
    notes: merge((s) => s.notes),
    errors: o.outcomes.flatMap((s) => [...s.errors, ...stackError(s, children)]),
    run: {
      plan: `${o.planName} (${o.planFile})`,
      runId: o.runId,
      stacks: o.outcomes.map((s) => s.stackName),
      ...o.times,
      server: o.server,
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

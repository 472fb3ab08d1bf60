/**
 * What a run of an unchanged plan means: each run is a new drill, known by its run id, and the id
 * is part of every restore's `trigger`. So a run with a new id requests every entry afresh (after
 * the previous run's restores are removed from the stack: run.ts), and a run with the id of an
 * earlier run continues that run: what it restored is unchanged, so it is reused, and the report
 * says so. The id read back from state tells which run requested a restore.
 */
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";

const MARK = "drill run ";
const MARKED = /(?:^| · )drill run (\S+)$/;

/** `20261201T210700Z`: the run's start, sortable, valid in a trigger and a file name. */
export function defaultRunId(startedAt: Date): string {
  return startedAt.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** The entry's own trigger (or the plan's default one), followed by the run's mark. */
export function runTrigger(own: string | undefined, runId: string): string {
  return own ? `${own} · ${MARK}${runId}` : `${MARK}${runId}`;
}

/** The run id a trigger carries, if it was made by runTrigger. */
export function runIdOfTrigger(trigger: unknown): string | undefined {
  return typeof trigger === "string" ? MARKED.exec(trigger)?.[1] : undefined;
}

/** The plan with every entry's trigger marked with the run. */
export function withRunTrigger(plan: DisasterRecoveryPlanArgs, runId: string): DisasterRecoveryPlanArgs {
  const entries = Object.fromEntries(Object.entries(plan.entries).map(([key, e]) => [key, { ...e, trigger: runTrigger(e.trigger ?? plan.defaults?.trigger, runId) }]));
  return { ...plan, entries };
}

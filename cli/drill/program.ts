/**
 * The inline program of one drill stack: the sub-plan of one project as a DisasterRecoveryPlan.
 *
 * INTERIM until provider/resource/disaster-recovery-plan.ts lands on main: the component is
 * what this program declares, so until then a drill stack cannot run.
 */
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";

export function planProgram(planName: string, args: DisasterRecoveryPlanArgs): () => Promise<Record<string, unknown>> {
  return async () => {
    throw new Error(`The DisasterRecoveryPlan component is not in this build yet: cannot declare plan ${planName} (${Object.keys(args.entries).length} entries).`);
  };
}

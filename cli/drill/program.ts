/**
 * The inline program of one drill stack: the sub-plan of one project as a DisasterRecoveryPlan
 * named after the plan, so its children are `<plan name>-<entry>` in every stack. It runs in the
 * runner's process (the Automation API serves it to `pulumi up`); the component checks the
 * sub-plan again before it declares anything.
 */
import { DisasterRecoveryPlan } from "../../provider";
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";

export function planProgram(planName: string, args: DisasterRecoveryPlanArgs): () => Promise<Record<string, unknown>> {
  return async () => {
    const plan = new DisasterRecoveryPlan(planName, args);
    // deliveryUrls is secret: encrypted in state, read back decrypted in memory only.
    return { entries: plan.entries, summary: plan.summary, deliveryUrls: plan.deliveryUrls };
  };
}

// A real Pulumi program declaring one DisasterRecoveryPlan from stack config (plan:args, JSON).
import * as pulumi from "@pulumi/pulumi";
import { DisasterRecoveryPlan, type DisasterRecoveryPlanArgs } from "../../../provider";

export default async function planProgram() {
  const config = new pulumi.Config("plan");
  const plan = new DisasterRecoveryPlan(config.get("name") ?? "drill", config.requireObject<DisasterRecoveryPlanArgs>("args"));
  return { entries: plan.entries, summary: plan.summary, deliveryUrls: plan.deliveryUrls };
}

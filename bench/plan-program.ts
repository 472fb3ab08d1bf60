// The Pulumi program of group 10: one DisasterRecoveryPlan from stack config (plan:name, plan:args as JSON).
import * as pulumi from "@pulumi/pulumi";
import { DisasterRecoveryPlan, type DisasterRecoveryPlanArgs } from "../provider";

const config = new pulumi.Config("plan");
const plan = new DisasterRecoveryPlan(config.require("name"), config.requireObject<DisasterRecoveryPlanArgs>("args"));

export const summary = plan.summary;
/** Per entry: status only (the bench reads nothing else; the URLs stay in the plan's secret output). */
export const statuses = plan.entries.apply((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.status])));

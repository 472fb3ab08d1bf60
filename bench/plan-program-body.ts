/**
 * The Pulumi program of groups 10 and 11: one DisasterRecoveryPlan from stack config (plan:name,
 * plan:args as JSON), exporting its summary and each entry's status (the URLs stay in the plan's
 * secret output). `planProgram` runs it in this process (the plugin path's module, the Automation
 * API's inline program); `PLAN_PROGRAM_JS` is the same program as a user's `index.js` for a
 * Pulumi.yaml project, importing the installed package.
 */
import * as pulumi from "@pulumi/pulumi";
import { DisasterRecoveryPlan, type DisasterRecoveryPlanArgs } from "../provider";

export function planProgram(): Record<string, pulumi.Output<unknown>> {
  const config = new pulumi.Config("plan");
  const plan = new DisasterRecoveryPlan(config.require("name"), config.requireObject<DisasterRecoveryPlanArgs>("args"));
  return {
    summary: plan.summary,
    statuses: plan.entries.apply((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.status]))),
  };
}

export const PLAN_PROGRAM_JS = `const pulumi = require("@pulumi/pulumi");
const { DisasterRecoveryPlan } = require("pulumi-atlas-restore");

const config = new pulumi.Config("plan");
const plan = new DisasterRecoveryPlan(config.require("name"), config.requireObject("args"));

exports.summary = plan.summary;
exports.statuses = plan.entries.apply((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.status])));
`;

// A program that changes its plan object after declaring the plan: it reuses the object for a
// second purpose and points an automated entry at a cluster that is in no overwritableTargets
// (plan:victim). What the plan checked must be exactly what it declares.
const pulumi = require("@pulumi/pulumi");
const { DisasterRecoveryPlan } = require(`${process.env.REPO_ROOT}/dist/provider/index.js`);

module.exports = async function mutatingProgram() {
  const config = new pulumi.Config("plan");
  const args = config.requireObject("args");
  const plan = new DisasterRecoveryPlan(config.require("name"), args);
  for (const entry of Object.values(args.entries)) {
    if (entry.delivery.type === "automated") entry.delivery.targetClusterName = config.require("victim");
  }
  args.overwritableTargets = [];
  return { entries: plan.entries, summary: plan.summary };
};

// A user's program: one DisasterRecoveryPlan from stack config (plan:args, JSON; plan:name).
const pulumi = require("@pulumi/pulumi");
const { DisasterRecoveryPlan } = require(`${process.env.REPO_ROOT}/dist/provider/index.js`);

module.exports = async function planProgram() {
  const config = new pulumi.Config("plan");
  const plan = new DisasterRecoveryPlan(config.require("name"), config.requireObject("args"));
  return { entries: plan.entries, summary: plan.summary };
};

// A user's program (plain JS, run in its own process by run-in-own-process.js): two automated
// restores into one target cluster, a mistake caught before any request, and a third elsewhere.
const pulumi = require(`${process.env.REPO_ROOT}/node_modules/@pulumi/pulumi`);
const { RestoreJob } = require(`${process.env.REPO_ROOT}/dist/provider`);

module.exports = async function twoIntoOneTarget() {
  const config = new pulumi.Config("twice");
  const projectId = config.require("projectId");
  const delivery = { methodName: "AUTOMATED_RESTORE", targetProjectId: projectId, targetClusterName: config.require("target") };
  const first = new RestoreJob("restore-monday", { projectId, clusterName: config.require("sourceA"), snapshotId: config.require("snapshotA"), delivery });
  const second = new RestoreJob("restore-tuesday", { projectId, clusterName: config.require("sourceB"), snapshotId: config.require("snapshotB"), delivery });
  const other = new RestoreJob("restore-elsewhere", {
    projectId,
    clusterName: config.require("sourceA"),
    snapshotId: config.require("snapshotA"),
    delivery: { ...delivery, targetClusterName: config.require("otherTarget") },
    waitFor: "none",
  });
  return { first: first.status, second: second.status, other: other.status };
};

// The built-in plan's four children, declared one by one and named as the DisasterRecoveryPlan
// component names them (`drill-<entry>`): real restores, so the collector's tests read real
// outputs. Plain JS on the built package, run in its own process by run-children.js.
const pulumi = require("@pulumi/pulumi");
const { BUILTIN_PLAN, BUILTIN_PLAN_NAME } = require(`${process.env.REPO_ROOT}/dist/drill/builtin-plan.js`);
const { CloudBackupRestoreJob, RestoreJob } = require(`${process.env.REPO_ROOT}/dist/provider/index.js`);

module.exports = function builtinChildren() {
  const e = BUILTIN_PLAN.entries;
  const child = (key) => `${BUILTIN_PLAN_NAME}-${key}`;
  const source = (key) => ({ projectId: e[key].source.projectId, clusterName: e[key].source.clusterName });
  const snapshotId = (key) => e[key].restorePoint.snapshotId;
  const target = (key) => ({ targetProjectId: e[key].delivery.targetProjectId, targetClusterName: e[key].delivery.targetClusterName });
  const restores = [
    new RestoreJob(child("legacy-download"), { ...source("legacy-download"), snapshotId: snapshotId("legacy-download"), delivery: { methodName: "HTTP", expirationHours: 4, maxDownloads: 2 } }),
    new RestoreJob(child("legacy-dr"), { ...source("legacy-dr"), snapshotId: snapshotId("legacy-dr"), delivery: { methodName: "AUTOMATED_RESTORE", ...target("legacy-dr") } }),
    new CloudBackupRestoreJob(child("cloud-download"), { ...source("cloud-download"), deliveryType: "download", snapshotId: snapshotId("cloud-download") }),
    new CloudBackupRestoreJob(child("cloud-dr"), { ...source("cloud-dr"), deliveryType: "automated", snapshotId: snapshotId("cloud-dr"), ...target("cloud-dr") }),
  ];
  // A stack output per child, so the run waits for all four (as a stack waits for its resources).
  return { statuses: pulumi.all(restores.map((r) => r.status)) };
};

import * as pulumi from "@pulumi/pulumi";
import { DisasterRecoveryPlan, type DrPlanEntryArgs } from "pulumi-atlas-restore";

/** One line of the plan: restore `snapshotId` of production cluster `source` into DR cluster `target`. */
interface PlannedRestore {
  source: string;
  snapshotId: string;
  target: string;
  /** Entries (their `source`) restored before this one. */
  after?: string[];
}

const config = new pulumi.Config();
const projectId = config.require("projectId"); // the production project
const drProjectId = config.require("drProjectId"); // WARNING: its target clusters' data is replaced
const plan = config.requireObject<PlannedRestore[]>("plan");
// The clusters this stack may wipe, as "<projectId>/<clusterName>", listed on purpose: a typo in
// a target must not wipe production. Any target not listed fails the plan before any request.
const overwritableTargets = config.requireObject<string[]>("overwritableTargets");

// Each restore point is pinned: an explicit snapshotId, edited on purpose. The restore point is
// part of what an entry is, so a new value is a new restore of that entry (and only that one).
const entries: Record<string, DrPlanEntryArgs> = Object.fromEntries(
  plan.map((p) => [
    p.source,
    {
      source: { projectId, clusterName: p.source },
      api: "legacy",
      restorePoint: { snapshotId: p.snapshotId },
      delivery: { type: "automated", targetProjectId: drProjectId, targetClusterName: p.target },
      rtoTargetMinutes: 240,
      after: p.after,
      waitTimeoutMinutes: 360, // large clusters take hours; on timeout the next `up` resumes waiting
    },
  ]),
);

const drPlan = new DisasterRecoveryPlan("dr", {
  entries,
  overwritableTargets,
  maxConcurrentRestores: config.getNumber("maxConcurrentRestores") ?? 2,
});

export const restores = drPlan.entries.apply((e) =>
  Object.fromEntries(plan.map((p) => [p.source, { target: p.target, id: e[p.source].ids[0], status: e[p.source].status, rtoSeconds: e[p.source].rtoSeconds }])),
);
export const summary = drPlan.summary;

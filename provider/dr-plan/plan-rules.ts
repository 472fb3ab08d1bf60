import { checkCloudInputs } from "../cloud-backup-job/check";
import { checkInputs } from "../restore-job/check";
import { childInputs, declaredApi, sourceOf, targetOf } from "./child-inputs";
import type { DisasterRecoveryPlanArgs } from "./plan-args";
import { planIssues } from "./plan-schema";
import { findCycle } from "./schedule";

/** One thing wrong with a plan, found before any request. */
export interface PlanViolation {
  /** The rule's id, e.g. `unique-target` (see PLAN_RULES). */
  rule: string;
  /** Keys of the entries involved (empty for a plan-wide mistake). */
  entries: string[];
  /** What is wrong and what to do, naming the entries and the path. */
  message: string;
}

/** One safety rule of a plan: finds its violations in a well-formed plan. */
export interface PlanRule {
  id: string;
  /** What the rule protects, for the README and error text. */
  why: string;
  violations(plan: DisasterRecoveryPlanArgs, now: number): PlanViolation[];
}

/**
 * Cloud Backup download limits (atlas-v2-and-auth.md §1, restore-api §7): "each project can have
 * a maximum of 20 downloads at a time" and one active download per snapshot. The legacy API
 * documents none, so these count Cloud Backup entries (and "auto" ones, which may be).
 */
export const CLOUD_DOWNLOADS_PER_PROJECT = 20;

const keysOf = (plan: DisasterRecoveryPlanArgs) => Object.keys(plan.entries);
const quoted = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(", ");

/** Entries grouped by a key; undefined keys are left out. */
function groupBy(plan: DisasterRecoveryPlanArgs, keyOf: (key: string) => string | undefined): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const k of keysOf(plan)) {
    const g = keyOf(k);
    if (g !== undefined) groups.set(g, [...(groups.get(g) ?? []), k]);
  }
  return groups;
}

const mayBeCloudDownload = (plan: DisasterRecoveryPlanArgs, k: string) => plan.entries[k].delivery.type === "download" && declaredApi(plan, k) !== "legacy";
const pointKinds = (plan: DisasterRecoveryPlanArgs, k: string) => Object.keys(plan.entries[k].restorePoint ?? {}).filter((f) => (plan.entries[k].restorePoint as Record<string, unknown>)[f] !== undefined);

/** Child check property → the plan path it comes from (both resources' names). */
const CHILD_PATHS: Record<string, string> = {
  projectId: "source.projectId",
  clusterName: "source.clusterName",
  snapshotId: "restorePoint",
  snapshot: "restorePoint.snapshot",
  pointInTimeUTCMillis: "restorePoint.pointInTimeUTCSeconds",
  pointInTimeUTCSeconds: "restorePoint.pointInTimeUTCSeconds",
  oplogTs: "restorePoint.oplogTs",
  oplogInc: "restorePoint.oplogInc",
  targetProjectId: "delivery.targetProjectId",
  targetClusterName: "delivery.targetClusterName",
  "delivery.targetProjectId": "delivery.targetProjectId",
  "delivery.targetClusterName": "delivery.targetClusterName",
  "delivery.expirationHours": "delivery.expirationHours",
  "delivery.maxDownloads": "delivery.maxDownloads",
};

/** The safety rules, in the order their violations are listed. */
export const PLAN_RULES: readonly PlanRule[] = [
  {
    id: "one-restore-point",
    why: "a restore has exactly one restore point",
    violations: (plan) =>
      keysOf(plan).flatMap((k) => {
        const kinds = pointKinds(plan, k).map((f) => (f === "oplogInc" ? "oplogTs" : f));
        const forms = [...new Set(kinds)];
        if (forms.length === 1) return [];
        const what = forms.length === 0 ? "sets none" : `sets ${forms.join(" and ")}`;
        return [{ rule: "one-restore-point", entries: [k], message: `entries.${k}.restorePoint ${what}: set exactly one of snapshotId, snapshot, pointInTimeUTCSeconds, or oplogTs + oplogInc.` }];
      }),
  },
  {
    id: "point-in-time-automated-only",
    why: "Atlas restores a point in time (or an oplog position) only into a cluster, never as a download",
    violations: (plan) =>
      keysOf(plan)
        .filter((k) => plan.entries[k].delivery.type === "download" && pointKinds(plan, k).some((f) => f === "pointInTimeUTCSeconds" || f.startsWith("oplog")))
        .map((k) => ({
          rule: "point-in-time-automated-only",
          entries: [k],
          message: `entries.${k}.restorePoint is a point in time, which Atlas restores only into a cluster: set entries.${k}.delivery to { type: "automated", targetProjectId, targetClusterName }, or restore a snapshot (snapshotId / snapshot) as a download.`,
        })),
  },
  {
    id: "download-options-legacy-only",
    why: "Cloud Backup download links cannot be configured (they live about an hour)",
    violations: (plan) =>
      keysOf(plan)
        .filter((k) => declaredApi(plan, k) === "cloudBackup")
        .flatMap((k) => {
          const d = plan.entries[k].delivery;
          const set = d.type === "download" ? (["expirationHours", "maxDownloads"] as const).filter((f) => d[f] !== undefined) : [];
          return set.map((f) => ({ rule: "download-options-legacy-only", entries: [k], message: `entries.${k}.delivery.${f} applies to the legacy API only; a Cloud Backup download link lives about an hour and cannot be configured. Remove it.` }));
        }),
  },
  {
    id: "unique-target",
    why: "each automated restore wipes its target: two into one cluster would overwrite each other",
    violations: (plan) =>
      [...groupBy(plan, (k) => targetOf(plan.entries[k]))]
        .filter(([, ks]) => ks.length > 1)
        .map(([target, ks]) => ({ rule: "unique-target", entries: ks, message: `Entries ${quoted(ks)} all restore into ${target}: each automated restore wipes it, so they would overwrite each other. Give each entry its own target cluster.` })),
  },
  {
    id: "target-not-source",
    why: "a restore into a cluster the plan restores from would wipe a source",
    violations: (plan) => {
      const sources = groupBy(plan, (k) => sourceOf(plan.entries[k]));
      return keysOf(plan).flatMap((k) => {
        const target = targetOf(plan.entries[k]);
        const readers = target ? sources.get(target) : undefined;
        if (!readers) return [];
        return [{ rule: "target-not-source", entries: [k, ...readers.filter((r) => r !== k)], message: `entries.${k}.delivery targets ${target}, which is the source of ${quoted(readers)} in this plan: restoring into it would wipe data the plan restores from. Choose another target cluster.` }];
      });
    },
  },
  {
    id: "overwritable-target",
    why: "an automated restore wipes its target: only clusters listed on purpose may be wiped",
    violations: (plan) => {
      const allowed = new Set(plan.overwritableTargets ?? []);
      return keysOf(plan).flatMap((k) => {
        const target = targetOf(plan.entries[k]);
        if (!target || allowed.has(target)) return [];
        return [{ rule: "overwritable-target", entries: [k], message: `entries.${k}.delivery targets ${target}, which is not in overwritableTargets. An automated restore WIPES its target: if ${target} may be wiped, add "${target}" to overwritableTargets; otherwise fix the target.` }];
      });
    },
  },
  {
    id: "cloud-downloads-per-project",
    why: `Atlas allows at most ${CLOUD_DOWNLOADS_PER_PROJECT} active Cloud Backup downloads per project`,
    violations: (plan) =>
      [...groupBy(plan, (k) => (mayBeCloudDownload(plan, k) ? plan.entries[k].source.projectId : undefined))]
        .filter(([, ks]) => ks.length > CLOUD_DOWNLOADS_PER_PROJECT)
        .map(([project, ks]) => ({
          rule: "cloud-downloads-per-project",
          entries: ks,
          message: `Entries ${quoted(ks)} are ${ks.length} Cloud Backup downloads from project ${project}; Atlas allows at most ${CLOUD_DOWNLOADS_PER_PROJECT} active downloads per project (links stay active about an hour). Split them across drills, or set api: "legacy" where the clusters use legacy backup.`,
        })),
  },
  {
    id: "cloud-download-per-snapshot",
    why: "Atlas allows one active Cloud Backup download per snapshot",
    violations: (plan) =>
      [...groupBy(plan, (k) => (mayBeCloudDownload(plan, k) ? `${sourceOf(plan.entries[k])} ${JSON.stringify(plan.entries[k].restorePoint)}` : undefined))]
        .filter(([, ks]) => ks.length > 1)
        .map(([, ks]) => ({
          rule: "cloud-download-per-snapshot",
          entries: ks,
          message: `Entries ${quoted(ks)} download the same snapshot of ${sourceOf(plan.entries[ks[0]])}; Atlas allows one active Cloud Backup download per snapshot. Keep one of them.`,
        })),
  },
  {
    id: "after-exists",
    why: "an ordering names entries of this plan",
    violations: (plan) =>
      keysOf(plan).flatMap((k) =>
        (plan.entries[k].after ?? [])
          .filter((a) => a === k || !Object.hasOwn(plan.entries, a))
          .map((a) => ({
            rule: "after-exists",
            entries: [k],
            message: a === k ? `entries.${k}.after names the entry itself; remove "${a}".` : `entries.${k}.after names "${a}", which is not an entry of this plan (entries: ${quoted(keysOf(plan))}). Fix or remove it.`,
          })),
      ),
  },
  {
    id: "after-acyclic",
    why: "restores ordered in a circle could never start",
    violations: (plan) => {
      const cycle = findCycle(plan);
      return cycle ? [{ rule: "after-acyclic", entries: cycle, message: `Entries ${quoted(cycle)} wait for each other in a circle (${cycle.map((k, i) => `${k} after ${cycle[(i + 1) % cycle.length]}`).join(", ")}), so none could start. Remove one of these after entries.` }] : [];
    },
  },
  {
    id: "resource-check",
    why: "the restore resources' own checks (the API's invalid combinations), run on each entry before anything is created",
    violations: (plan, now) =>
      keysOf(plan).flatMap((k) => {
        const api = declaredApi(plan, k);
        if (api === "auto") return []; // checked by the child once the server has said which API it is
        const inputs = childInputs(plan, k, api) as unknown as Record<string, unknown>;
        const { failures } = api === "legacy" ? checkInputs({}, inputs, now) : checkCloudInputs({}, inputs, now);
        return failures.map((f) => ({ rule: "resource-check", entries: [k], message: `entries.${k}.${CHILD_PATHS[f.property] ?? f.property} (${api === "legacy" ? "RestoreJob" : "CloudBackupRestoreJob"}): ${f.reason}` }));
      }),
  },
];

/**
 * Every violation of the plan, shape mistakes first (then the rules are not run: they need a
 * well-formed plan). Pure: no request, no Pulumi; `now` is for the restore point's age limits.
 */
export function checkPlan(args: DisasterRecoveryPlanArgs, now: number = Date.now()): PlanViolation[] {
  const issues = planIssues(args);
  if (issues.length > 0) {
    return issues.map((i) => {
      const entry = /^entries\.([^.]+)/.exec(i.path)?.[1];
      return { rule: "schema", entries: entry ? [entry] : [], message: `${i.path}: ${i.message}.` };
    });
  }
  const found: PlanViolation[] = [];
  for (const rule of PLAN_RULES) {
    // An entry whose restore point is already reported would only get the same news again.
    const reported = new Set(found.filter((v) => POINT_RULES.has(v.rule)).flatMap((v) => v.entries));
    found.push(...rule.violations(args, now).filter((v) => rule.id !== "resource-check" || !reported.has(v.entries[0])));
  }
  return found;
}

const POINT_RULES = new Set(["one-restore-point", "point-in-time-automated-only"]);

/** One error for all violations, as the component throws it. */
export function planError(name: string, violations: readonly PlanViolation[]): Error {
  const lines = violations.map((v, i) => `  ${i + 1}. [${v.rule}] ${v.message}`);
  return Object.assign(new Error(`DisasterRecoveryPlan "${name}" has ${violations.length} problem${violations.length === 1 ? "" : "s"}; nothing was created and no request was sent:\n${lines.join("\n")}`), {
    violations,
  });
}

import * as pulumi from "@pulumi/pulumi";
import { checkPlan, childInputs, declaredApi, measureEntry, planError, schedulePlan, summarize } from "../dr-plan";
import { frozenPlanCopy } from "../dr-plan/frozen-plan";
import type { DrPlanEntryOutput, DrPlanPart, DrPlanSummary, ResolvedApi } from "../dr-plan";
import type { DisasterRecoveryPlanArgs } from "../dr-plan/plan-args";
import { CloudBackupRestoreJob, type CloudBackupRestoreJobArgs } from "./cloud-backup-restore-job";
import { RestoreJob, type RestoreJobArgs } from "./restore-job";
import { knownValue, orElse } from "./output-internals";
import { RestoreApiDecision, type RestoreApiDecisionArgs } from "./restore-api-decision";

type ChildOptions = pulumi.CustomResourceOptions;
/** What the plan reads of a legacy child: a RestoreJob's outputs. */
export type LegacyChild = pulumi.CustomResource & Pick<RestoreJob, "id" | "status" | "requestedAt" | "readyAt" | "restorePointTime" | "resolvedSnapshotId" | "parts" | "jobIds" | "deliveryUrls">;
/** What the plan reads of a Cloud Backup child: a CloudBackupRestoreJob's outputs. */
export type CloudChild = pulumi.CustomResource & Pick<CloudBackupRestoreJob, "id" | "status" | "requestedAt" | "readyAt" | "restorePointTime" | "resolvedSnapshotId" | "parts" | "jobId" | "deliveryUrls">;
type Child = { api: "legacy"; resource: LegacyChild } | { api: "cloudBackup"; resource: CloudChild };

/**
 * The resource classes a plan declares its children with, and its own type: the dynamic
 * provider's (a TypeScript program) or the packaged plugin's (its `construct`, for every other
 * language). One plan implementation; only the doors differ.
 */
export interface PlanResourceClasses {
  /** The component's type token. */
  readonly type: string;
  readonly RestoreJob: new (name: string, args: RestoreJobArgs, opts?: ChildOptions) => LegacyChild;
  readonly CloudBackupRestoreJob: new (name: string, args: CloudBackupRestoreJobArgs, opts?: ChildOptions) => CloudChild;
  readonly RestoreApiDecision: new (name: string, args: RestoreApiDecisionArgs, opts?: ChildOptions) => Pick<RestoreApiDecision, "api">;
}

/** The dynamic provider's classes: what `new DisasterRecoveryPlan(...)` in a TypeScript program declares. */
export const DYNAMIC_PLAN_CLASSES: PlanResourceClasses = { type: "atlas:index:DisasterRecoveryPlan", RestoreJob, CloudBackupRestoreJob, RestoreApiDecision };

/**
 * A disaster-recovery plan: many restores declared as one resource, checked whole before any
 * request, run in order and within a concurrency bound, and measured against their recovery
 * objectives.
 *
 * The constructor copies and freezes the plan, checks the copy's shape and safety rules
 * (dr-plan/plan-rules.ts) and throws ONE error listing every violation before any child is
 * registered, so a bad plan sends no request; the children are declared from the checked copy
 * only. Each entry becomes a child `RestoreJob` (legacy) or `CloudBackupRestoreJob` named
 * `<plan name>-<entry key>`, parented to the plan: editing one entry never replaces another.
 * `api: "auto"` is a decision taken once and pinned (a `RestoreApiDecision` child per auto entry,
 * restore-api-decision.ts). `after` becomes the children's `dependsOn` (and the awaited entry's
 * `awaitedBy`, so it is seen ready sooner); `maxConcurrentRestores` a shared concurrency limit
 * that a failed restore frees, so a failure never skips an independent entry.
 */
export class DisasterRecoveryPlan extends pulumi.ComponentResource {
  /** Per entry: API, status, timing, RTO/RPO figures and verdicts, ids, restore point, parts. No secrets. */
  declare readonly entries: pulumi.Output<Record<string, DrPlanEntryOutput>>;
  /** Counts over the entries, and whether every entry passed. */
  declare readonly summary: pulumi.Output<DrPlanSummary>;
  /** Download URLs per entry (empty for automated restores). **Secret.** */
  declare readonly deliveryUrls: pulumi.Output<Record<string, string[]>>;

  /** `classes`: internal; the packaged plugin's `construct` passes its own resource classes. */
  constructor(name: string, args: DisasterRecoveryPlanArgs, opts?: pulumi.ComponentResourceOptions, classes: PlanResourceClasses = DYNAMIC_PLAN_CLASSES) {
    const plan = frozenPlanCopy(args);
    const violations = checkPlan(plan ?? args);
    if (violations.length > 0) throw planError(name, violations);
    if (!plan) throw planError(name, [{ rule: "schema", entries: [], message: "the plan must be plain data (objects, arrays, strings, numbers): it could not be copied." }]);
    super(classes.type, name, {}, opts);

    const keys = Object.keys(plan.entries);
    const apis = Object.fromEntries(keys.map((k) => [k, apiOf(this, classes, name, plan, k)]));
    // Children are declared once every entry's API is known (an auto decision is known in
    // preview too: it is taken in its check). A decision that failed leaves its entry without a
    // child; the engine reports the decision's own error.
    const children = Promise.all(keys.map((k) => knownValue(apis[k]))).then(
      (resolved) => declareChildren(this, classes, name, plan, Object.fromEntries(keys.flatMap((k, i) => (resolved[i] ? [[k, resolved[i]]] : [])))),
      () => ({}) as Record<string, Child>,
    );

    const views = pulumi.output(children.then((c) => Object.fromEntries(keys.map((k) => [k, c[k] ? entryView(plan, k, c[k]) : notStarted(plan, k)]))));
    const entries = views.apply((v) => v as unknown as Record<string, DrPlanEntryOutput>);
    this.entries = entries;
    this.summary = entries.apply((e) => summarize(keys.map((k) => e[k])));
    this.deliveryUrls = pulumi.secret(
      pulumi.output(children.then((c) => Object.fromEntries(keys.map((k) => [k, c[k] ? urlsOf(c[k]) : []])))),
    ) as pulumi.Output<Record<string, string[]>>;
    this.registerOutputs({ entries: this.entries, summary: this.summary, deliveryUrls: this.deliveryUrls });
  }
}

/** An entry's API: the declared one, or the pinned decision of a RestoreApiDecision child. */
function apiOf(parent: DisasterRecoveryPlan, classes: PlanResourceClasses, planName: string, plan: DisasterRecoveryPlanArgs, key: string): pulumi.Output<ResolvedApi> {
  const declared = declaredApi(plan, key);
  if (declared !== "auto") return pulumi.output(declared);
  const entry = plan.entries[key];
  const basis = JSON.stringify({ restorePoint: entry.restorePoint, trigger: entry.trigger ?? plan.defaults?.trigger ?? null });
  return new classes.RestoreApiDecision(`${planName}-${key}-api`, { projectId: entry.source.projectId, clusterName: entry.source.clusterName, basis }, { parent }).api;
}

/** The children in schedule order, each depending on its `after` entries only, each told which entries wait for it. */
function declareChildren(parent: DisasterRecoveryPlan, classes: PlanResourceClasses, planName: string, plan: DisasterRecoveryPlanArgs, apis: Record<string, ResolvedApi>): Record<string, Child> {
  const made: Record<string, Child> = {};
  // A rank only where a chain follows, so the children of plans without `after` keep their inputs.
  const limit = (rank: number) =>
    plan.maxConcurrentRestores === undefined ? {} : { concurrencyLimit: { group: `DisasterRecoveryPlan ${planName}`, max: plan.maxConcurrentRestores, ...(rank > 1 ? { rank } : {}) } };
  for (const { key, dependsOn, awaitedBy, rank } of schedulePlan(plan)) {
    const api = apis[key];
    // An entry after one whose API could not be decided is not declared either.
    if (!api || dependsOn.some((d) => !made[d])) continue;
    const opts: pulumi.CustomResourceOptions = { parent, dependsOn: dependsOn.map((d) => made[d].resource) };
    const inputs = { ...childInputs(plan, key, api), ...limit(rank), ...(awaitedBy.length > 0 ? { awaitedBy } : {}) };
    made[key] =
      api === "legacy"
        ? { api, resource: new classes.RestoreJob(`${planName}-${key}`, inputs as RestoreJobArgs, opts) }
        : { api, resource: new classes.CloudBackupRestoreJob(`${planName}-${key}`, inputs as CloudBackupRestoreJobArgs, opts) };
  }
  return made;
}

/** The view of an entry with no child: nothing was started. */
function notStarted(plan: DisasterRecoveryPlanArgs, key: string): pulumi.Output<DrPlanEntryOutput> {
  return pulumi.output({ api: declaredApi(plan, key), ...measureEntry(plan.entries[key], plan.defaults, undefined), ids: [], parts: [] });
}

/** The entry's outputs from its child's (never a secret one). */
function entryView(plan: DisasterRecoveryPlanArgs, key: string, made: Child): pulumi.Output<DrPlanEntryOutput> {
  const { api, resource: child } = made;
  const entry = plan.entries[key];
  // A child whose create or update failed has no outputs in the program: its entry says ERROR
  // (the child's own error says why; the drill report reads its recorded state).
  const common = {
    id: orElse<string>(child.id, ""),
    status: orElse<string>(child.status, CHILD_ERROR_STATUS),
    requestedAt: orElse(child.requestedAt, undefined),
    readyAt: orElse(child.readyAt, undefined),
    restorePointTime: orElse(child.restorePointTime, undefined),
    resolvedSnapshotId: orElse(child.resolvedSnapshotId, undefined),
    parts: orElse(child.parts, []),
  };
  const jobIds = orElse(made.api === "legacy" ? made.resource.jobIds : made.resource.jobId.apply((id) => [id]), []);
  return pulumi.all([pulumi.output(common), jobIds]).apply(([c, ids]) => ({
    api,
    ...measureEntry(entry, plan.defaults, { status: c.status, requestedAt: c.requestedAt, readyAt: c.readyAt, restorePointTime: c.restorePointTime }),
    ids: [c.id, ...(ids ?? [])].filter((x) => x !== ""),
    ...(c.resolvedSnapshotId ? { resolvedSnapshotId: c.resolvedSnapshotId } : {}),
    parts: (c.parts ?? []) as DrPlanPart[],
  }));
}

function urlsOf(child: Child): pulumi.Output<string[]> {
  if (child.api === "legacy") return orElse(child.resource.deliveryUrls, []).apply((u) => u ?? []);
  return orElse(child.resource.deliveryUrls, {}).apply((u) => Object.values(u ?? {}));
}

/** The entry status of a child whose create or update failed in this run. */
const CHILD_ERROR_STATUS = "ERROR";

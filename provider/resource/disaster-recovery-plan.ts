import * as pulumi from "@pulumi/pulumi";
import { checkPlan, childInputs, declaredApi, measureEntry, planError, schedulePlan, summarize } from "../dr-plan";
import type { DrPlanEntryOutput, DrPlanPart, DrPlanSummary, ResolvedApi } from "../dr-plan";
import type { DisasterRecoveryPlanArgs } from "../dr-plan/plan-args";
import { CloudBackupRestoreJob, type CloudBackupRestoreJobArgs } from "./cloud-backup-restore-job";
import { RestoreJob, type RestoreJobArgs } from "./restore-job";
import { probeRestoreApis } from "./restore-api-probe";

type Child = RestoreJob | CloudBackupRestoreJob;

/**
 * A disaster-recovery plan: many restores declared as one resource, checked whole before any
 * request, run in order and within a concurrency bound, and measured against their recovery
 * objectives.
 *
 * The constructor checks the plan's shape and safety rules (dr-plan/plan-rules.ts) and throws ONE
 * error listing every violation before any child is registered, so a bad plan sends no request.
 * Each entry becomes a child `RestoreJob` (legacy) or `CloudBackupRestoreJob` named
 * `<plan name>-<entry key>`, parented to the plan: editing one entry never replaces another.
 * `api: "auto"` entries are decided by one read-only GET each (restore-api-probe.ts), also in
 * preview; their children are declared once the answers are in. `after` and
 * `maxConcurrentRestores` become the children's `dependsOn` (dr-plan/schedule.ts).
 */
export class DisasterRecoveryPlan extends pulumi.ComponentResource {
  /** Per entry: API, status, timing, RTO/RPO figures and verdicts, ids, restore point, parts. No secrets. */
  declare readonly entries: pulumi.Output<Record<string, DrPlanEntryOutput>>;
  /** Counts over the entries, and whether every entry passed. */
  declare readonly summary: pulumi.Output<DrPlanSummary>;
  /** Download URLs per entry (empty for automated restores). **Secret.** */
  declare readonly deliveryUrls: pulumi.Output<Record<string, string[]>>;

  constructor(name: string, args: DisasterRecoveryPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    const violations = checkPlan(args);
    if (violations.length > 0) throw planError(name, violations);
    super("atlas:index:DisasterRecoveryPlan", name, {}, opts);

    const keys = Object.keys(args.entries);
    const auto = keys.filter((k) => declaredApi(args, k) === "auto");
    const declare = (apis: Record<string, ResolvedApi>) => declareChildren(this, name, args, apis);
    const explicit = Object.fromEntries(keys.filter((k) => !auto.includes(k)).map((k) => [k, declaredApi(args, k) as ResolvedApi]));
    // Without "auto" entries the children are declared now, in this turn; with some, once the
    // server has said which API each uses.
    const children: Promise<Record<string, { api: ResolvedApi; child: Child }>> =
      auto.length === 0
        ? Promise.resolve(declare(explicit))
        : probeRestoreApis(auto.map((k) => args.entries[k].source)).then((found) => declare({ ...explicit, ...Object.fromEntries(auto.map((k, i) => [k, found[i]])) }));

    const views = pulumi.output(children.then((c) => Object.fromEntries(Object.entries(c).map(([k, { api, child }]) => [k, entryView(args, k, api, child)]))));
    const entries = views.apply((v) => v as unknown as Record<string, DrPlanEntryOutput>);
    this.entries = entries;
    this.summary = entries.apply((e) => summarize(keys.map((k) => e[k])));
    this.deliveryUrls = pulumi.secret(
      pulumi.output(children.then((c) => Object.fromEntries(Object.entries(c).map(([k, { child }]) => [k, urlsOf(child)])))),
    ) as pulumi.Output<Record<string, string[]>>;
    this.registerOutputs({ entries: this.entries, summary: this.summary, deliveryUrls: this.deliveryUrls });
  }
}

/** The children in schedule order, each depending on what the schedule says. */
function declareChildren(parent: DisasterRecoveryPlan, planName: string, plan: DisasterRecoveryPlanArgs, apis: Record<string, ResolvedApi>): Record<string, { api: ResolvedApi; child: Child }> {
  const made: Record<string, { api: ResolvedApi; child: Child }> = {};
  for (const { key, dependsOn } of schedulePlan(plan)) {
    const api = apis[key];
    const opts: pulumi.CustomResourceOptions = { parent, dependsOn: dependsOn.map((d) => made[d].child) };
    const inputs = childInputs(plan, key, api);
    const child =
      api === "legacy"
        ? new RestoreJob(`${planName}-${key}`, inputs as RestoreJobArgs, opts)
        : new CloudBackupRestoreJob(`${planName}-${key}`, inputs as CloudBackupRestoreJobArgs, opts);
    made[key] = { api, child };
  }
  return made;
}

/** The entry's outputs from its child's (never a secret one). */
function entryView(plan: DisasterRecoveryPlanArgs, key: string, api: ResolvedApi, child: Child): pulumi.Output<DrPlanEntryOutput> {
  const entry = plan.entries[key];
  const common = {
    id: child.id,
    status: child.status as pulumi.Output<string>,
    requestedAt: child.requestedAt,
    readyAt: child.readyAt,
    restorePointTime: child.restorePointTime,
    resolvedSnapshotId: child.resolvedSnapshotId,
    parts: child.parts,
  };
  const jobIds = child instanceof RestoreJob ? child.jobIds : child.jobId.apply((id) => [id]);
  return pulumi.all([pulumi.output(common), jobIds]).apply(([c, ids]) => ({
    api,
    ...measureEntry(entry, plan.defaults, { status: c.status, requestedAt: c.requestedAt, readyAt: c.readyAt, restorePointTime: c.restorePointTime }),
    ids: [c.id, ...(ids ?? [])],
    ...(c.resolvedSnapshotId ? { resolvedSnapshotId: c.resolvedSnapshotId } : {}),
    parts: (c.parts ?? []) as DrPlanPart[],
  }));
}

function urlsOf(child: Child): pulumi.Output<string[]> {
  if (child instanceof RestoreJob) return child.deliveryUrls.apply((u) => u ?? []);
  return child.deliveryUrls.apply((u) => Object.values(u ?? {}));
}

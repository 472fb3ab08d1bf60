/**
 * Disaster-recovery plans, as pure domain (no Pulumi): the plan's shape, its safety rules, its
 * schedule, the child inputs of each entry and the RTO/RPO measurement. The Pulumi component
 * is ../resource/disaster-recovery-plan.ts.
 */
import type { ResolvedApi } from "./child-inputs";
import type { EntryMeasurement, PlanSummary } from "./measure";

export type * from "./plan-args";
export { planSchema, planIssues, ENTRY_KEY_PATTERN, type PlanIssue } from "./plan-schema";
export { checkPlan, planError, PLAN_RULES, CLOUD_DOWNLOADS_PER_PROJECT, type PlanRule, type PlanViolation } from "./plan-rules";
export { schedulePlan, topologicalOrder, findCycle, type ScheduledEntry } from "./schedule";
export { frozenPlanCopy } from "./frozen-plan";
export { childInputs, cloudInputs, legacyInputs, declaredApi, targetOf, sourceOf, type ResolvedApi } from "./child-inputs";
export { measureEntry, summarize, USABLE_STATUSES, FAILED_STATUSES } from "./measure";
export type { ChildTimingOutputs, EntryMeasurement, ObjectiveVerdict, PlanSummary } from "./measure";

/** One part of an entry's restore (a legacy job of a batch, or a Cloud Backup component). */
export interface DrPlanPart {
  /** Replica set / shard name, or the job id where no name is known. */
  name: string;
  jobId?: string;
  /** The part's status as the API reports it. */
  status: string;
  requestedAt?: string;
  readyAt?: string;
}

/** What the plan's `entries` output holds for one entry. */
export interface DrPlanEntryOutput extends EntryMeasurement {
  /** The API the entry's restore uses; "auto" when it was never decided (its decision failed). */
  api: ResolvedApi | "auto";
  /** The child's resource id, then its job ids. */
  ids: string[];
  /** The snapshot restored (a selector's pick, made once at create). */
  resolvedSnapshotId?: string;
  parts: DrPlanPart[];
}

/** The plan's `summary` output. */
export type DrPlanSummary = PlanSummary;

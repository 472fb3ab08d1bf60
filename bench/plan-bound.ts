/**
 * Pure figures of group 10 (a DR plan across projects): the limit-bound minimum wall time, and
 * what the emulator's request log says about the restores (spans, peak concurrency, requests each
 * project's limits counted). See BENCHMARKS.md, group 10, for the formula.
 */
import type { RequestLogEntry } from "../emulator";
import type { TokenBucketSetting } from "../provider/atlas";
import { schedulePlan, type DisasterRecoveryPlanArgs } from "../provider";

/** The per-project limits the server enforces (and each plugin's budget mirrors). */
export interface ProjectLimits {
  /** Legacy API: fixed window per project, real ms. */
  legacy: { requests: number; windowMs: number } | false;
  /** Admin API v2: token bucket per project, real ms. */
  v2: TokenBucketSetting | false;
}

/**
 * The wall time the plan's schedule imposes: each entry starts once every `after` entry is done
 * and (under `maxConcurrentRestores`) a slot is free, slots going to ready entries of the highest
 * rank (the longest chain they start) first, then in schedule order, as the provider's concurrency
 * limit hands them out; each takes its restore's duration. Unbounded, this is the longest `after`
 * chain. Durations in real ms.
 */
export function criticalPathMs(plan: DisasterRecoveryPlanArgs, durationMs: Readonly<Record<string, number>>): number {
  const order = schedulePlan(plan).sort((a, b) => b.rank - a.rank); // stable: schedule order among equal ranks
  const slots = plan.maxConcurrentRestores ?? order.length;
  const done = new Map<string, number>();
  const running: { key: string; end: number }[] = [];
  let now = 0;
  while (done.size < order.length) {
    for (const e of order) {
      if (running.length >= slots) break;
      if (done.has(e.key) || running.some((r) => r.key === e.key) || !e.dependsOn.every((d) => (done.get(d) ?? Infinity) <= now)) continue;
      running.push({ key: e.key, end: now + durationMs[e.key] });
    }
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    done.set(next.key, now);
  }
  return Math.max(0, ...done.values());
}

/**
 * The earliest a project's `legacy` + `v2` accepted requests can all be accepted: a fixed window
 * of N per W accepts the first N at once and one more window per N after (⌈n / N⌉ − 1 windows);
 * a bucket of capacity C refilling R per interval I accepts C at once, then R / I per ms.
 */
export function rateBoundMs(legacyAccepted: number, v2Accepted: number, limits: ProjectLimits): number {
  const legacy = limits.legacy && legacyAccepted > 0 ? (Math.ceil(legacyAccepted / limits.legacy.requests) - 1) * limits.legacy.windowMs : 0;
  const v2 = limits.v2 ? (Math.max(0, v2Accepted - limits.v2.capacity) * limits.v2.intervalMs) / limits.v2.refill : 0;
  return Math.max(legacy, v2);
}

/** A project's lower bound: its critical path, or its limits if they bind harder. */
export interface ProjectBound {
  projectId: string;
  criticalPathMs: number;
  rateBoundMs: number;
  minMs: number;
}

export function projectBound(projectId: string, plan: DisasterRecoveryPlanArgs, durationMs: Readonly<Record<string, number>>, log: readonly RequestLogEntry[], limits: ProjectLimits): ProjectBound {
  const counted = countedRequests(log, projectId);
  const path = criticalPathMs(plan, durationMs);
  const rate = rateBoundMs(counted.legacy, counted.v2, limits);
  return { projectId, criticalPathMs: path, rateBoundMs: rate, minMs: Math.max(path, rate) };
}

const V2_PREFIX = "/api/atlas/v2/";

/** Requests a project's limiters counted: authenticated, about the project, not refused with 429. */
export function countedRequests(log: readonly RequestLogEntry[], projectId: string): { legacy: number; v2: number } {
  const counted = log.filter((e) => e.authenticated && e.projectId === projectId && e.status !== 429);
  const v2 = counted.filter((e) => e.path.startsWith(V2_PREFIX)).length;
  return { legacy: counted.length - v2, v2 };
}

/** `…/clusters/<name>/restoreJobs` or `…/clusters/<name>/backup/restoreJobs` (either API). */
const RESTORE_JOBS = /\/groups\/([0-9a-f]{24})\/clusters\/([^/]+)\/(?:backup\/)?restoreJobs(?:\/|$)/;

/** An accepted restore POST (the restore happened). */
export const isAcceptedRestorePost = (e: RequestLogEntry): boolean => e.method === "POST" && e.authenticated && e.status === 200 && RESTORE_JOBS.test(e.path);

/** One restore as the log shows it: from its accepted POST to the last request about its jobs (the poll that saw it done). */
export interface RestoreSpan {
  projectId: string;
  clusterName: string;
  /** Log positions: one order over every project of one emulator. */
  first: number;
  last: number;
  /** Accepted restore POSTs for this cluster: one per declared restore. */
  posts: number;
}

export function restoreSpans(log: readonly RequestLogEntry[]): RestoreSpan[] {
  const spans = new Map<string, RestoreSpan>();
  log.forEach((e, i) => {
    const m = RESTORE_JOBS.exec(e.path);
    if (!m || !e.authenticated) return;
    const key = `${m[1]}/${m[2]}`;
    const span = spans.get(key);
    if (isAcceptedRestorePost(e)) {
      if (span) span.posts++;
      else spans.set(key, { projectId: m[1], clusterName: decodeURIComponent(m[2]), first: i, last: i, posts: 1 });
    } else if (span) span.last = i;
  });
  return [...spans.values()];
}

/** The most spans that hold one position of the log at once. */
export function peakConcurrent(spans: readonly RestoreSpan[]): number {
  return Math.max(0, ...spans.map((s) => spans.filter((o) => o.first <= s.first && s.first <= o.last).length));
}

/** Peak concurrency per project id. */
export function peakPerProject(spans: readonly RestoreSpan[]): Record<string, number> {
  const ids = [...new Set(spans.map((s) => s.projectId))];
  return Object.fromEntries(ids.map((id) => [id, peakConcurrent(spans.filter((s) => s.projectId === id))]));
}

/** One restore of a plan on the real clock: requested (its accepted POST), ready (POST + its duration), seen ready (its span's last request). */
export interface RestoreTiming {
  key: string;
  postAt: number;
  readyAt: number;
  seenAt: number;
}

/**
 * Each restore of one project's plan as the log shows it: entry keys by source cluster, durations
 * in real ms. An entry with no accepted POST is left out.
 */
export function restoreTimings(log: readonly RequestLogEntry[], projectId: string, clusters: Readonly<Record<string, string>>, durationMs: Readonly<Record<string, number>>): RestoreTiming[] {
  const keyOf = new Map(Object.entries(clusters).map(([key, name]) => [name, key]));
  return restoreSpans(log)
    .filter((span) => span.projectId === projectId && keyOf.has(span.clusterName))
    .map((span) => {
      const key = keyOf.get(span.clusterName)!;
      const postAt = log[span.first].at;
      return { key, postAt, readyAt: postAt + durationMs[key], seenAt: log[span.last].at };
    });
}

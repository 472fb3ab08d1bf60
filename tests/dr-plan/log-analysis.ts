/** Reading a plan's run from the emulator's request log: restore POSTs, their order, and overlap. */
import type { Emulator, RequestLogEntry } from "../../emulator";

/** `…/clusters/<name>/restoreJobs` or `…/clusters/<name>/backup/restoreJobs` (either API). */
const RESTORE_JOBS = /\/groups\/([0-9a-f]{24})\/clusters\/([^/]+)\/(?:backup\/)?restoreJobs(?:\/|$)/;

export const clusterOf = (e: RequestLogEntry) => RESTORE_JOBS.exec(e.path)?.[2];
const isPost = (e: RequestLogEntry) => e.method === "POST" && e.authenticated && e.status === 200;

/**
 * Per source cluster, the stretch of the log its restore ran in: from its accepted POST to the
 * last request about its restore jobs (the poll that saw it ready). Log positions, not times.
 */
export function restoreSpans(emulator: Emulator): Map<string, { post: number; last: number }> {
  const spans = new Map<string, { post: number; last: number }>();
  emulator.requestLog.forEach((e, i) => {
    const cluster = clusterOf(e);
    if (!cluster || !e.authenticated) return;
    const span = spans.get(cluster);
    if (isPost(e)) spans.set(cluster, { post: i, last: i });
    else if (span) span.last = i;
  });
  return spans;
}

/** The most restores whose spans overlap at one position of the log. */
export function peakConcurrency(spans: Map<string, { post: number; last: number }>): number {
  const all = [...spans.values()];
  return Math.max(0, ...all.map((s) => all.filter((o) => o.post <= s.post && s.post <= o.last).length));
}

export const acceptedPosts = (emulator: Emulator) => emulator.requestLog.filter(isPost).length;

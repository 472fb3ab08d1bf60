/**
 * Shapes of restore-job answers and how to reach the next page (`atlas-restore-api.md` §3, §4).
 * Every job is validated by job-schema.ts: the caller gets a RestoreJob of bounded, well-formed
 * fields, or a reason why the answer is unusable.
 */
import { firstProblem, jobPageSchema, restoreJobSchema, snapshotPageSchema } from "./job-schema";
import type { LegacySnapshot, Link, RestoreJob } from "./models";

export interface JobPage {
  results: RestoreJob[];
  links: Link[];
  totalCount?: number;
}

/** A validated value, or the first problem found (for the error message). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** One restore job (the answer to a GET of one job). */
export function asRestoreJob(value: unknown): Checked<RestoreJob> {
  const parsed = restoreJobSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: `the answer is not a restore job: ${firstProblem(parsed.error)}` };
}

/**
 * A `{results, links?, totalCount?}` page. One unusable job makes the whole page unusable:
 * dropping it could hide a part of a batch, and the batch would then look complete.
 */
export function asJobPage(value: unknown): Checked<JobPage> {
  const parsed = jobPageSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: `the answer is not a restore job list: ${firstProblem(parsed.error)}` };
  const { results, links, totalCount } = parsed.data;
  return { ok: true, value: { results, links, ...(totalCount === undefined ? {} : { totalCount }) } };
}

/** A page of legacy snapshots (`{results, links?, totalCount?}`). */
export function asSnapshotPage(value: unknown): Checked<{ results: LegacySnapshot[]; links: Link[]; totalCount?: number }> {
  const parsed = snapshotPageSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: `the answer is not a snapshot list: ${firstProblem(parsed.error)}` };
}

/**
 * The jobs a create answered: the documented list wrapper, or a single job object (the current
 * Atlas page shows one; §3.1 "contradiction"). A create that answers no job at all is unusable
 * too: the restore may or may not have started.
 */
export function createdJobs(value: unknown): Checked<RestoreJob[]> {
  if (isObject(value) && "results" in value) {
    const page = asJobPage(value);
    if (!page.ok) return page;
    if (page.value.results.length === 0) return { ok: false, problem: "the answer to the create lists no restore job (empty results)" };
    return { ok: true, value: page.value.results };
  }
  const job = asRestoreJob(value);
  return job.ok ? { ok: true, value: [job.value] } : job;
}

/**
 * Path + query of the `next` link when it points at the very same resource (same origin, same
 * path); undefined otherwise. A foreign `next` is never followed: it would send our digest
 * credentials elsewhere. Callers then fall back to `pageNum`.
 */
export function sameResourceNext(
  links: Link[],
  apiBase: string,
  listPath: string,
): string | undefined {
  const next = links.find((l) => l.rel === "next");
  if (!next) return undefined;
  try {
    const base = new URL(apiBase);
    const url = new URL(next.href, `${apiBase}/`);
    const expected = `${base.pathname.replace(/\/$/, "")}${listPath}`;
    if (url.origin !== base.origin || url.pathname !== expected || url.hash !== "") return undefined;
    return `${listPath}${url.search}`;
  } catch {
    return undefined;
  }
}

export const hasNextLink = (links: Link[]): boolean => links.some((l) => l.rel === "next");

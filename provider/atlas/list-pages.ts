/**
 * Shapes of restore-job answers and how to reach the next page (`atlas-restore-api.md` §3, §4).
 * Validation is deliberately shallow: enough to never hand the caller something that is not a
 * job, tolerant of extra or missing optional fields.
 */
import type { Link, RestoreJob } from "./models";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export const isRestoreJob = (v: unknown): v is RestoreJob => isObject(v) && typeof v.id === "string";

export interface JobPage {
  results: RestoreJob[];
  links: Link[];
  totalCount?: number;
}

/** A `{results, links?, totalCount?}` page, or undefined if `value` is not one. */
export function asJobPage(value: unknown): JobPage | undefined {
  if (!isObject(value) || !Array.isArray(value.results) || !value.results.every(isRestoreJob)) {
    return undefined;
  }
  const links = Array.isArray(value.links)
    ? value.links.filter((l): l is Link => isObject(l) && typeof l.href === "string" && typeof l.rel === "string")
    : [];
  return {
    results: value.results,
    links,
    ...(typeof value.totalCount === "number" ? { totalCount: value.totalCount } : {}),
  };
}

/**
 * The jobs a create answered: the documented list wrapper, or a single job object (the current
 * Atlas page shows one; §3.1 "contradiction"). Undefined if neither.
 */
export function createdJobs(value: unknown): RestoreJob[] | undefined {
  const page = asJobPage(value);
  if (page) return page.results;
  return isRestoreJob(value) ? [value] : undefined;
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

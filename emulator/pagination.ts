/**
 * Lists (atlas-restore-api.md §4): `pageNum` (>= 1), `itemsPerPage` (1..500, default 100),
 * `includeCount` (default true); body `{links, results, totalCount}` with `previous` (not on the
 * first page), `next` (not on the last page) and `self` (always).
 * Also the `pretty` / `envelope` flags every API response honours.
 */
import type { Link } from "../provider/atlas/models";
import type { AtlasErrorSpec } from "./errors";
import { atlasError } from "./errors";

export interface ListQuery {
  readonly pageNum: number;
  readonly itemsPerPage: number;
  readonly includeCount: boolean;
}

export const LIST_DEFAULTS = { pageNum: 1, itemsPerPage: 100, includeCount: true } as const satisfies ListQuery;
export const MAX_ITEMS_PER_PAGE = 500;

/** Strict booleans: anything but true/false is a 400 (rather than Jersey's silent false). */
export function parseBoolean(query: URLSearchParams, name: string, fallback: boolean): boolean | AtlasErrorSpec {
  const v = query.get(name);
  if (v === null) return fallback;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  return atlasError("INVALID_QUERY_PARAMETER", [name], `${name} must be true or false.`);
}

function parseInteger(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | AtlasErrorSpec {
  const v = query.get(name);
  if (v === null) return fallback;
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    return atlasError("INVALID_QUERY_PARAMETER", [name], `${name} must be an integer from ${min} to ${max}.`);
  }
  return n;
}

export function parseListQuery(query: URLSearchParams): ListQuery | AtlasErrorSpec {
  const pageNum = parseInteger(query, "pageNum", LIST_DEFAULTS.pageNum, 1, Number.MAX_SAFE_INTEGER);
  if (typeof pageNum !== "number") return pageNum;
  const itemsPerPage = parseInteger(query, "itemsPerPage", LIST_DEFAULTS.itemsPerPage, 1, MAX_ITEMS_PER_PAGE);
  if (typeof itemsPerPage !== "number") return itemsPerPage;
  const includeCount = parseBoolean(query, "includeCount", LIST_DEFAULTS.includeCount);
  if (typeof includeCount !== "boolean") return includeCount;
  return { pageNum, itemsPerPage, includeCount };
}

export interface ListBody<T> {
  links: Link[];
  results: T[];
  totalCount?: number;
}

/**
 * One page of `items`. `baseHref` is the list URL without query; `query` is the request's query,
 * kept in every link (e.g. batchId) with pageNum/itemsPerPage set per link.
 */
export function paginate<T>(items: readonly T[], q: ListQuery, baseHref: string, query: URLSearchParams): ListBody<T> {
  const start = (q.pageNum - 1) * q.itemsPerPage;
  const href = (pageNum: number): string => {
    const params = new URLSearchParams({ pageNum: String(pageNum), itemsPerPage: String(q.itemsPerPage) });
    for (const [k, v] of query) if (k !== "pageNum" && k !== "itemsPerPage") params.append(k, v);
    return `${baseHref}?${params.toString()}`;
  };
  const links: Link[] = [{ href: href(q.pageNum), rel: "self" }];
  if (q.pageNum > 1) links.push({ href: href(q.pageNum - 1), rel: "previous" });
  if (start + q.itemsPerPage < items.length) links.push({ href: href(q.pageNum + 1), rel: "next" });
  const body: ListBody<T> = { links, results: items.slice(start, start + q.itemsPerPage) };
  if (q.includeCount) body.totalCount = items.length;
  return body;
}

/**
 * `envelope=true` (A-ref "Envelopes"): a single entity becomes `{status, content}`; a list body
 * only gains `status`.
 */
export function envelope(body: unknown, status: number): unknown {
  if (typeof body === "object" && body !== null && !Array.isArray(body) && "results" in body) return { status, ...body };
  return { status, content: body };
}

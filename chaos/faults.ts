/**
 * What each fault kind of a schedule does at the emulator (emulator/faults.ts), as a table, and
 * which requests of a declaration's source cluster each target matches. Faults are matched by
 * path, so a schedule's faults never touch another schedule's clusters.
 */
import type { Emulator } from "../emulator";
import type { FaultKind, FaultSpec, FaultTarget } from "./schedule";
import type { Api } from "./world";

/** A proxy's answer: the request never reached Atlas, but the client cannot know that. */
const PROXY_502_HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";

/** The emulator's filter: which method and path. */
export interface RequestFilter {
  method?: string;
  path: RegExp;
  skip: number;
  count: number;
}

/** An empty page of Cloud Backup snapshots: what a Cloud Backup cluster without snapshots answers. */
const NO_CLOUD_SNAPSHOTS = JSON.stringify({ results: [], links: [], totalCount: 0 });

/** What each kind is, in words (for reports), and how it is armed on a source of API `api`. */
export const FAULTS: Record<FaultKind, { what: string; arm(emu: Emulator, f: RequestFilter, spec: FaultSpec, api: Api): void }> = {
  drop: { what: "answer lost after the server acted (socket closed)", arm: (emu, f) => emu.faults.dropNextResponse(f) },
  reset: { what: "connection reset before the server read the request", arm: (emu, f) => emu.faults.resetNext(f) },
  truncate: { what: "answer cut in half after the server acted", arm: (emu, f) => emu.faults.truncateNext(f) },
  html502: { what: "a proxy's 502 HTML page (the server did nothing)", arm: (emu, f) => emu.faults.failNext({ ...f, status: 502, body: PROXY_502_HTML, contentType: "text/html" }) },
  atlas5xx: { what: "Atlas 500 / 502 / 504 error document", arm: (emu, f, s) => emu.faults.failNext({ ...f, status: s.status ?? 500 }) },
  atlas503: { what: "Atlas 503 error document", arm: (emu, f) => emu.faults.failNext({ ...f, status: 503, errorCode: "SERVICE_UNAVAILABLE" }) },
  rate429: { what: "429 RATE_LIMITED with Retry-After: 1", arm: (emu, f) => emu.faults.failNext({ ...f, status: 429, headers: { "Retry-After": "1" } }) },
  slow: { what: "a slow answer (under the client timeout)", arm: (emu, f, s) => emu.faults.latency({ ...f, ms: s.ms ?? 300 }) },
  timeout: { what: "an answer later than the client timeout (the server acts late)", arm: (emu, f, s) => emu.faults.latency({ ...f, ms: s.ms ?? 3000 }) },
  slowBody: { what: "a 200 whose body trickles in beyond the client timeout (after the server acted)", arm: (emu, f) => emu.faults.trickleNext({ ...f, chunkBytes: 16, intervalMs: 250 }) },
  unauthorized: { what: "401: the service-account token refused (as after a revocation)", arm: (emu, f) => emu.faults.failNext({ ...f, status: 401 }) },
  wrongApi: {
    what: "the cluster answers as one of the other backup API would (as after a move between two runs)",
    arm: (emu, f, _s, api) =>
      api === "legacy"
        ? emu.faults.failNext({ ...f, status: 200, body: NO_CLOUD_SNAPSHOTS, contentType: "application/vnd.atlas.2023-01-01+json" })
        : emu.faults.failNext({ ...f, status: 400, errorCode: "INCORRECT_BACKUP_API_ENDPOINT" }),
  },
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The paths of a cluster's requests: `/groups/<project>/clusters/<name>/…`, on either API. */
export function clusterPath(projectId: string, clusterName: string, rest = ""): RegExp {
  return new RegExp(`/groups/${escape(projectId)}/clusters/${escape(clusterName)}/${rest}`);
}

/** Method and path of each target, for a source cluster. */
const TARGETS: Record<FaultTarget, { method?: string; rest: string }> = {
  create: { method: "POST", rest: "(backup/)?restoreJobs$" },
  list: { method: "GET", rest: "(backup/)?restoreJobs$" },
  job: { method: "GET", rest: "(backup/)?restoreJobs/[^/]+$" },
  cancel: { method: "DELETE", rest: "(backup/)?restoreJobs/[^/]+$" },
  snapshots: { method: "GET", rest: "(backup/)?snapshots" },
  any: { rest: "" },
};

export function armFault(emu: Emulator, spec: FaultSpec, source: { projectId: string; name: string }, api: Api): void {
  const t = TARGETS[spec.on];
  // dropNextResponse defaults to POST; every other kind to any method: say it either way.
  const filter: RequestFilter = { path: clusterPath(source.projectId, source.name, t.rest), skip: spec.skip, count: spec.count, ...(t.method ? { method: t.method } : {}) };
  FAULTS[spec.kind].arm(emu, spec.kind === "drop" && !t.method ? { ...filter, method: "POST" } : filter, spec, api);
}

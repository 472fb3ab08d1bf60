/**
 * Shared fixtures for the AtlasClient unit tests: an undici MockAgent with net connect disabled,
 * a client wired to it with shrunk retry timings, a digest challenge helper and a verifier that
 * recomputes the digest `response` the way a server would.
 */
import { createHash } from "node:crypto";
import { MockAgent, type Interceptable } from "undici";
import { AtlasClient, resetRateLimiters, type AtlasClientOptions, type RestoreJob } from "../../provider/atlas";

export const ORIGIN = "https://cloud.mongodb.com";
export const API = "/api/atlas/v1.0";
export const PROJECT = "6b99999887d9d61443b41657";
export const CLUSTER = "Cluster0";
export const SNAPSHOT = "5a681ff180eef54e09de20d1";
export const BATCH = "5a69049d87d9d62a94d01adc";
export const PUBLIC_KEY = "pubkeyab";
export const PRIVATE_KEY = "d0c7e1a4-52f1-4b8e-9a3c-7f1e2d3c4b5a";
export const JOBS_PATH = `${API}/groups/${PROJECT}/clusters/${CLUSTER}/restoreJobs`;

export interface Harness {
  agent: MockAgent;
  pool: Interceptable;
  logs: string[];
  client(extra?: Partial<AtlasClientOptions>): AtlasClient;
}

/** Fresh MockAgent + rate budgets; call `finish()` in afterEach. */
export function harness(): Harness {
  resetRateLimiters();
  const agent = new MockAgent();
  agent.disableNetConnect();
  const logs: string[] = [];
  return {
    agent,
    pool: agent.get(ORIGIN),
    logs,
    client: (extra = {}) =>
      new AtlasClient({
        publicKey: PUBLIC_KEY,
        privateKey: PRIVATE_KEY,
        dispatcher: agent,
        requestsPerMinute: 10_000,
        retry: { backoffBaseMs: 1, backoffLimitMs: 5, jitter: 0 },
        log: (line) => logs.push(line),
        ...extra,
      }),
  };
}

export async function finish(h: Harness): Promise<void> {
  try {
    h.agent.assertNoPendingInterceptors();
  } finally {
    await h.agent.close();
  }
}

export function challenge(o: { nonce?: string; algorithm?: string; stale?: boolean } = {}): string {
  return (
    `Digest realm="MMS Public API", domain="", nonce="${o.nonce ?? "nonce-1"}", ` +
    `algorithm=${o.algorithm ?? "MD5"}, qop="auth", stale=${o.stale ?? false}`
  );
}

/** Header value from undici's mock callback options (object, array or Headers). */
export function header(opts: { headers?: unknown }, name: string): string | undefined {
  const h = opts.headers as Record<string, string> | string[] | Headers | undefined;
  if (!h) return undefined;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  if (Array.isArray(h)) {
    for (let i = 0; i < h.length; i += 2) if (h[i].toLowerCase() === name.toLowerCase()) return h[i + 1];
    return undefined;
  }
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (h as Record<string, string>)[key];
}

/** Register a 401 digest challenge for the next request to `path` (no Authorization expected). */
export function expectChallenge(h: Harness, method: string, path: string | ((p: string) => boolean), o = {}): void {
  h.pool
    .intercept({ method, path })
    .reply(401, { error: 401, reason: "Unauthorized", detail: "You are not authorized for this resource." }, {
      headers: { "www-authenticate": challenge(o), "content-type": "application/json" },
    });
}

export function parseDigest(value: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/, "").matchAll(/([a-z]+)=("([^"]*)"|[^,]*)/gi)) {
    fields[m[1]] = m[3] ?? m[2];
  }
  return fields;
}

/** The digest `response` a server would expect for these fields. */
export function expectedResponse(f: Record<string, string>, method: string, password = PRIVATE_KEY): string {
  const alg = (f.algorithm ?? "MD5").toUpperCase() === "SHA-256" ? "sha256" : "md5";
  const H = (s: string): string => createHash(alg).update(s).digest("hex");
  const ha1 = H(`${f.username}:${f.realm}:${password}`);
  const ha2 = H(`${method}:${f.uri}`);
  return H(`${ha1}:${f.nonce}:${f.nc}:${f.cnonce}:${f.qop}:${ha2}`);
}

export const JSON_HEADERS = { headers: { "content-type": "application/json" } };

export function job(id: string, extra: Partial<RestoreJob> = {}): RestoreJob {
  return {
    id,
    groupId: PROJECT,
    clusterName: CLUSTER,
    created: "2018-01-24T22:11:41Z",
    statusName: "IN_PROGRESS",
    delivery: { methodName: "HTTP", statusName: "NOT_STARTED" },
    ...extra,
  };
}

export const hexId = (n: number): string => n.toString(16).padStart(24, "0");

/** The restore job most single-job tests address. */
export const JOB = hexId(1);
export const JOB_PATH = `${JOBS_PATH}/${JOB}`;

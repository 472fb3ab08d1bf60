/**
 * Faults, through the real plugin path (the serialized provider inside the SDK's dynamic-provider
 * plugin process, over gRPC, against the emulator over HTTP with digest auth). Every fault is
 * injected at the emulator and counted there, so a test whose fault never fired fails.
 *
 * Scenarios that do not depend on each other start together in `beforeAll`, each on its own
 * project and cluster (faults are matched by path), and are then asserted one by one; the ones
 * that restart the plugin run last, in order.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { LocalEngine, unwrapSecrets, type StackState } from "../../local-engine/engine";
import { ResourceInitError } from "../../local-engine/plugin";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { addProjectWithClusters, failure, IDS, postsSent, restoresAt, until, type Props } from "./helpers";

jest.setTimeout(120_000);

type Created = { id: string; outputs: Props };
type Outcome = { ok: true; value: Created } | { ok: false; error: Error };
const settle = (p: Promise<Created>): Promise<Outcome> =>
  p.then((value) => ({ ok: true as const, value }), (error: Error) => ({ ok: false as const, error }));
const ok = (o: Outcome | undefined): Created => {
  if (!o) throw new Error("scenario did not run");
  if (!o.ok) throw o.error;
  return o.value;
};

const HTML = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
const jobsPath = (clusterName: string) => new RegExp(`/clusters/${clusterName}/restoreJobs`);
/** A replica-set restore's polls (GET of its job), not the list a create sends before its POST. */
const pollPath = (clusterName: string) => new RegExp(`/clusters/${clusterName}/restoreJobs/`);

let emu: Emulator; // timeScale 10: the default 20 s restore takes 2 real seconds
let s: PluginSession;
let emu2: Emulator; // digest nonces expire after 500 ms (polls come 2 s or more apart; a re-challenge has 500 ms even on a loaded machine)
let s2: PluginSession; // atlas-restore:requestTimeoutSeconds = 1

const http = (session: PluginSession, projectId: string, clusterName: string, snapshotId: string, extra: Props = {}): Props => ({
  __provider: session.providerText,
  projectId,
  clusterName,
  snapshotId,
  delivery: { methodName: "HTTP" },
  waitTimeoutMinutes: 2,
  ...extra,
});
const automated = (session: PluginSession, projectId: string, clusterName: string, snapshotId: string, target: string, extra: Props = {}): Props => ({
  __provider: session.providerText,
  projectId,
  clusterName,
  snapshotId,
  delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: projectId, targetClusterName: target },
  waitTimeoutMinutes: 2,
  ...extra,
});
const faultsServed = (e: Emulator, clusterName: string) => e.requestLog.filter((x) => x.fault && x.path.includes(`/clusters/${clusterName}/`)).length;
const logsFor = (session: PluginSession, clusterName: string) => session.logs.filter((l) => l.includes(clusterName));

// ---------------------------------------------------------------------------------------------
// Scenario tables

interface PollFaultRow {
  name: string;
  inject(cluster: string): void;
  served: number;
  /** The wait itself (not only the client's retries) had to ride through. */
  waitLevel?: boolean;
}
const pollRows: PollFaultRow[] = [
  { name: "503 burst x3", served: 3, inject: (c) => emu.faults.failNext({ status: 503, method: "GET", path: pollPath(c), count: 3 }) },
  { name: "500 UNEXPECTED_ERROR x2", served: 2, inject: (c) => emu.faults.failNext({ status: 500, method: "GET", path: pollPath(c), count: 2 }) },
  { name: "connection reset x3", served: 3, inject: (c) => emu.faults.resetNext({ method: "GET", path: pollPath(c), count: 3 }) },
  { name: "proxy 502 HTML page x2", served: 2, inject: (c) => emu.faults.failNext({ status: 502, body: HTML, method: "GET", path: pollPath(c), count: 2 }) },
  { name: "truncated JSON body x2", served: 2, inject: (c) => emu.faults.truncateNext({ method: "GET", path: pollPath(c), count: 2 }) },
  {
    name: "200 with an HTML body x2 (not retried by the client: the wait rides through)",
    served: 2,
    waitLevel: true,
    inject: (c) => emu.faults.failNext({ status: 200, body: HTML.replace("502 Bad Gateway", "Sign in"), method: "GET", path: pollPath(c), count: 2 }),
  },
  { name: "429 with Retry-After: 2, x2", served: 2, inject: (c) => emu.faults.failNext({ status: 429, headers: { "Retry-After": "2" }, method: "GET", path: pollPath(c), count: 2 }) },
  {
    name: "mixed: 504, reset, truncated",
    served: 3,
    inject: (c) => {
      emu.faults.failNext({ status: 504, method: "GET", path: pollPath(c), count: 1 });
      emu.faults.resetNext({ method: "GET", path: pollPath(c), count: 1 });
      emu.faults.truncateNext({ method: "GET", path: pollPath(c), count: 1 });
    },
  },
];
const pollResults = new Map<string, { cluster: string; outcome: Outcome }>();

interface PostFaultRow {
  name: string;
  inject(cluster: string): void;
  /** The POST reached the handler and created the restore. */
  committed: boolean;
  sharded?: boolean;
}
const postRows: PostFaultRow[] = [
  { name: "committed, response dropped (sharded batch)", committed: true, sharded: true, inject: (c) => emu.faults.dropNextResponse({ method: "POST", path: jobsPath(c) }) },
  { name: "committed, response truncated", committed: true, inject: (c) => emu.faults.truncateNext({ method: "POST", path: jobsPath(c) }) },
  {
    name: "committed, response dropped, and the first reconcile list reset",
    committed: true,
    inject: (c) => {
      emu.faults.dropNextResponse({ method: "POST", path: jobsPath(c) });
      // skip: the list before the POST passes; the first list after it is reset.
      emu.faults.resetNext({ method: "GET", path: new RegExp(`/clusters/${c}/restoreJobs$`), count: 1, skip: 1 });
    },
  },
  { name: "not committed: connection reset before the server read it", committed: false, inject: (c) => emu.faults.resetNext({ method: "POST", path: jobsPath(c) }) },
  { name: "not committed: 503 from the server", committed: false, inject: (c) => emu.faults.failNext({ status: 503, method: "POST", path: jobsPath(c) }) },
  {
    name: "429 with Retry-After: 1 (provably not processed): re-sent, no reconcile",
    committed: true,
    inject: (c) => emu.faults.failNext({ status: 429, headers: { "Retry-After": "1" }, method: "POST", path: jobsPath(c) }),
  },
];
interface PostResult {
  cluster: string;
  outcome: Outcome;
  /** For rows that failed: what was in state and at the emulator then, and the next `up`. */
  inStateAfterFailure?: boolean;
  jobsAfterFailure?: number;
  postsAfterFailure?: number;
  rerun?: Outcome;
}
const postResults = new Map<string, PostResult>();

interface RefreshRow {
  name: string;
  inject(cluster: string): void;
  /** Whether `pulumi refresh` itself succeeds. */
  refreshSucceeds: boolean;
  /** Whether the job is still in state afterwards. */
  kept: boolean;
}
const refreshRows: RefreshRow[] = [
  { name: "404 RESTORE_JOB_NOT_FOUND once (Atlas flapping)", refreshSucceeds: true, kept: true, inject: (c) => emu.faults.failNext({ status: 404, errorCode: "RESTORE_JOB_NOT_FOUND", method: "GET", path: jobsPath(c) }) },
  { name: "404 RESOURCE_NOT_FOUND from a proxy", refreshSucceeds: false, kept: true, inject: (c) => emu.faults.failNext({ status: 404, method: "GET", path: jobsPath(c) }) },
  { name: "404 HTML page from a proxy", refreshSucceeds: false, kept: true, inject: (c) => emu.faults.failNext({ status: 404, body: HTML.replace(/502 Bad Gateway|Bad Gateway/g, "Not Found"), method: "GET", path: jobsPath(c) }) },
  { name: "503 x2", refreshSucceeds: true, kept: true, inject: (c) => emu.faults.failNext({ status: 503, method: "GET", path: jobsPath(c), count: 2 }) },
  { name: "500 once", refreshSucceeds: true, kept: true, inject: (c) => emu.faults.failNext({ status: 500, method: "GET", path: jobsPath(c) }) },
  { name: "connection reset x2", refreshSucceeds: true, kept: true, inject: (c) => emu.faults.resetNext({ method: "GET", path: jobsPath(c), count: 2 }) },
  { name: "200 with an HTML body", refreshSucceeds: false, kept: true, inject: (c) => emu.faults.failNext({ status: 200, body: HTML, method: "GET", path: jobsPath(c) }) },
  // Control: the rule is real. Atlas saying twice, a moment apart, that the job does not exist drops it.
  { name: "control: 404 RESTORE_JOB_NOT_FOUND twice drops the job", refreshSucceeds: true, kept: false, inject: (c) => emu.faults.failNext({ status: 404, errorCode: "RESTORE_JOB_NOT_FOUND", method: "GET", path: jobsPath(c), count: 2 }) },
];
const refreshResults = new Map<string, { cluster: string; id: string; state: StackState; error?: Error }>();

const emu2Results: {
  nonceA?: Outcome;
  nonceB?: Outcome;
  slowPoll?: Outcome;
  slowPost?: Outcome;
  verySlow?: { projectId: string; first: Outcome; inStateAfterFailure: boolean; jobId: string; refused: Outcome; adopted: Outcome };
} = {};

// ---------------------------------------------------------------------------------------------
// Runners

async function runPollRows(): Promise<void> {
  await Promise.all(
    pollRows.map(async (row, i) => {
      const cluster = `PollFault${i}`;
      const { projectId, snapshots } = addProjectWithClusters(emu, [cluster]);
      row.inject(cluster);
      const outcome = await settle(s.engine.register(RESTORE_JOB_TYPE, `poll-${i}`, http(s, projectId, cluster, snapshots[cluster])));
      pollResults.set(row.name, { cluster, outcome });
    }),
  );
}

async function runPostRows(): Promise<void> {
  await Promise.all(
    postRows.map(async (row, i) => {
      const cluster = `PostFault${i}`;
      let projectId: string;
      let snapshotId: string;
      if (row.sharded) {
        ({ projectId } = addProjectWithClusters(emu, []));
        snapshotId = "7eaa00000000000000000001";
        emu.addCluster(projectId, {
          name: cluster, id: `7eaa0000000000000000010${i}`, type: "SHARDED", shards: 2,
          snapshots: [{ id: snapshotId, created: "2026-01-01T00:00:00Z", timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } }],
        });
      } else {
        const p = addProjectWithClusters(emu, [cluster]);
        projectId = p.projectId;
        snapshotId = p.snapshots[cluster];
      }
      row.inject(cluster);
      const inputs = http(s, projectId, cluster, snapshotId);
      const name = `post-${i}`;
      const outcome = await settle(s.engine.register(RESTORE_JOB_TYPE, name, inputs));
      const result: PostResult = { cluster, outcome };
      if (!outcome.ok) {
        result.inStateAfterFailure = s.state.resources[s.engine.urnOf(RESTORE_JOB_TYPE, name)] !== undefined;
        result.jobsAfterFailure = emu.jobs({ clusterName: cluster }).length;
        result.postsAfterFailure = postsSent(emu, cluster);
        result.rerun = await settle(s.engine.register(RESTORE_JOB_TYPE, name, inputs));
      }
      postResults.set(row.name, result);
    }),
  );
}

async function runRefreshRows(): Promise<void> {
  await Promise.all(
    refreshRows.map(async (row, i) => {
      const cluster = `Refresh${i}`;
      const { projectId, snapshots } = addProjectWithClusters(emu, [cluster]);
      // Each row has its own stack, sharing the one plugin process.
      const state: StackState = { resources: {} };
      const engine = new LocalEngine(s.plugin, state, "restore-test", "dev");
      const created = await engine.register(RESTORE_JOB_TYPE, `refresh-${i}`, http(s, projectId, cluster, snapshots[cluster], { waitFor: "none" }));
      row.inject(cluster);
      const error = await engine.refresh().then(() => undefined, (e: Error) => e);
      refreshResults.set(row.name, { cluster, id: created.id, state, error });
    }),
  );
}

async function runEmu2(): Promise<void> {
  // Expired nonces, alone on this plugin (a concurrent request would refresh the shared nonce).
  const nonce = addProjectWithClusters(emu2, ["Nonce"]);
  emu2.setRestoreBehaviour(nonce.projectId, "Nonce", { jobDurationMs: 40_000 }); // 4 real seconds: two or more polls
  emu2Results.nonceA = await settle(s2.engine.register(RESTORE_JOB_TYPE, "nonce-a", http(s2, nonce.projectId, "Nonce", nonce.snapshots.Nonce, { delivery: { methodName: "HTTP", maxDownloads: 1 } })));
  await new Promise((r) => setTimeout(r, 700)); // the next create's list meets a stale nonce
  // ... and its POST too: the list before it is answered after the nonce it refreshed expired.
  emu2.faults.latency({ ms: 700, method: "GET", path: /\/clusters\/Nonce\/restoreJobs$/, count: 1 });
  emu2Results.nonceB = await settle(s2.engine.register(RESTORE_JOB_TYPE, "nonce-b", http(s2, nonce.projectId, "Nonce", nonce.snapshots.Nonce, { delivery: { methodName: "HTTP", maxDownloads: 2 }, waitFor: "none" })));

  // Latency beyond the 1 s client timeout, three ways at once.
  const slowPoll = addProjectWithClusters(emu2, ["SlowPoll"]);
  const slowPost = addProjectWithClusters(emu2, ["SlowPost"]);
  const very = addProjectWithClusters(emu2, ["VerySlowPost", "VerySlowTarget"]);
  emu2.faults.latency({ ms: 1_800, method: "GET", path: jobsPath("SlowPoll"), count: 2 });
  emu2.faults.latency({ ms: 2_000, method: "POST", path: jobsPath("SlowPost"), count: 1 });
  // The client gives up after 1 s, reconciliation after about 4 s; this POST is committed at 8 s.
  emu2.setRestoreBehaviour(very.projectId, "VerySlowPost", { jobDurationMs: 150_000 }); // 15 real seconds
  emu2.faults.latency({ ms: 8_000, method: "POST", path: jobsPath("VerySlowPost"), count: 1 });
  await Promise.all([
    settle(s2.engine.register(RESTORE_JOB_TYPE, "slow-poll", http(s2, slowPoll.projectId, "SlowPoll", slowPoll.snapshots.SlowPoll))).then((o) => (emu2Results.slowPoll = o)),
    settle(s2.engine.register(RESTORE_JOB_TYPE, "slow-post", http(s2, slowPost.projectId, "SlowPost", slowPost.snapshots.SlowPost))).then((o) => (emu2Results.slowPost = o)),
    (async () => {
      const inputs = automated(s2, very.projectId, "VerySlowPost", very.snapshots.VerySlowPost, "VerySlowTarget");
      const first = await settle(s2.engine.register(RESTORE_JOB_TYPE, "very-slow", inputs));
      const inStateAfterFailure = s2.state.resources[s2.engine.urnOf(RESTORE_JOB_TYPE, "very-slow")] !== undefined;
      await until(() => emu2.jobs({ clusterName: "VerySlowPost" }).length === 1, "the late POST to be committed");
      const jobId = emu2.jobs({ clusterName: "VerySlowPost" })[0].id;
      const refused = await settle(s2.engine.register(RESTORE_JOB_TYPE, "very-slow", inputs));
      const adopted = await settle(s2.engine.register(RESTORE_JOB_TYPE, "very-slow", { ...inputs, adopt: jobId, waitFor: "none" }));
      emu2Results.verySlow = { projectId: very.projectId, first, inStateAfterFailure, jobId, refused, adopted };
    })(),
  ]);
}

beforeAll(async () => {
  [emu, emu2] = await Promise.all([startEmulator({ timeScale: 10 }), startEmulator({ timeScale: 10, nonceTtlMs: 500 })]);
  [s, s2] = await Promise.all([
    openPluginSession({ apiBase: emu.apiBase, publicKey: emu.publicKey, privateKey: emu.privateKey, env: { ATLAS_RESTORE_DEBUG: "1" } }),
    openPluginSession({
      apiBase: emu2.apiBase, publicKey: emu2.publicKey, privateKey: emu2.privateKey,
      extraConfig: { "atlas-restore:requestTimeoutSeconds": "1" }, env: { ATLAS_RESTORE_DEBUG: "1" },
    }),
  ]);
  await Promise.all([runPollRows(), runPostRows(), runRefreshRows(), runEmu2()]);
});
afterAll(async () => {
  if (emu && emu2) {
    const log = [...emu.requestLog, ...emu2.requestLog];
    const byKind: Record<string, number> = {};
    for (const e of log) if (e.fault) byKind[e.fault] = (byKind[e.fault] ?? 0) + 1;
    const firstAuth = emu2.requestLog.findIndex((e) => e.authenticated);
    console.log(
      `[reliability:faults] ${log.length} requests; faults served ${JSON.stringify(byKind)}; ` +
        `latency faults 4; stale-nonce 401s ${emu2.requestLog.slice(firstAuth).filter((e) => e.status === 401).length}; ` +
        `restores ${emu.jobs().length + emu2.jobs().length} jobs; plugin SIGKILLs 1`,
    );
  }
  await Promise.all([s?.close(), s2?.close()]);
  await Promise.all([emu?.close(), emu2?.close()]);
});

// ---------------------------------------------------------------------------------------------
// Assertions

describe("faults while the wait polls: it rides through within its budget (waitTimeoutMinutes 2)", () => {
  test.each(pollRows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const { cluster, outcome } = pollResults.get(row.name)!;
    expect(unwrapSecrets(ok(outcome).outputs).status).toBe("READY");
    expect(faultsServed(emu, cluster)).toBe(row.served); // every injected fault really hit a poll
    expect(postsSent(emu, cluster)).toBe(1);
    expect(restoresAt(emu, cluster)).toBe(1);
    if (row.waitLevel) expect(logsFor(s, cluster).filter((l) => /poll failed/.test(l))).toHaveLength(2);
  });

  test("Retry-After is honoured: the retry after each 429 came at least 2 s later (a lower bound, never flaky)", () => {
    const { cluster } = pollResults.get("429 with Retry-After: 2, x2")!;
    const gets = emu.requestLog.filter((e) => e.method === "GET" && e.path.includes(`/clusters/${cluster}/`) && e.authenticated);
    const after429 = gets.flatMap((e, i) => (e.status === 429 && gets[i + 1] ? [gets[i + 1].at - e.at] : []));
    expect(after429).toHaveLength(2);
    for (const gap of after429) expect(gap).toBeGreaterThanOrEqual(1_900);
  });
});

describe("a POST whose outcome is unknown is reconciled, never re-sent: exactly one restore, and it is the one in state", () => {
  test.each(postRows.filter((r) => r.committed).map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const { cluster, outcome } = postResults.get(row.name)!;
    const out = unwrapSecrets(ok(outcome).outputs) as { jobIds: string[]; status: string };
    const atEmulator = emu.jobs({ clusterName: cluster });
    expect(atEmulator).toHaveLength(row.sharded ? 3 : 1); // one restore (3 parts when sharded)
    expect(restoresAt(emu, cluster)).toBe(1);
    // Sent once; a 429 is the one answer that proves nothing was done, so that row re-sends once.
    expect(postsSent(emu, cluster)).toBe(/429/.test(row.name) ? 2 : 1);
    expect([...out.jobIds].sort()).toEqual(atEmulator.map((j) => j.id).sort());
    expect(out.status).toBe("READY");
    expect(faultsServed(emu, cluster)).toBeGreaterThanOrEqual(1);
    const reconciled = logsFor(s, cluster).some((l) => /outcome is unknown/.test(l) && /looking for the job/.test(l));
    expect(reconciled).toBe(!/429/.test(row.name));
  });

  test.each(postRows.filter((r) => !r.committed).map((r) => [r.name, r] as const))("%s: clear error, nothing in state, no job; the next up starts exactly one", (_name, row) => {
    const r = postResults.get(row.name)!;
    expect(r.outcome.ok).toBe(false);
    const error = (r.outcome as { error: Error }).error;
    expect(error).not.toBeInstanceOf(ResourceInitError);
    expect(error.message).toMatch(/got no usable answer/);
    expect(error.message).toMatch(/It was not sent again, so that a restore never runs twice/);
    expect(error.message).toMatch(/Nothing was recorded in state/);
    expect(r.inStateAfterFailure).toBe(false);
    expect(r.jobsAfterFailure).toBe(0);
    expect(r.postsAfterFailure).toBe(1);
    expect(faultsServed(emu, r.cluster)).toBe(1);

    const again = ok(r.rerun);
    expect(unwrapSecrets(again.outputs).status).toBe("READY");
    expect(restoresAt(emu, r.cluster)).toBe(1);
    expect(unwrapSecrets(again.outputs).jobIds).toEqual([emu.jobs({ clusterName: r.cluster })[0].id]);
  });
});

describe("refresh after transient 404s and 5xx keeps the job in state", () => {
  test.each(refreshRows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const { cluster, id, state, error } = refreshResults.get(row.name)!;
    expect(faultsServed(emu, cluster)).toBeGreaterThanOrEqual(1);
    expect(error === undefined).toBe(row.refreshSucceeds);
    if (error) expect(error.message).toMatch(/GET \/groups\/[a-f0-9]{4}…\/clusters\/Refresh\d\/restoreJobs\/[a-f0-9]{4}… failed: .*(404|status 200)/);
    const stored = Object.values(state.resources);
    if (row.kept) {
      expect(stored).toHaveLength(1);
      expect(stored[0].id).toBe(id);
    } else {
      expect(stored).toHaveLength(0);
    }
    expect(restoresAt(emu, cluster)).toBe(1);
  });
});

describe("emulator #2: digest nonces expire after 500 ms; atlas-restore:requestTimeoutSeconds = 1", () => {
  test("expired nonces: every poll and the second POST meet a stale nonce and re-authenticate; each POST is sent once", () => {
    expect(unwrapSecrets(ok(emu2Results.nonceA).outputs).status).toBe("READY");
    ok(emu2Results.nonceB);
    const onNonce = emu2.requestLog.filter((e) => e.path.includes("/clusters/Nonce/"));
    // Every 401 after the first authenticated request is a stale nonce, answered and re-sent.
    const firstAuthenticated = onNonce.findIndex((e) => e.authenticated);
    expect(onNonce.slice(firstAuthenticated).filter((e) => e.status === 401).length).toBeGreaterThanOrEqual(3);
    expect(onNonce.filter((e) => e.method === "POST" && e.authenticated)).toHaveLength(2);
    expect(restoresAt(emu2, "Nonce")).toBe(2);
  });

  test("latency beyond the timeout on polls (1.8 s, twice): timed out, retried, READY; one POST", () => {
    expect(unwrapSecrets(ok(emu2Results.slowPoll).outputs).status).toBe("READY");
    expect(s2.logs.filter((l) => l.includes("/SlowPoll/") && /-> ATLAS_TIMEOUT/.test(l))).toHaveLength(2);
    expect(s2.logs.some((l) => l.includes("/SlowPoll/") && /retry 1 in \d+ ms after UND_ERR_HEADERS_TIMEOUT/.test(l))).toBe(true);
    expect(postsSent(emu2, "SlowPoll")).toBe(1);
  });

  test("a slow POST (2 s) times out, is committed late and found by reconciliation: one restore, the one in state", () => {
    const r = ok(emu2Results.slowPost);
    const jobs = emu2.jobs({ clusterName: "SlowPost" });
    expect(jobs).toHaveLength(1);
    expect(unwrapSecrets(r.outputs).jobIds).toEqual([jobs[0].id]);
    expect(postsSent(emu2, "SlowPost")).toBe(1);
    expect(s2.logs.some((l) => l.includes("SlowPost") && /outcome is unknown.*headers timeout/.test(l))).toBe(true);
  });

  test("an automated restore whose POST is committed only after reconciliation gave up: clear error, nothing in state; the next up refuses a second restore and names the job; adopt takes it over", () => {
    const v = emu2Results.verySlow!;
    expect(v.first.ok).toBe(false);
    const err = (v.first as { error: Error }).error;
    expect(err).not.toBeInstanceOf(ResourceInitError);
    expect(err.message).toMatch(/headers timeout \(UND_ERR_HEADERS_TIMEOUT\)/);
    expect(err.message).toMatch(/atlas-restore:requestTimeoutSeconds/);
    expect(err.message).toMatch(/It was not sent again.*Nothing was recorded in state/s);
    expect(v.inStateAfterFailure).toBe(false);

    expect(v.refused.ok).toBe(false);
    const refused = (v.refused as { error: Error }).error;
    expect(refused.message).toMatch(/is still running\. No second restore was started/);
    expect(refused.message).toContain(`adopt: "${v.jobId}"`);

    expect(ok(v.adopted).id).toBe(`${v.projectId}/VerySlowPost/${v.jobId}`);
    expect(restoresAt(emu2, "VerySlowPost")).toBe(1);
    expect(postsSent(emu2, "VerySlowPost")).toBe(1);
  });
});

describe("state across `up`s and plugin processes", () => {
  const twice = {
    "twice-http": () => ({ __provider: s.providerText, projectId: IDS.projectId, clusterName: IDS.cluster0.name, snapshotId: IDS.cluster0.snapshotId, delivery: { methodName: "HTTP", maxDownloads: 4 } }),
    "twice-auto": () => ({ __provider: s.providerText, projectId: IDS.projectId, clusterName: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drOrders0.name } }),
  };
  const ids: Record<string, string> = {};
  const allPosts = () => emu.requestLog.filter((e) => e.method === "POST" && e.authenticated).length;

  test("up four times and once after a refresh, unchanged inputs (HTTP sharded and automated): one POST each, then none", async () => {
    const before = allPosts();
    const first = await Promise.all(Object.entries(twice).map(([name, inputs]) => s.engine.register(RESTORE_JOB_TYPE, name, inputs())));
    for (const r of first) expect(unwrapSecrets(r.outputs).status).toBe("READY");
    Object.keys(twice).forEach((name, i) => (ids[name] = first[i].id));
    const afterFirstUp = allPosts();
    expect(afterFirstUp - before).toBe(2);
    const mark = s.engine.steps.length;
    for (let i = 0; i < 3; i++) for (const [name, inputs] of Object.entries(twice)) await s.engine.register(RESTORE_JOB_TYPE, name, inputs());
    await s.engine.refresh();
    for (const [name, inputs] of Object.entries(twice)) await s.engine.register(RESTORE_JOB_TYPE, name, inputs());
    const steps = s.engine.steps.slice(mark).filter((st) => st.urn.includes("twice-"));
    expect(steps.filter((st) => st.kind === "same")).toHaveLength(8);
    expect(steps.filter((st) => st.kind !== "same" && st.kind !== "refresh")).toEqual([]);
    expect(allPosts()).toBe(afterFirstUp);
  });

  test("SIGKILL mid-wait with four restores in flight, then refresh and the next up: no id in state is lost, no second automated restore starts while the first runs", async () => {
    // B is in state already: its first wait timed out (partial failure recorded with its id).
    const b = addProjectWithClusters(emu, ["KillResume"]);
    emu.setRestoreBehaviour(b.projectId, "KillResume", { jobDurationMs: 70_000 }); // 7 real seconds
    const bInputs = (extra: Props = {}) => http(s, b.projectId, "KillResume", b.snapshots.KillResume, extra);
    const timedOut = await failure(s.engine.register(RESTORE_JOB_TYPE, "kill-b", bInputs({ waitTimeoutMinutes: 0.02 })));
    expect(timedOut).toBeInstanceOf(ResourceInitError);
    const urnB = s.engine.urnOf(RESTORE_JOB_TYPE, "kill-b");
    const idB = s.state.resources[urnB].id;

    // A: an automated restore in Create. C: an HTTP restore in Create.
    const a = addProjectWithClusters(emu, ["KillSrc", "KillDst"]);
    emu.setRestoreBehaviour(a.projectId, "KillSrc", { jobDurationMs: 150_000 }); // 15 real seconds
    const aInputs = (extra: Props = {}) => automated(s, a.projectId, "KillSrc", a.snapshots.KillSrc, "KillDst", extra);
    const c = addProjectWithClusters(emu, ["KillHttp"]);
    emu.setRestoreBehaviour(c.projectId, "KillHttp", { jobDurationMs: 100_000 });
    const cInputs = (extra: Props = {}) => http(s, c.projectId, "KillHttp", c.snapshots.KillHttp, extra);
    // D: a short automated restore in Create, which will have finished by the next `up`.
    const d = addProjectWithClusters(emu, ["KillShortSrc", "KillShortDst"]);
    emu.setRestoreBehaviour(d.projectId, "KillShortSrc", { jobDurationMs: 40_000 }); // 4 real seconds
    const dInputs = (extra: Props = {}) => automated(s, d.projectId, "KillShortSrc", d.snapshots.KillShortSrc, "KillShortDst", extra);

    const mark = emu.requestLog.length;
    const inFlight = [
      failure(s.engine.register(RESTORE_JOB_TYPE, "kill-a", aInputs())),
      failure(s.engine.register(RESTORE_JOB_TYPE, "kill-b", bInputs())),
      failure(s.engine.register(RESTORE_JOB_TYPE, "kill-c", cInputs())),
      failure(s.engine.register(RESTORE_JOB_TYPE, "kill-d", dInputs())),
    ];
    const started = (cluster: string) => restoresAt(emu, cluster) === 1 && s.logs.some((l) => new RegExp(`${cluster}: restore [a-f0-9]{24} started`).test(l));
    await until(
      () => started("KillSrc") && started("KillHttp") && started("KillShortSrc") &&
        emu.requestLog.slice(mark).some((e) => e.method === "GET" && e.path.includes("/KillResume/") && e.status === 200),
      "all three to be waiting",
    );
    const jobA = emu.jobs({ clusterName: "KillSrc" })[0];
    const jobC = emu.jobs({ clusterName: "KillHttp" })[0];
    expect([jobA, jobC, ...emu.jobs({ clusterName: "KillResume" })].map((j) => j.statusName)).toEqual(["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS"]);
    await s.restart("SIGKILL");
    for (const e of await Promise.all(inFlight)) expect(e).not.toBeInstanceOf(ResourceInitError);

    // What the engine holds now, as real Pulumi would after a provider crash mid-Create: nothing for A and C; B unchanged.
    expect(s.state.resources[s.engine.urnOf(RESTORE_JOB_TYPE, "kill-a")]).toBeUndefined();
    expect(s.state.resources[s.engine.urnOf(RESTORE_JOB_TYPE, "kill-c")]).toBeUndefined();
    expect(s.state.resources[urnB].id).toBe(idB);
    // The killed plugin printed A's and C's ids before waiting (the CLI shows provider output).
    expect(s.logs.some((l) => l.includes(`restore ${jobA.id} started`) && l.includes(`resource id ${a.projectId}/KillSrc/${jobA.id}`))).toBe(true);
    expect(s.logs.some((l) => l.includes(`restore ${jobC.id} started`))).toBe(true);

    // Refresh (a new plugin process): B and every earlier resource are kept.
    const inState = Object.keys(s.state.resources).length;
    await s.engine.refresh();
    expect(Object.keys(s.state.resources)).toHaveLength(inState);
    expect(s.state.resources[urnB].id).toBe(idB);

    // The resources of the previous test are still "same" in the new process: no POST.
    const posts = allPosts();
    for (const [name, inputs] of Object.entries(twice)) expect((await s.engine.register(RESTORE_JOB_TYPE, name, inputs())).id).toBe(ids[name]);
    expect(allPosts()).toBe(posts);

    // A: the next up refuses to start a second automated restore and names the running one; adopt takes it over.
    const refused = await failure(s.engine.register(RESTORE_JOB_TYPE, "kill-a", aInputs()));
    expect(refused.message).toMatch(/is still running\. No second restore was started/);
    expect(refused.message).toContain(`adopt: "${jobA.id}"`);
    const adopted = await s.engine.register(RESTORE_JOB_TYPE, "kill-a", aInputs({ adopt: jobA.id, waitFor: "none" }));
    expect(adopted.id).toBe(`${a.projectId}/KillSrc/${jobA.id}`);
    expect(restoresAt(emu, "KillSrc")).toBe(1);
    expect(postsSent(emu, "KillSrc")).toBe(1);

    // B: the next up resumes waiting on the same job.
    const doneB = await s.engine.register(RESTORE_JOB_TYPE, "kill-b", bInputs());
    expect(doneB.id).toBe(idB);
    expect(unwrapSecrets(doneB.outputs).status).toBe("READY");
    expect(restoresAt(emu, "KillResume")).toBe(1);

    // C, KNOWN GAP (docs/RELIABILITY.md): HTTP restores are not guarded, so a plain re-run starts a
    // second download job. The first one's id was printed above; `adopt` would have taken it over.
    const rerunC = await s.engine.register(RESTORE_JOB_TYPE, "kill-c", cInputs({ waitFor: "none" }));
    expect(rerunC.id).not.toContain(jobC.id);
    expect(restoresAt(emu, "KillHttp")).toBe(2);

    // D, KNOWN GAP (docs/RELIABILITY.md): the guard only sees a restore that is still running. Once
    // the killed `up`'s automated restore has finished, a plain re-run starts a second one.
    await until(() => emu.jobs({ clusterName: "KillShortSrc" })[0].statusName === "FINISHED", "D to finish");
    expect(s.state.resources[s.engine.urnOf(RESTORE_JOB_TYPE, "kill-d")]).toBeUndefined();
    await s.engine.register(RESTORE_JOB_TYPE, "kill-d", dInputs({ waitFor: "none" }));
    expect(restoresAt(emu, "KillShortSrc")).toBe(2);
  });
});

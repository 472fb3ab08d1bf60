/**
 * Load. (1) 200 restore jobs across 20 clusters in 4 projects, all at once, through ONE real
 * plugin process (200 concurrent Check + Create calls, as one `pulumi up` of 200 resources),
 * against the emulator's per-project rate limit, with a noisy neighbour that ignores the budget
 * and fills the window our first requests land in.
 * (2) The emulator under 1,000 concurrent requests from the product's own AtlasClient.
 *
 * Time is scaled honestly: the emulator allows Atlas's 100 requests per project per window, with
 * the window cut from 60 s to 6 s; the provider's budget is told the same window
 * (atlas-restore:rateLimitWindowSeconds = 6) and keeps Atlas's 100 requests per window. Restores
 * take 5 real seconds (timeScale 20), so each job costs a POST plus about two polls: about 150
 * requests per project, half again what one window allows.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { unwrapSecrets } from "../../local-engine/engine";
import { AtlasClient, isAtlasError, resetRateLimiters } from "../../provider/atlas";
import type { RestoreJob } from "../../provider/atlas/models";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { addProjectWithClusters, type Props } from "./helpers";

jest.setTimeout(180_000);

const PROJECTS = 4;
const CLUSTERS_PER_PROJECT = 5;
const JOBS_PER_CLUSTER = 10;
const WINDOW_MS = 6_000;
const LIMIT = 100;

describe(`${PROJECTS * CLUSTERS_PER_PROJECT * JOBS_PER_CLUSTER} restore jobs, ${PROJECTS * CLUSTERS_PER_PROJECT} clusters, ${PROJECTS} projects, all at once through one plugin, under ${LIMIT} requests per project per window`, () => {
  let emu: Emulator;
  let s: PluginSession;
  const projects: { projectId: string; snapshots: Record<string, string> }[] = [];
  const results: { name: string; projectId: string; cluster: string; ok: boolean; id?: string; outputs?: Props; error?: Error }[] = [];
  let neighbour: { sent: number; failed: number; throttled: number } = { sent: 0, failed: 0, throttled: 0 };

  beforeAll(async () => {
    emu = await startEmulator({ timeScale: 20, rateLimit: { requests: LIMIT, windowMs: WINDOW_MS } });
    for (let p = 0; p < PROJECTS; p++) {
      const names = Array.from({ length: CLUSTERS_PER_PROJECT }, (_, c) => `Load${p}c${c}`);
      const project = addProjectWithClusters(emu, names);
      for (const n of names) emu.setRestoreBehaviour(project.projectId, n, { jobDurationMs: 100_000 }); // 5 real seconds
      projects.push(project);
    }
    s = await openPluginSession({
      apiBase: emu.apiBase, publicKey: emu.publicKey, privateKey: emu.privateKey,
      extraConfig: { "atlas-restore:rateLimitWindowSeconds": String(WINDOW_MS / 1000) },
    });

    // A noisy neighbour in the first project: another client, outside our budget, sends 105 lists
    // at once, opening the project's window and overrunning it, just before our 200 creates go
    // out. Our budget knows nothing of it, so our first requests land in a full window and are
    // answered 429: the provider must ride them out. (Fired mid-run, the burst raced our own
    // budget: when our requests had filled the window first, it only throttled the neighbour.)
    neighbour = await noisyNeighbour(emu, projects[0].projectId, Object.keys(projects[0].snapshots)[0]);

    const runs: Promise<void>[] = [];
    projects.forEach(({ projectId, snapshots }) => {
      for (const cluster of Object.keys(snapshots)) {
        for (let j = 0; j < JOBS_PER_CLUSTER; j++) {
          const name = `${cluster}-job${j}`;
          const inputs = {
            __provider: s.providerText, projectId, clusterName: cluster, snapshotId: snapshots[cluster],
            delivery: { methodName: "HTTP", maxDownloads: j + 1 }, waitTimeoutMinutes: 5,
          };
          runs.push(
            s.engine.register(RESTORE_JOB_TYPE, name, inputs).then(
              (r) => void results.push({ name, projectId, cluster, ok: true, id: r.id, outputs: r.outputs }),
              (error: Error) => void results.push({ name, projectId, cluster, ok: false, error }),
            ),
          );
        }
      }
    });
    await Promise.all(runs);
  });
  afterAll(async () => {
    await s?.close();
    await emu?.close();
  });

  const total = PROJECTS * CLUSTERS_PER_PROJECT * JOBS_PER_CLUSTER;

  test("every job completes: no user-visible error, every resource READY with an id", () => {
    const errors = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error?.message}`);
    expect(errors).toEqual([]);
    expect(results).toHaveLength(total);
    for (const r of results) expect(unwrapSecrets(r.outputs ?? {}).status).toBe("READY");
  });

  test("zero lost, zero duplicates: the emulator holds exactly one restore per resource, and each is the one in state", () => {
    const atEmulator = emu.jobs();
    expect(atEmulator).toHaveLength(total);
    expect(new Set(atEmulator.map((j) => j.id)).size).toBe(total);
    const inState = Object.values(s.state.resources).map((r) => (unwrapSecrets(r.outputs) as { jobIds: string[] }).jobIds[0]);
    expect(inState).toHaveLength(total);
    expect(new Set(inState).size).toBe(total);
    expect([...inState].sort()).toEqual(atEmulator.map((j) => j.id).sort());
    // Each resource got the job of its own request (maxDownloads j+1 on its own cluster).
    const byId = new Map(atEmulator.map((j) => [j.id, j]));
    for (const r of results) {
      const out = unwrapSecrets(r.outputs!) as { jobIds: string[] };
      const job = byId.get(out.jobIds[0])!;
      expect(job.clusterName).toBe(r.cluster);
      expect(job.groupId).toBe(r.projectId);
      expect(job.delivery.maxDownloads).toBe(Number(/job(\d+)$/.exec(r.name)![1]) + 1);
    }
    expect(emu.requestLog.filter((e) => e.method === "POST" && e.authenticated && e.status === 200)).toHaveLength(total);
  });

  test("the limit was really in play, and zero 429s reached the user", () => {
    const perProject = projects.map(({ projectId }) => emu.requestLog.filter((e) => e.projectId === projectId && e.authenticated).length);
    // More than one window's worth per project, so the budget had to hold requests back.
    for (const n of perProject) expect(n).toBeGreaterThan(LIMIT);
    const sent429 = emu.requestLog.filter((e) => e.status === 429).length;
    const userVisible429 = results.filter((r) => !r.ok && /429|RATE_LIMITED/.test(r.error?.message ?? "")).length;
    expect(userVisible429).toBe(0);
    // The neighbour's burst pushed the first project over the limit: the emulator did send 429s,
    // to the neighbour (which does not retry) and, while that window lasted, to our provider.
    expect(neighbour.throttled).toBe(5);
    expect(neighbour.throttled).toBeGreaterThan(0);
    expect(sent429).toBeGreaterThan(neighbour.throttled);
    console.log(
      `[reliability:load] ${total} jobs; requests per project ${perProject.join(", ")}; ` +
        `429s sent by the emulator ${sent429} (${neighbour.throttled} to the neighbour, ${sent429 - neighbour.throttled} to the provider); ` +
        `429s reaching the user ${userVisible429}; all requests ${emu.requestLog.length}`,
    );
  });
});

/** Another client of the same project that ignores our budget (its own, far larger). */
async function noisyNeighbour(emu: Emulator, projectId: string, cluster: string) {
  const client = new AtlasClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey, requestsPerMinute: 100_000, retry: { limit: 0 } });
  try {
    const outcomes = await Promise.all(
      Array.from({ length: LIMIT + 5 }, () => client.listRestoreJobs(projectId, cluster).then(() => "ok", (e: unknown) => (isAtlasError(e) && /429/.test(e.message) ? "429" : "error"))),
    );
    return { sent: outcomes.length, failed: outcomes.filter((o) => o !== "ok").length, throttled: outcomes.filter((o) => o === "429").length };
  } finally {
    await client.close();
  }
}

describe("the emulator under 1,000 concurrent requests from the product's AtlasClient (one digest session, 4 projects, 20 clusters)", () => {
  let emu: Emulator;
  let client: AtlasClient;
  const created: RestoreJob[][] = [];
  const reads: RestoreJob[][] = [];
  const errors: string[] = [];
  const targets: { projectId: string; cluster: string; snapshotId: string }[] = [];

  beforeAll(async () => {
    resetRateLimiters();
    emu = await startEmulator({ timeScale: 20, rateLimit: false });
    for (let p = 0; p < 4; p++) {
      const names = Array.from({ length: 5 }, (_, c) => `Burst${p}c${c}`);
      const { projectId, snapshots } = addProjectWithClusters(emu, names);
      for (const n of names) targets.push({ projectId, cluster: n, snapshotId: snapshots[n] });
    }
    client = new AtlasClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey, requestsPerMinute: 100_000, retry: { limit: 0 } });
    await client.listRestoreJobs(targets[0].projectId, targets[0].cluster); // one challenge: then 1,000 requests share one nonce
    const requests = Array.from({ length: 1_000 }, (_, i) => {
      const t = targets[Math.floor(i / 5) % targets.length]; // each cluster: 20 creates and 30 lists
      if (i % 5 < 2) {
        return client
          .createRestoreJobs(t.projectId, t.cluster, { delivery: { methodName: "HTTP", maxDownloads: i + 1 }, snapshotId: t.snapshotId })
          .then((jobs) => void created.push(jobs));
      }
      return client.listRestoreJobs(t.projectId, t.cluster).then((jobs) => void reads.push(jobs));
    });
    await Promise.all(requests.map((p) => p.catch((e: Error) => void errors.push(e.message))));
  });
  afterAll(async () => {
    await client?.close();
    await emu?.close();
  });

  test("every request succeeded: 400 creates, 600 lists", () => {
    expect(errors).toEqual([]);
    expect(created).toHaveLength(400);
    expect(reads).toHaveLength(600);
    expect(emu.requestLog.filter((e) => e.status !== 200 && e.status !== 401)).toEqual([]);
    expect(emu.requestLog.filter((e) => e.status === 401)).toHaveLength(1); // the single initial challenge
  });

  test("no lost, duplicated or corrupted job: every created job is stored once, intact, on its own cluster", () => {
    const jobs = created.flat();
    expect(jobs).toHaveLength(400);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(400);
    const stored = new Map(emu.jobs().map((j) => [j.id, j]));
    expect(stored.size).toBe(400);
    // What a job is never changes (its status does, with time): compare those fields.
    const identity = (j: RestoreJob) => ({
      id: j.id, groupId: j.groupId, clusterId: j.clusterId, clusterName: j.clusterName, batchId: j.batchId, created: j.created,
      snapshotId: j.snapshotId, timestamp: j.timestamp, methodName: j.delivery.methodName, maxDownloads: j.delivery.maxDownloads,
      expirationHours: j.delivery.expirationHours, self: j.links?.[0]?.href,
    });
    for (const job of jobs) {
      const same = stored.get(job.id);
      expect(same).toBeDefined();
      expect(identity(same!)).toEqual(identity(job));
    }
    // Each POST's own maxDownloads came back on its own job: no answer was crossed with another.
    const maxDownloads = jobs.map((j) => j.delivery.maxDownloads).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(maxDownloads).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1).filter((n) => (n - 1) % 5 < 2));
    // Per cluster: 20 jobs each, and a list now returns exactly those.
    for (const t of targets) expect(emu.jobs({ projectId: t.projectId, clusterName: t.cluster })).toHaveLength(20);
  });

  test("lists read during the burst were consistent: no duplicates, only jobs of their own cluster", () => {
    for (const list of reads) {
      expect(new Set(list.map((j) => j.id)).size).toBe(list.length);
      expect(new Set(list.map((j) => j.clusterName)).size).toBeLessThanOrEqual(1);
    }
  });
});

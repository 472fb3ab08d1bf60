/**
 * Measurement 4: 200 restores across 4 projects (50 each) under the emulator's limit of 100
 * requests per 60 s per project, in REAL time (the client's per-project budget has a fixed 60 s
 * window + 1 s margin that cannot be configured, so the server window is the real 60 s too).
 * Each restore is the provider's create path: the safety core's create path and wait (createAndWait) (waitFor "ready", the
 * provider's own schedule), all 200 started at once, as one `pulumi up` of 200 resources.
 *
 * Two cases, run side by side on two emulators:
 *   - one process: one AtlasClient, so the process-wide budget sees every request;
 *   - two processes: two clients at two addresses of the same emulator (127.0.0.1, 127.0.0.2), so
 *     two budgets that do not know about each other share each project's server limit (two
 *     stacks, or the provider plus another tool, on the same projects) and 429s must be ridden out.
 */
import { startEmulator, type Emulator } from "../emulator";
import type { AtlasClient } from "../provider/atlas";
import { legacyRestoreAdapter, type RestoreJobInputs, type RestoreJobsApi } from "../provider/restore-job";
import { createAndWait, type RestoreContext } from "../provider/restore-core";
import { realNow } from "./clock";
import { addReplicaSet, benchId, clientOf, limitCounts, type LimitCounts, type RestoreTarget } from "./world";

export const LIMIT = { requests: 100, windowMs: 60_000 };
const PROJECTS = 4;
const JOBS_PER_PROJECT = 50;
const RESTORE_MS = 20_000;

export interface RateLimitResult extends LimitCounts {
  processes: number;
  jobs: number;
  wallMs: number;
  /** Busiest project: requests the server accepted (authenticated, not 429). */
  acceptedPerProject: number;
  /** (ceil(N / limit) - 1) windows: the earliest the last of N requests can be accepted. */
  minWallMs: number;
  ratio: number;
  /** The looser bound N / limit windows, for reference. */
  proportionalMinMs: number;
  /**
   * Slowest project: how long after the start (when the client granted its first requests) the
   * server counted the first one. The client's sliding window only matches the server's fixed
   * window while this stays under its 1 s margin.
   */
  firstCountedLagMs: number;
}

export async function measureRateLimit(processes: 1 | 2): Promise<RateLimitResult> {
  // 0.0.0.0 so the same emulator also answers on 127.0.0.2 (a second budget key).
  const emu = await startEmulator({ host: "0.0.0.0", rateLimit: LIMIT });
  const port = new URL(emu.baseUrl).port;
  const clients: AtlasClient[] = Array.from({ length: processes }, (_, i) =>
    clientOf(emu, { baseUrl: `http://127.0.0.${i + 1}:${port}` }));
  try {
    const targets = setUpProjects(emu, processes);
    const start = realNow();
    const errors: string[] = [];
    await Promise.all(
      targets.map(async (t, i) => {
        // Consecutive rounds of the 4 projects alternate between the clients: 25 + 25 per project.
        const client = clients[Math.floor(i / PROJECTS) % processes];
        try {
          await restore(client, t);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }),
    );
    const wallMs = realNow() - start;
    const log = [...emu.requestLog];
    const accepted = new Map<string, number>();
    for (const e of log) {
      if (e.authenticated && e.status !== 429 && e.projectId) accepted.set(e.projectId, (accepted.get(e.projectId) ?? 0) + 1);
    }
    const busiest = Math.max(...accepted.values());
    const firstCounted = new Map<string, number>();
    for (const e of log) if (e.authenticated && e.projectId && !firstCounted.has(e.projectId)) firstCounted.set(e.projectId, e.at);
    const firstCountedLagMs = Math.max(...[...firstCounted.values()].map((at) => at - start));
    const minWallMs = Math.max(RESTORE_MS, (Math.ceil(busiest / LIMIT.requests) - 1) * LIMIT.windowMs);
    return {
      processes,
      jobs: targets.length,
      wallMs,
      acceptedPerProject: busiest,
      minWallMs,
      ratio: wallMs / minWallMs,
      proportionalMinMs: (busiest / LIMIT.requests) * LIMIT.windowMs,
      firstCountedLagMs,
      ...limitCounts(log, clients, errors),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await emu.close();
  }
}

/** 4 projects with one replica set each; 50 restore targets per project, interleaved. */
function setUpProjects(emu: Emulator, processes: number): RestoreTarget[] {
  const projects = Array.from({ length: PROJECTS }, (_, p) => {
    const projectId = benchId(0x4000 + processes * 16 + p, 0);
    emu.addProject({ id: projectId, name: `Bench ${p}` });
    const clusterName = `Bench${p}`;
    const snapshotId = addReplicaSet(emu, projectId, clusterName, 0x4100 + processes * 16 + p);
    emu.setRestoreBehaviour(projectId, clusterName, { jobDurationMs: RESTORE_MS });
    return { projectId, clusterName, snapshotId };
  });
  return Array.from({ length: JOBS_PER_PROJECT * PROJECTS }, (_, i) => projects[i % PROJECTS]);
}

async function restore(client: AtlasClient, t: RestoreTarget): Promise<void> {
  const ctx: RestoreContext<RestoreJobsApi> = { api: client, log: () => undefined };
  const inputs: RestoreJobInputs = { ...t, delivery: { methodName: "HTTP" }, waitFor: "ready", waitTimeoutMinutes: 30 };
  await createAndWait(ctx, legacyRestoreAdapter, inputs);
}

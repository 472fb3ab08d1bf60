/**
 * Measurement 9: the v2 token-bucket budget. 20 Cloud Backup downloads (Atlas's limit of active
 * downloads per project) of 20 replica sets, started at once in ONE project, each the provider's
 * create path (the safety core's createAndWait, waitFor "ready"), in REAL time against an
 * emulator whose bucket is scaled down so that it binds: capacity 20, refill 10 per 2 s (Atlas:
 * 1200, 500 per 60 s, which 20 restores never reach).
 *
 * Three cases, side by side, each on its own emulator:
 *   - budget = server bucket: the client's `v2RateLimit` is the server's bucket;
 *   - default budget:         the client keeps Atlas's 1200/500 per min and only learns the
 *                             server's state from `RateLimit-Remaining` (and 429s);
 *   - two budgets:            two clients (two addresses of the same emulator, so two budget
 *                             keys), each set to the server bucket, 10 restores each: two
 *                             processes unaware of each other sharing the project's bucket.
 */
import { startEmulator, type Emulator } from "../emulator";
import type { CloudBackupClient, TokenBucketSetting } from "../provider/atlas";
import { cloudRestoreAdapter, type CloudBackupApi, type CloudBackupRestoreJobInputs } from "../provider/cloud-backup-job";
import { createAndWait, type RestoreContext } from "../provider/restore-core";
import { realNow } from "./clock";
import { addReplicaSet, benchId, cloudClientOf, limitCounts, type LimitCounts, type RestoreTarget } from "./world";

export const SERVER_BUCKET: TokenBucketSetting = { capacity: 20, refill: 10, intervalMs: 2_000 };
const RESTORES = 20;
const RESTORE_MS = 20_000;

export const BUCKET_CASES = ["budget = server bucket", "default budget (1200, 500/min)", "two budgets unaware of each other"] as const;
export type BucketCase = (typeof BUCKET_CASES)[number];

export interface TokenBucketResult extends LimitCounts {
  kase: BucketCase;
  restores: number;
  wallMs: number;
  /** Requests the server accepted in the project (authenticated, not 429). */
  accepted: number;
  /** Of them, the snapshot reads and POSTs that start the restores (before their clocks run). */
  acceptedStarts: number;
  /** The bucket-bound minimum, see `bucketMinimumMs`. */
  minWallMs: number;
  ratio: number;
}

/**
 * The earliest any client could finish, given the bucket (the first `capacity` requests at once,
 * the rest at the refill rate, continuously): the larger of
 *   - when the last of `accepted` requests can be accepted, and
 *   - when the last restore can be ready: its POST is at best the last of `starts` requests
 *     (every restore's snapshot read and POST), and it then takes `restoreMs`.
 */
export function bucketMinimumMs(accepted: number, starts: number, bucket: TokenBucketSetting, restoreMs: number): number {
  const at = (n: number) => (Math.max(0, n - bucket.capacity) * bucket.intervalMs) / bucket.refill;
  return Math.max(at(accepted), at(starts) + restoreMs);
}

export async function measureTokenBucket(kase: BucketCase, restores = RESTORES, restoreMs = RESTORE_MS): Promise<TokenBucketResult> {
  // 0.0.0.0 so the same emulator also answers on 127.0.0.2 (a second budget key, one server bucket).
  const emu = await startEmulator({ host: "0.0.0.0", rateLimit: false, v2RateLimit: SERVER_BUCKET });
  const port = new URL(emu.baseUrl).port;
  const budgets = kase === "two budgets unaware of each other" ? 2 : 1;
  const v2RateLimit = kase === "default budget (1200, 500/min)" ? undefined : SERVER_BUCKET;
  const clients = Array.from({ length: budgets }, (_, i) => cloudClientOf(emu, { baseUrl: `http://127.0.0.${i + 1}:${port}`, v2RateLimit }));
  try {
    const projectId = benchId(0x9000 + BUCKET_CASES.indexOf(kase), 0);
    const targets = setUp(emu, projectId, restores, restoreMs);
    const errors: string[] = [];
    const start = realNow();
    await Promise.all(targets.map(async (t, i) => {
      try {
        await restore(clients[i % budgets], t);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }));
    const wallMs = realNow() - start;
    const log = [...emu.requestLog];
    const counted = log.filter((e) => e.authenticated && e.status !== 429 && e.projectId === projectId);
    const accepted = counted.length;
    const acceptedStarts = counted.filter((e) => e.method === "POST" || e.path.includes("/snapshots")).length;
    const minWallMs = bucketMinimumMs(accepted, acceptedStarts, SERVER_BUCKET, restoreMs);
    return { kase, restores, wallMs, accepted, acceptedStarts, minWallMs, ratio: wallMs / minWallMs, ...limitCounts(log, clients, errors) };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await emu.close();
  }
}

/** One project with `n` Cloud Backup replica sets, one snapshot each (one download per snapshot). */
function setUp(emu: Emulator, projectId: string, n: number, restoreMs: number): RestoreTarget[] {
  emu.addProject({ id: projectId, name: "Bench token bucket" });
  return Array.from({ length: n }, (_, i) => {
    const clusterName = `CloudBench${i}`;
    const snapshotId = addReplicaSet(emu, projectId, clusterName, 0x9100 + i, "cloud");
    emu.setRestoreBehaviour(projectId, clusterName, { jobDurationMs: restoreMs });
    return { projectId, clusterName, snapshotId };
  });
}

async function restore(client: CloudBackupClient, t: RestoreTarget): Promise<void> {
  const ctx: RestoreContext<CloudBackupApi> = { api: client, log: () => undefined };
  const inputs: CloudBackupRestoreJobInputs = { ...t, deliveryType: "download", waitFor: "ready", waitTimeoutMinutes: 30 };
  await createAndWait(ctx, cloudRestoreAdapter, inputs);
}

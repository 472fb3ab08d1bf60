/**
 * Measurement 5: how many digest-authenticated requests per second the emulator answers, so a
 * CI drill knows what it can push. The emulator runs in its own process (rate limit off); this
 * process drives it with N AtlasClients (each its own connection pool and digest nonce), all
 * GETting the same restore job until a fixed count is done. Each client's one-off challenge is
 * paid in a warm-up before the clock starts.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { FIXTURE_IDS } from "../emulator";
import { AtlasClient } from "../provider/atlas";
import { percentile, realNow } from "./clock";

export interface ThroughputResult {
  clients: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const PROJECT = FIXTURE_IDS.projectId;
const CLUSTER = FIXTURE_IDS.replicaSet0.name;

interface Address {
  baseUrl: string;
  publicKey: string;
  privateKey: string;
}

export async function measureThroughput(levels: readonly number[] = [1, 8, 32], requestsPerLevel = 4_000): Promise<ThroughputResult[]> {
  const child = spawn(process.execPath, [join(__dirname, "emulator-process.js")], { stdio: ["pipe", "pipe", "inherit"] });
  try {
    const address = await new Promise<Address>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line) as Address));
      child.once("exit", (code) => reject(new Error(`emulator process exited with ${code}`)));
    });
    // No client-side budget here: this measures the server, not the 100/min limit.
    const newClient = () => new AtlasClient({ ...address, requestsPerMinute: 1e9 });
    const setup = newClient();
    const [job] = await setup.createRestoreJobs(PROJECT, CLUSTER, { snapshotId: FIXTURE_IDS.replicaSet0.snapshotId, delivery: { methodName: "HTTP" } });
    await setup.close();
    const results: ThroughputResult[] = [];
    for (const n of levels) results.push(await level(newClient, n, requestsPerLevel, job.id));
    return results;
  } finally {
    child.stdin?.end();
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
  }
}

async function level(newClient: () => AtlasClient, n: number, count: number, jobId: string): Promise<ThroughputResult> {
  const clients = Array.from({ length: n }, newClient);
  try {
    await Promise.all(clients.map((c) => c.getRestoreJob(PROJECT, CLUSTER, jobId))); // digest handshake
    const latencies: number[] = [];
    let issued = 0;
    const start = realNow();
    await Promise.all(
      clients.map(async (c) => {
        while (issued < count) {
          issued++;
          const t = realNow();
          await c.getRestoreJob(PROJECT, CLUSTER, jobId);
          latencies.push(realNow() - t);
        }
      }),
    );
    const seconds = (realNow() - start) / 1000;
    return { clients: n, requests: count, seconds, perSecond: count / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

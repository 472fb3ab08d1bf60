/**
 * Measurement 6: how many service-account token requests the provider makes, counted at the
 * emulator's token endpoint (Atlas caps a service account at 100 live tokens and rate-limits the
 * endpoint per IP address and client, atlas-v2-and-auth.md §3.1):
 *   - 200 restores created concurrently in one process (one AtlasClient, as one plugin process
 *     holds; and 200 AtlasClients, each its own connection pool): target 1;
 *   - one restore waited on for 2 emulated hours with 1-hour tokens, on the exact clock shared by
 *     the emulator and the client (token expiry is emulated time there): target ≤ 3.
 * Beside each: the API requests of the same run, which is what minting a token per request
 * would have cost.
 */
import { FIXTURE_IDS, startEmulator, type Emulator } from "../emulator";
import { AtlasClient, resetTokenSources } from "../provider/atlas";
import { legacyRestoreAdapter, type RestoreJobInputs, type RestoreJobsApi } from "../provider/restore-job";
import { createAndWait, type RestoreContext } from "../provider/restore-core";
import { virtualTime } from "./clock";
import { addReplicaSet } from "./world";

export interface TokenResult {
  kase: "200 restores, one client" | "200 restores, 200 clients" | "2 h wait";
  tokenRequests: number;
  apiRequests: number;
  /** Emulated ms the case covered (the wait), 0 otherwise. */
  emulatedMs: number;
}

const TOKEN = "/api/oauth/token";
const count = (emu: Emulator) => ({
  tokenRequests: emu.requestLog.filter((e) => e.path === TOKEN).length,
  apiRequests: emu.requestLog.filter((e) => e.path.startsWith("/api/atlas/")).length,
});
const clientOf = (emu: Emulator, extra: Partial<ConstructorParameters<typeof AtlasClient>[0]> = {}) =>
  new AtlasClient({ baseUrl: emu.baseUrl, clientId: emu.clientId, clientSecret: emu.clientSecret, requestsPerMinute: 1e9, ...extra });

export async function measureTokens(): Promise<TokenResult[]> {
  return [await concurrent(false), await concurrent(true), await longWait(7_200_000)];
}

async function concurrent(clientPerRestore: boolean): Promise<TokenResult> {
  resetTokenSources(); // a new process: no token yet
  const emu = await startEmulator({ rateLimit: false });
  const shared = clientOf(emu);
  const clients: AtlasClient[] = [shared];
  try {
    const projectId = FIXTURE_IDS.projectId;
    const snapshots = Array.from({ length: 200 }, (_, i) => addReplicaSet(emu, projectId, `Tok${i}`, 0x70000 + i));
    await Promise.all(snapshots.map((snapshotId, i) => {
      const client = clientPerRestore ? clientOf(emu) : shared;
      if (client !== shared) clients.push(client);
      return client.createRestoreJobs(projectId, `Tok${i}`, { snapshotId, delivery: { methodName: "HTTP" } });
    }));
    return { kase: clientPerRestore ? "200 restores, 200 clients" : "200 restores, one client", ...count(emu), emulatedMs: 0 };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await emu.close();
  }
}

async function longWait(restoreMs: number): Promise<TokenResult> {
  resetTokenSources();
  const time = virtualTime();
  const emu = await startEmulator({ clock: time.now, timeScale: 1, rateLimit: false });
  const client = clientOf(emu, { clock: time.now });
  try {
    const projectId = FIXTURE_IDS.projectId;
    const clusterName = FIXTURE_IDS.replicaSet0.name;
    emu.setRestoreBehaviour(projectId, clusterName, { jobDurationMs: restoreMs });
    const inputs: RestoreJobInputs = {
      projectId, clusterName, snapshotId: FIXTURE_IDS.replicaSet0.snapshotId, delivery: { methodName: "HTTP" }, waitFor: "ready", waitTimeoutMinutes: 240,
    };
    const ctx: RestoreContext<RestoreJobsApi> = { api: client, log: () => undefined, now: time.now, sleep: time.sleep };
    const started = time.now();
    await createAndWait(ctx, legacyRestoreAdapter, inputs);
    return { kase: "2 h wait", ...count(emu), emulatedMs: time.now() - started };
  } finally {
    await client.close();
    await emu.close();
  }
}

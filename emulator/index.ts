/**
 * Local MongoDB Atlas emulator (docs: emulator/README.md): the legacy restore jobs, snapshots
 * and checkpoints (v1.0, and deprecated on v2); the Admin API v2 Cloud Backup restore jobs,
 * snapshots and on-demand snapshots; the cluster and Flex probes the Atlas CLI makes first;
 * digest and service-account auth; all on an emulated clock where snapshots expire and
 * point-in-time restores keep to the restore window. Held to MongoDB's own clients
 * (tests/go-clients, tests/emulator/atlas-cli-flows.test.ts). This file only wires the parts together.
 */
import type { AddressInfo } from "node:net";
import { DigestAuth } from "./digest-auth";
import { Faults } from "./faults";
import { loadFixtures } from "./fixtures";
import {
  DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_MAX_LIVE_TOKENS, DEFAULT_TOKEN_LIFETIME_SECONDS, DEFAULT_TOKEN_RATE_LIMIT, OAuthServer,
} from "./oauth";
import { renderJob } from "./job-lifecycle";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "./rate-limit";
import { RequestLog } from "./request-log";
import { adminRoutes } from "./routes/admin";
import { downloadRoutes } from "./routes/downloads";
import { cloudBackupRoutes, cloudDownloadRoutes } from "./routes/cloud-backup";
import { cloudSnapshotRoutes } from "./routes/cloud-snapshots";
import { clusterRoutes } from "./routes/clusters";
import { legacySnapshotRoutes } from "./routes/legacy-snapshots";
import { restoreJobRoutes } from "./routes/restore-jobs";
import { renderCloudJob } from "./v2/cloud-job-lifecycle";
import { DEFAULT_TOKEN_BUCKET, TokenBucket } from "./v2/token-bucket";
import { V2_PREFIX, type VersionStatus } from "./v2/versioning";
import { createEmulatorServer } from "./server";
import type { Emulator, EmulatorOptions } from "./types";
import { World } from "./world";

export * from "./types";
export { DEFAULT_FIXTURES, FIXTURE_IDS, loadFixtures } from "./fixtures";
export type {
  CheckpointFixture, ClusterFixture, FixtureFile, ProjectFixture, ReplicaSetFixture, RestoreBehaviour, RestoreOutcome, SnapshotFixture,
} from "./fixture-schema";

export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TOKEN_LIFETIME_SECONDS, DEFAULT_MAX_LIVE_TOKENS, DEFAULT_TOKEN_RATE_LIMIT } from "./oauth";

export const DEFAULT_PUBLIC_KEY = "emulator-public-key";
export const DEFAULT_PRIVATE_KEY = "emulator-private-key";
const ATLAS_PREFIX = "/api/atlas/v1.0";

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? Date.now;
  const timeScale = positive(options.timeScale ?? 1, "timeScale");
  const nonceTtlMs = positive(options.nonceTtlMs ?? 300_000, "nonceTtlMs");
  const publicKey = options.publicKey ?? process.env.ATLAS_EMULATOR_PUBLIC_KEY ?? DEFAULT_PUBLIC_KEY;
  const privateKey = options.privateKey ?? process.env.ATLAS_EMULATOR_PRIVATE_KEY ?? DEFAULT_PRIVATE_KEY;
  const clientId = options.clientId ?? process.env.ATLAS_EMULATOR_CLIENT_ID ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? process.env.ATLAS_EMULATOR_CLIENT_SECRET ?? DEFAULT_CLIENT_SECRET;
  const host = options.host ?? "127.0.0.1";

  // Emulated time starts at real "now" and runs timeScale times faster.
  const realStart = clock();
  const world = new World(await loadFixtures(options.fixtures), () => realStart + (clock() - realStart) * timeScale);
  const faults = new Faults();
  const log = new RequestLog();
  const rateLimiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, clock);
  const tokenBucket = new TokenBucket(options.v2RateLimit ?? DEFAULT_TOKEN_BUCKET, clock);
  let v2VersionStatus: VersionStatus = options.v2VersionStatus ?? "current";
  const auth = options.auth === false
    ? undefined
    : new DigestAuth({ publicKey, privateKey, algorithm: options.digestAlgorithm ?? "MD5", nonceTtlMs, clock });

  const oauth = new OAuthServer({
    clientId,
    clientSecret,
    tokenLifetimeSeconds: positive(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS, "tokenLifetimeSeconds"),
    maxLiveTokens: options.maxLiveTokens ?? DEFAULT_MAX_LIVE_TOKENS,
    tokenRateLimit: options.tokenRateLimit ?? DEFAULT_TOKEN_RATE_LIMIT,
    realClock: clock,
  });

  let baseUrl = "";
  const jobs: Emulator["jobs"] = (filter) =>
    world.allJobs(filter).map((j) =>
      renderJob(j, world.now(), { origin: baseUrl, apiPrefix: ATLAS_PREFIX, clusterRef: j.clusterName, detailLinks: true }));
  const cloudJobs: Emulator["cloudJobs"] = (filter) =>
    world.allCloudJobs(filter).map((j) => renderCloudJob(j, world.now(), { origin: baseUrl, apiPrefix: V2_PREFIX }));

  const server = createEmulatorServer({
    world, auth, oauth, faults, rateLimiter, tokenBucket, log, clock,
    v2VersionStatus: () => v2VersionStatus,
    apiRoutes: [...restoreJobRoutes(), ...legacySnapshotRoutes(), ...cloudBackupRoutes(), ...cloudSnapshotRoutes(), ...clusterRoutes()],
    downloadRoutes: [...downloadRoutes(), ...cloudDownloadRoutes()],
    oauthRoutes: oauth.routes(),
    adminRoutes: adminRoutes({ faults, log, rateLimiter, jobs, tokens: oauth, timeScale }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep backlog so bursts of ~1,000 new connections are not refused.
    server.listen({ port: options.port ?? 0, host, backlog: 4096 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    baseUrl,
    apiBase: baseUrl + ATLAS_PREFIX,
    v2ApiBase: baseUrl + V2_PREFIX,
    publicKey,
    privateKey,
    clientId,
    clientSecret,
    tokens: oauth,
    faults,
    requestLog: log.entries,
    clearRequestLog: () => log.clear(),
    addProject: (p) => void world.addProject(p),
    addCluster: (projectId, c) => void world.addCluster(projectId, c),
    addSnapshot: (projectId, clusterName, s) => void world.addSnapshot(projectId, clusterName, s),
    setRestoreBehaviour: (projectId, clusterName, b) => world.setRestoreBehaviour(projectId, clusterName, b),
    jobs,
    cloudJobs,
    setRateLimit: (limit) => rateLimiter.set(limit),
    setV2RateLimit: (limit) => tokenBucket.set(limit),
    setV2VersionStatus: (status) => {
      v2VersionStatus = status;
    },
    // Idempotent: a second close() (afterEach + afterAll) resolves at once.
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`[atlas-emulator] Invalid ${name} ${value}. Please pass a positive number.`);
  }
  return value;
}

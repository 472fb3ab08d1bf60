/**
 * Public API of the local Atlas emulator (re-exported by emulator/index.ts).
 */
import type { RestoreJob } from "../provider/atlas/models";
import type { FaultControl } from "./faults";
import type { TokenControl } from "./oauth";
import type { ClusterFixture, FixtureFile, ProjectFixture, RestoreBehaviour, SnapshotFixture } from "./fixture-schema";
import type { RequestLogEntry } from "./request-log";
import type { TokenBucketSetting } from "./v2/token-bucket";
import type { VersionStatus } from "./v2/versioning";

export interface EmulatorOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Digest username. @default env ATLAS_EMULATOR_PUBLIC_KEY, else "emulator-public-key" */
  publicKey?: string;
  /** Digest password. @default env ATLAS_EMULATOR_PRIVATE_KEY, else "emulator-private-key" */
  privateKey?: string;
  /** Service-account client id. @default env ATLAS_EMULATOR_CLIENT_ID, else "mdb_sa_id_emulator" */
  clientId?: string;
  /** Service-account client secret. @default env ATLAS_EMULATOR_CLIENT_SECRET, else "mdb_sa_sk_emulator" */
  clientSecret?: string;
  /**
   * Access-token lifetime in REAL seconds, as `expires_in` states (clients such as MongoDB's Go SDK
   * cache a token that long whatever `timeScale` is). @default 3600
   */
  tokenLifetimeSeconds?: number;
  /** Live tokens one client may hold; the next request gets 403 access_denied. @default 100 */
  maxLiveTokens?: number;
  /** Token endpoint limit per IP address and client id, fixed window in REAL ms. @default { requests: 50, windowMs: 60_000 } */
  tokenRateLimit?: { requests: number; windowMs: number } | false;
  /** false = no digest and no Bearer check on API routes, for use behind an authenticating proxy. @default true */
  auth?: boolean;
  /** Atlas for Government uses SHA-256 (§6). @default "MD5" */
  digestAlgorithm?: "MD5" | "SHA-256";
  /** Real ms a nonce stays valid; after it, 401 with stale=true. @default 300_000 */
  nonceTtlMs?: number;
  /**
   * Emulated ms per real ms. @default 1
   * **Note:** 60 makes an emulated 10-minute restore take 10 real seconds; PIT windows (24 h)
   * and download expiry use the same emulated clock.
   */
  timeScale?: number;
  /** Per project, fixed window in REAL ms (§5.3). @default { requests: 100, windowMs: 60_000 } */
  rateLimit?: { requests: number; windowMs: number } | false;
  /**
   * The v2 (Cloud Backups) token bucket per project, in REAL ms (atlas-v2-and-auth.md §6).
   * @default { capacity: 1200, refill: 500, intervalMs: 60_000 }
   */
  v2RateLimit?: TokenBucketSetting | false;
  /** Lifecycle of v2 version 2023-01-01: "deprecated" adds Deprecation/Sunset headers, "sunset" answers 410. @default "current" */
  v2VersionStatus?: VersionStatus;
  /** Fixture object or path to a JSON file. @default DEFAULT_FIXTURES */
  fixtures?: FixtureFile | string;
  /** Real-time source in ms, so tests can move time. @default Date.now */
  clock?: () => number;
}

export interface Emulator {
  /** "http://127.0.0.1:PORT"; the API is served under /api/atlas/v1.0 and /api/public/v1.0. */
  readonly baseUrl: string;
  /** baseUrl + "/api/atlas/v1.0". */
  readonly apiBase: string;
  /** baseUrl + "/api/atlas/v2" (Cloud Backup restore jobs and snapshots; the legacy API, versioned). */
  readonly v2ApiBase: string;
  readonly publicKey: string;
  readonly privateKey: string;
  /** Service-account credentials the token endpoint accepts (`POST /api/oauth/token`). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Token counters and early expiry / revocation. */
  readonly tokens: TokenControl;
  readonly faults: FaultControl;
  /** Every API and download request, in arrival order (live array; control endpoints are not logged). */
  readonly requestLog: RequestLogEntry[];
  clearRequestLog(): void;
  /** Run-time fixture additions, validated with zod; they throw on invalid or duplicate input. */
  addProject(p: ProjectFixture): void;
  addCluster(projectId: string, c: ClusterFixture): void;
  addSnapshot(projectId: string, clusterName: string, s: SnapshotFixture): void;
  /** Applies to jobs created afterwards (a job keeps the behaviour it was created with). */
  setRestoreBehaviour(projectId: string, clusterName: string, b: Partial<RestoreBehaviour>): void;
  /** Current rendered state, oldest first, for assertions. */
  jobs(filter?: { projectId?: string; clusterName?: string }): RestoreJob[];
  /** Current rendered Cloud Backup (v2) restore jobs, oldest first. */
  cloudJobs(filter?: { projectId?: string; clusterName?: string }): Record<string, unknown>[];
  /** New limit; per-project counters start afresh. */
  setRateLimit(limit: { requests: number; windowMs: number } | false): void;
  /** New v2 token bucket; buckets start full. */
  setV2RateLimit(limit: TokenBucketSetting | false): void;
  setV2VersionStatus(status: VersionStatus): void;
  close(): Promise<void>;
}

export type { FaultControl, FailNextFault, LatencyFault, FaultKind } from "./faults";
export type { RequestLogEntry } from "./request-log";
export type { TokenControl } from "./oauth";

/**
 * Emulator set-up shared by the measurements: deterministic ids, clusters added at run time,
 * AtlasClients pointed at an emulator, and counting over the emulator's request log.
 */
import type { Emulator, RequestLogEntry } from "../emulator";
import { AtlasClient, CloudBackupClient, type AtlasClientOptions, type AtlasClientStats, type CloudBackupClientOptions } from "../provider/atlas";

/** A 24-hex id unique per (tag, n): "be" + 6 hex of tag + 16 hex of n. */
export function benchId(tag: number, n: number): string {
  return `be${tag.toString(16).padStart(6, "0")}${n.toString(16).padStart(16, "0")}`;
}

const SNAPSHOT_TIME = { created: "2018-01-26T09:00:00Z", timestamp: { date: "2018-01-26T08:59:59Z", increment: 1 } };

/** Which backup API serves a cluster added here (the emulator's `backup` fixture field). */
export type BenchBackup = "legacy" | "cloud";

/** Adds a replica set with one snapshot; returns the snapshot id. */
export function addReplicaSet(emu: Emulator, projectId: string, name: string, tag: number, backup: BenchBackup = "legacy"): string {
  const snapshotId = benchId(tag, 2);
  emu.addCluster(projectId, { name, id: benchId(tag, 1), type: "REPLICA_SET", backup, snapshots: [{ id: snapshotId, ...SNAPSHOT_TIME }] });
  return snapshotId;
}

/** Adds a sharded cluster of `shards` shards (+ its config server); returns the snapshot id. */
export function addSharded(emu: Emulator, projectId: string, name: string, shards: number, tag: number, backup: BenchBackup = "legacy"): string {
  const snapshotId = benchId(tag, 2);
  emu.addCluster(projectId, { name, id: benchId(tag, 1), type: "SHARDED", shards, backup, snapshots: [{ id: snapshotId, ...SNAPSHOT_TIME }] });
  return snapshotId;
}

/** A client of `emu` (or of `baseUrl`, another address of the same emulator). */
export function clientOf(emu: Emulator, options: Partial<AtlasClientOptions> = {}): AtlasClient {
  return new AtlasClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey, ...options });
}

/** A Cloud Backup (v2) client of `emu` (or of `baseUrl`); deprecation warnings are dropped. */
export function cloudClientOf(emu: Emulator, options: Partial<CloudBackupClientOptions> = {}): CloudBackupClient {
  return new CloudBackupClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey, warn: () => undefined, ...options });
}

export interface WireCounts {
  /** Every HTTP exchange the emulator saw. */
  requests: number;
  /** 401 digest challenges among them. */
  challenges: number;
  /** 429 answers among them. */
  rateLimited: number;
  /** Lists of the cluster's restore jobs before the restore POST (the safety core's list-before-create). */
  lists: number;
  /** Authenticated GETs answered 200 after the restore POST (status polls). */
  polls: number;
}

const RESTORE_JOBS_LIST = /\/restoreJobs$/;

export function countWire(entries: readonly RequestLogEntry[]): WireCounts {
  const post = entries.findIndex((e) => e.method === "POST" && e.status === 200);
  const gets = (from: number, to: number) => entries.slice(from, to).filter((e) => e.method === "GET" && e.status === 200);
  return {
    requests: entries.length,
    challenges: entries.filter((e) => e.status === 401).length,
    rateLimited: entries.filter((e) => e.status === 429).length,
    lists: post < 0 ? 0 : gets(0, post).filter((e) => RESTORE_JOBS_LIST.test(e.path)).length,
    polls: post < 0 ? gets(0, entries.length).length : gets(post + 1, entries.length).length,
  };
}

/** A cluster and the snapshot a restore of the rate-limit measurements restores. */
export interface RestoreTarget {
  projectId: string;
  clusterName: string;
  snapshotId: string;
}

/** What a rate-limited run cost: at the emulator, in the clients, and for the user. */
export interface LimitCounts {
  /** Every HTTP exchange, 401 challenges and 429s included. */
  requests: number;
  challenges: number;
  rateLimitedAtEmulator: number;
  rateLimitedAtClient: number;
  retries: number;
  /** Summed over the clients: time spent waiting for the budget or a Retry-After. */
  throttledMs: number;
  /** Restores whose create or wait failed: what a user would see. */
  userErrors: number;
  firstError?: string;
}

export function limitCounts(log: readonly RequestLogEntry[], clients: readonly { stats: AtlasClientStats }[], errors: readonly string[]): LimitCounts {
  const wire = countWire(log);
  const sum = (f: (s: AtlasClientStats) => number) => clients.reduce((n, c) => n + f(c.stats), 0);
  return {
    requests: wire.requests,
    challenges: wire.challenges,
    rateLimitedAtEmulator: wire.rateLimited,
    rateLimitedAtClient: sum((s) => s.rateLimited),
    retries: sum((s) => s.retries),
    throttledMs: sum((s) => s.throttledMs),
    userErrors: errors.length,
    ...(errors.length ? { firstError: errors[0] } : {}),
  };
}

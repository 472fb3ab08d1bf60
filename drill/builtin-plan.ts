/**
 * The built-in drill plan (`npm start`), as data: four restores, one of each kind the provider
 * serves, with the ids of the emulator's seed world unless stack config names others.
 *
 *  - `legacy-download`: legacy backup, `.tar.gz` download of a sharded cluster (one per shard and config server).
 *  - `legacy-dr`: legacy backup, automated restore of a replica set into a DR cluster.
 *  - `cloud-download`: Cloud Backup, download of a sharded cluster (one URL per replica set).
 *  - `cloud-dr`: Cloud Backup, automated restore of a replica set into a DR cluster.
 *
 * An automated restore **wipes its target first**: the plan's `overwritableTargets` lists exactly
 * the targets of the automated entries that run, built from the ids given, so nothing else can be
 * overwritten. A server without one of the APIs (Cloud / Ops Manager have no Cloud Backup; a
 * Cloud Backup-only Atlas has no legacy backup) runs a subset: config `entries`.
 */
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../provider/dr-plan/plan-args";
import { DRILL_DEFAULTS, type DrillIdKey } from "./defaults";

/** The plan's name in the program: its children are named `${BUILTIN_PLAN_NAME}-${entry key}`. */
export const BUILTIN_PLAN_NAME = "drill";

type Ids = Readonly<Record<DrillIdKey, string>>;

interface BuiltinEntry {
  /** The ids it reads: against a real server each must be given (the defaults exist only in the emulator). */
  readonly ids: readonly DrillIdKey[];
  /** Automated entries: the ids naming the cluster it wipes (project, cluster). */
  readonly target?: readonly [DrillIdKey, DrillIdKey];
  readonly build: (id: Ids) => DrPlanEntryArgs;
}

/** Pinned snapshots throughout: a `{ latest: true }` selector is resolved once too, but a pinned id says in the plan what is restored. */
const ENTRIES = {
  "legacy-download": {
    ids: ["projectId", "shardedCluster", "shardedSnapshotId"],
    build: (id) => ({
      source: { projectId: id.projectId, clusterName: id.shardedCluster },
      api: "legacy",
      restorePoint: { snapshotId: id.shardedSnapshotId },
      delivery: { type: "download", expirationHours: 4, maxDownloads: 2 },
    }),
  },
  "legacy-dr": {
    ids: ["projectId", "replicaSet", "replicaSetSnapshotId", "drProjectId", "drCluster"],
    target: ["drProjectId", "drCluster"],
    build: (id) => ({
      source: { projectId: id.projectId, clusterName: id.replicaSet },
      api: "legacy",
      restorePoint: { snapshotId: id.replicaSetSnapshotId },
      delivery: { type: "automated", targetProjectId: id.drProjectId, targetClusterName: id.drCluster },
    }),
  },
  "cloud-download": {
    ids: ["projectId", "cloudShardedCluster", "cloudShardedSnapshotId"],
    build: (id) => ({
      source: { projectId: id.projectId, clusterName: id.cloudShardedCluster },
      api: "cloudBackup",
      restorePoint: { snapshotId: id.cloudShardedSnapshotId },
      delivery: { type: "download" },
    }),
  },
  "cloud-dr": {
    ids: ["projectId", "cloudReplicaSet", "cloudReplicaSetSnapshotId", "drProjectId", "drCloudCluster"],
    target: ["drProjectId", "drCloudCluster"],
    build: (id) => ({
      source: { projectId: id.projectId, clusterName: id.cloudReplicaSet },
      api: "cloudBackup",
      restorePoint: { snapshotId: id.cloudReplicaSetSnapshotId },
      delivery: { type: "automated", targetProjectId: id.drProjectId, targetClusterName: id.drCloudCluster },
    }),
  },
} as const satisfies Record<string, BuiltinEntry>;

/** A built-in entry's key (and its child's name after `drill-`). */
export type BuiltinEntryKey = keyof typeof ENTRIES;

export const BUILTIN_ENTRY_KEYS = Object.keys(ENTRIES) as BuiltinEntryKey[];

/**
 * What config `entries` may name: each entry, and each API's entries (`entries=legacy` on Cloud /
 * Ops Manager). A Map, so a name such as "constructor" finds nothing.
 */
const ENTRY_NAMES: ReadonlyMap<string, readonly BuiltinEntryKey[]> = new Map([
  ...BUILTIN_ENTRY_KEYS.map((k): [string, BuiltinEntryKey[]] => [k, [k]]),
  ["legacy", ["legacy-download", "legacy-dr"]],
  ["cloudBackup", ["cloud-download", "cloud-dr"]],
]);

/**
 * RTO target of every entry unless config `rtoTargetMinutes` sets one. The emulator's restores
 * take seconds of emulated time; a real restore of a large cluster takes what it takes: set yours.
 * No RPO target by default: the emulator's snapshots have fixed dates (2018 and early 2026), so
 * the measured RPO is the age of a fixture, not a property of the plan; config `rpoTargetMinutes`
 * sets one.
 */
export const BUILTIN_RTO_TARGET_MINUTES = 60;

/** Minutes each restore may take before `up` stops waiting for it (the restore keeps running). */
export const BUILTIN_WAIT_TIMEOUT_MINUTES = 60;

/** The drill's settings: which entries run, their ids, and the plan-wide numbers. */
export interface DrillSettings {
  /** @default every built-in entry */
  readonly entries?: readonly BuiltinEntryKey[];
  /** Ids by config key; a missing one takes its emulator default (DRILL_DEFAULTS). */
  readonly ids?: Partial<Ids>;
  readonly waitTimeoutMinutes?: number;
  readonly rtoTargetMinutes?: number;
  readonly rpoTargetMinutes?: number;
}

/** Config keys of the drill besides the ids. */
export const DRILL_SETTING_KEYS = ["entries", "waitTimeoutMinutes", "rtoTargetMinutes", "rpoTargetMinutes"] as const;

export function builtinPlan(s: DrillSettings = {}): DisasterRecoveryPlanArgs {
  const id: Ids = { ...DRILL_DEFAULTS, ...definedOnly(s.ids ?? {}) };
  const keys = s.entries ?? BUILTIN_ENTRY_KEYS;
  const entries = Object.fromEntries(keys.map((k) => [k, ENTRIES[k].build(id)]));
  const overwritableTargets = Object.values(entries).flatMap((e) =>
    e.delivery.type === "automated" ? [`${e.delivery.targetProjectId}/${e.delivery.targetClusterName}`] : [],
  );
  return {
    entries,
    overwritableTargets,
    defaults: {
      rtoTargetMinutes: s.rtoTargetMinutes ?? BUILTIN_RTO_TARGET_MINUTES,
      ...(s.rpoTargetMinutes !== undefined ? { rpoTargetMinutes: s.rpoTargetMinutes } : {}),
      waitTimeoutMinutes: s.waitTimeoutMinutes ?? BUILTIN_WAIT_TIMEOUT_MINUTES,
    },
  };
}

/** The plan `npm start` runs against the emulator as is. */
export const BUILTIN_PLAN: DisasterRecoveryPlanArgs = builtinPlan();

/** The ids the given entries read, in DRILL_DEFAULTS order. */
export function idsOfEntries(entries: readonly BuiltinEntryKey[]): DrillIdKey[] {
  const wanted = new Set(entries.flatMap((k) => ENTRIES[k].ids));
  return (Object.keys(DRILL_DEFAULTS) as DrillIdKey[]).filter((k) => wanted.has(k));
}

/** The id keys naming each cluster the given entries wipe, as `drProjectId/drCluster`. */
export function targetIdsOfEntries(entries: readonly BuiltinEntryKey[]): string[] {
  return entries.flatMap((k) => {
    const { target }: BuiltinEntry = ENTRIES[k];
    return target ? [target.join("/")] : [];
  });
}

/** Config `entries`: a comma list of entry keys and API names (`legacy`, `cloudBackup`). Throws naming the valid ones. */
export function parseEntries(value: string): BuiltinEntryKey[] {
  const chosen = new Set<BuiltinEntryKey>();
  for (const item of value.split(",").map((v) => v.trim()).filter(Boolean)) {
    const keys = ENTRY_NAMES.get(item);
    if (!keys) throw new Error(`entries: unknown entry "${item}": use a comma list of ${[...ENTRY_NAMES.keys()].join(", ")}.`);
    for (const k of keys) chosen.add(k);
  }
  if (chosen.size === 0) throw new Error("entries: name at least one entry.");
  return BUILTIN_ENTRY_KEYS.filter((k) => chosen.has(k));
}

/** The drill's settings from stack config (`get` returns a key's value, if set). Throws naming the key. */
export function drillSettings(get: (key: string) => string | undefined): DrillSettings {
  const entries = get("entries");
  const ids = Object.fromEntries((Object.keys(DRILL_DEFAULTS) as DrillIdKey[]).map((k) => [k, get(k)]));
  return {
    ...(entries !== undefined ? { entries: parseEntries(entries) } : {}),
    ids: definedOnly(ids),
    waitTimeoutMinutes: minutes(get, "waitTimeoutMinutes"),
    rtoTargetMinutes: minutes(get, "rtoTargetMinutes"),
    rpoTargetMinutes: minutes(get, "rpoTargetMinutes"),
  };
}

function minutes(get: (key: string) => string | undefined, key: string): number | undefined {
  const v = get(key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0) throw new Error(`${key}: "${v}" is not a positive number of minutes.`);
  return n;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Partial<T>;
}

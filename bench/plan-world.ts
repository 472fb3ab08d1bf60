/**
 * The world of group 10: `projects` source projects of ten clusters each (legacy and Cloud
 * Backup, replica sets and sharded), one DR project holding the automated restores' targets, and
 * one DisasterRecoveryPlan per source project (what the drill runner runs as one stack per
 * project). Built as a fixture file for this emulator only; the default fixtures stay as they are.
 */
import type { ClusterFixture, FixtureFile } from "../emulator";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../provider";
import { benchId } from "./world";

/** One entry's shape: API, topology, delivery, whose restore it waits for, and its base duration. */
interface EntryShape {
  backup: "legacy" | "cloud";
  shards?: number;
  delivery: "download" | "automated";
  /** Index of the entry this one runs `after`. */
  after?: number;
  /** Restore duration in emulated minutes before the per-project offset (real seconds at ×60). */
  minutes: number;
}

/** Ten entries per project: 5 legacy / 5 Cloud Backup, 5 downloads / 5 automated, chains 0→1→3, 5→9, 6→7. */
const SHAPES: readonly EntryShape[] = [
  { backup: "legacy", delivery: "automated", minutes: 6 },
  { backup: "legacy", delivery: "download", after: 0, minutes: 4 },
  { backup: "legacy", shards: 2, delivery: "download", minutes: 8 },
  { backup: "legacy", delivery: "automated", after: 1, minutes: 5 },
  { backup: "legacy", delivery: "download", minutes: 3 },
  { backup: "cloud", delivery: "automated", minutes: 7 },
  { backup: "cloud", delivery: "download", minutes: 4 },
  { backup: "cloud", delivery: "download", after: 6, minutes: 5 },
  { backup: "cloud", shards: 2, delivery: "automated", minutes: 9 },
  { backup: "cloud", delivery: "automated", after: 5, minutes: 6 },
];

export const ENTRIES_PER_PROJECT = SHAPES.length;
export const DR_PROJECT_ID = benchId(0xdf, 0);

const SNAPSHOT_TIME = { created: "2018-01-26T09:00:00Z", timestamp: { date: "2018-01-26T08:59:59Z", increment: 1 } };

/** One source project of the world, with its plan (maxConcurrentRestores set by the caller). */
export interface PlanProject {
  projectId: string;
  plan: DisasterRecoveryPlanArgs;
  /** Restore duration of each entry in emulated ms, by entry key. */
  durationsMs: Record<string, number>;
  /** Source cluster name of each entry, by entry key. */
  clusters: Record<string, string>;
}

export interface PlanWorld {
  fixtures: FixtureFile;
  projects: PlanProject[];
}

/**
 * `projects` × `perProject` entries (at most 10 per project, the shapes above in order), or the
 * shapes `pick` names (by index; entry keys keep their index, `after` within the pick).
 * Restores take `minutes + (p + i) % 3` emulated minutes: 3–11 real seconds on a ×60 clock.
 */
export function planWorld(projects: number, maxConcurrentRestores?: number, perProject = ENTRIES_PER_PROJECT, pick?: readonly number[]): PlanWorld {
  if (perProject > SHAPES.length) throw new Error(`at most ${SHAPES.length} entries per project`);
  const chosen = new Set(pick ?? SHAPES.slice(0, perProject).map((_, i) => i));
  const targets: ClusterFixture[] = [];
  const out: PlanProject[] = [];
  const sources: FixtureFile["projects"] = [];
  for (let p = 0; p < projects; p++) {
    const projectId = benchId(0xd0 + p, 0);
    const clusters: ClusterFixture[] = [];
    const entries: Record<string, DrPlanEntryArgs> = {};
    const overwritable: string[] = [];
    const durationsMs: Record<string, number> = {};
    const names: Record<string, string> = {};
    SHAPES.forEach((shape, i) => {
      if (!chosen.has(i)) return;
      const tag = 0x1000 * (p + 1) + i * 0x10;
      const key = `e${i}`;
      const name = `P${p}Src${i}`;
      const jobDurationMs = (shape.minutes + ((p + i) % 3)) * 60_000;
      const snapshot = { id: benchId(tag, 2), ...SNAPSHOT_TIME };
      const topology = shape.shards ? { type: "SHARDED" as const, shards: shape.shards } : { type: "REPLICA_SET" as const };
      clusters.push({ name, id: benchId(tag, 1), ...topology, backup: shape.backup, restoreBehaviour: { jobDurationMs }, snapshots: [snapshot] });
      const common = {
        source: { projectId, clusterName: name },
        api: shape.backup === "cloud" ? ("cloudBackup" as const) : ("legacy" as const),
        restorePoint: { snapshotId: snapshot.id },
        ...(shape.after !== undefined && chosen.has(shape.after) ? { after: [`e${shape.after}`] } : {}),
      };
      if (shape.delivery === "download") entries[key] = { ...common, delivery: { type: "download" } };
      else {
        const target = `P${p}Dr${i}`;
        targets.push({ name: target, id: benchId(tag, 3), ...topology, backup: shape.backup });
        overwritable.push(`${DR_PROJECT_ID}/${target}`);
        entries[key] = { ...common, delivery: { type: "automated", targetProjectId: DR_PROJECT_ID, targetClusterName: target } };
      }
      durationsMs[key] = jobDurationMs;
      names[key] = name;
    });
    sources.push({ id: projectId, name: `Bench plan project ${p}`, clusters });
    const plan: DisasterRecoveryPlanArgs = {
      entries,
      overwritableTargets: overwritable,
      ...(maxConcurrentRestores !== undefined ? { maxConcurrentRestores } : {}),
    };
    out.push({ projectId, plan, durationsMs, clusters: names });
  }
  return { fixtures: { projects: [...sources, { id: DR_PROJECT_ID, name: "Bench DR targets", clusters: targets }] }, projects: out };
}

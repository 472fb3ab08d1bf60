/**
 * The state store: projects → clusters → snapshots / checkpoints / restore jobs, plus the
 * emulated clock. Fixtures are validated with zod on the way in, defaults applied once here.
 */
import type { ClusterFixture, FixtureFile, ProjectFixture, RestoreBehaviour, SnapshotFixture } from "./fixture-schema";
import { clusterSchema, parseOrThrow, projectSchema, restoreBehaviourSchema, snapshotSchema } from "./fixture-schema";
import { derivedObjectId, newObjectId } from "./ids";
import { isoSeconds } from "./job-lifecycle";
import { DAY_MS, DEFAULT_SNAPSHOT_DURATION_MS, fixtureExpiry, SNAPSHOT_POINT_SHARE } from "./snapshot-lifecycle";
import type { JobRecord } from "./job-lifecycle";
import type { CloudJobRecord } from "./v2/cloud-job-lifecycle";
import type { ClusterState, ProjectState, SnapshotState } from "./world-state";
import { DEFAULT_BEHAVIOUR, defaultLayout, mergeBehaviour } from "./world-state";

export type { ClusterState, ProjectState, SnapshotPart, SnapshotState } from "./world-state";

export class World {
  private readonly projects = new Map<string, ProjectState>();
  private readonly jobsById = new Map<string, JobRecord>();
  private readonly cloudJobsById = new Map<string, CloudJobRecord>();
  private batchSeq = 0;

  /** `now` is the emulated clock (epoch ms). */
  constructor(fixtures: FixtureFile, readonly now: () => number) {
    for (const p of fixtures.projects) this.addProject(p);
  }

  addProject(input: ProjectFixture): ProjectState {
    const p = parseOrThrow(projectSchema, input, "project");
    if (this.projects.has(p.id)) throw new Error(`[atlas-emulator] Failed to add project: ${p.id} already exists.`);
    const state: ProjectState = { id: p.id, name: p.name ?? `Project ${p.id}`, accessList: p.accessList ?? [], clusters: new Map() };
    this.projects.set(p.id, state);
    for (const c of p.clusters ?? []) this.addCluster(p.id, c);
    return state;
  }

  addCluster(projectId: string, input: ClusterFixture): ClusterState {
    const project = this.requireProject(projectId);
    const c = parseOrThrow(clusterSchema, input, "cluster");
    if (project.clusters.has(c.name)) throw new Error(`[atlas-emulator] Failed to add cluster: ${c.name} already exists in ${projectId}.`);
    const state: ClusterState = {
      groupId: projectId,
      id: c.id,
      name: c.name,
      type: c.type,
      mongoDBVersion: c.mongoDBVersion ?? "4.0.28",
      encryptionAtRest: c.encryptionAtRest ?? false,
      pitEnabled: c.pitEnabled ?? false,
      ...(c.restoreWindowDays !== undefined ? { restoreWindowDays: c.restoreWindowDays } : {}),
      backup: c.backup ?? "legacy",
      ...(c.privateDownloadEndpointId ? { privateDownloadEndpointId: c.privateDownloadEndpointId } : {}),
      behaviour: mergeBehaviour(DEFAULT_BEHAVIOUR, c.restoreBehaviour ?? {}),
      layout: c.type === "SHARDED" ? (c.replicaSets ?? defaultLayout(c)) : [],
      snapshots: new Map(),
      checkpoints: new Map((c.checkpoints ?? []).map((k) => [k.id, k])),
      jobs: [],
      cloudJobs: [],
    };
    project.clusters.set(c.name, state);
    for (const s of c.snapshots ?? []) this.addSnapshot(projectId, c.name, s);
    return state;
  }

  addSnapshot(projectId: string, clusterName: string, input: SnapshotFixture): SnapshotState {
    const cluster = this.requireCluster(projectId, clusterName);
    const s = parseOrThrow(snapshotSchema, input, "snapshot");
    if (cluster.snapshots.has(s.id)) throw new Error(`[atlas-emulator] Failed to add snapshot: ${s.id} already exists.`);
    const overrides = new Map((s.parts ?? []).map((p) => [p.replicaSetName, p.snapshotId]));
    const unknown = [...overrides.keys()].filter((n) => !cluster.layout.some((l) => l.replicaSetName === n));
    if (unknown.length > 0) throw new Error(`[atlas-emulator] Failed to add snapshot: unknown parts ${unknown.join(", ")}.`);
    const state: SnapshotState = {
      id: s.id,
      created: s.created,
      timestamp: s.timestamp,
      encryptionEnabled: s.encryptionEnabled ?? cluster.encryptionAtRest,
      parts: cluster.layout.map((l) => ({ ...l, snapshotId: overrides.get(l.replicaSetName) ?? derivedObjectId(s.id, l.replicaSetName) })),
      status: s.status ?? "completed",
      snapshotType: s.snapshotType ?? "scheduled",
      frequencyType: s.frequencyType ?? "daily",
      ...(s.description !== undefined ? { description: s.description } : {}),
      expiresAt: s.expiresAt !== undefined ? Date.parse(s.expiresAt) : fixtureExpiry(Date.parse(s.created), this.now()),
    };
    cluster.snapshots.set(s.id, state);
    return state;
  }

  /** An on-demand snapshot requested now (Cloud Backup): queued, then inProgress, then completed. */
  takeOnDemandSnapshot(cluster: ClusterState, o: { description?: string; retentionDays: number }): SnapshotState {
    const requestedAt = this.now();
    const duration = cluster.behaviour.snapshotDurationMs ?? DEFAULT_SNAPSHOT_DURATION_MS;
    const id = newObjectId(requestedAt);
    const created = isoSeconds(requestedAt + duration * SNAPSHOT_POINT_SHARE);
    const retentionMs = o.retentionDays * DAY_MS;
    const state: SnapshotState = {
      id,
      created,
      timestamp: { date: created, increment: 1 },
      encryptionEnabled: cluster.encryptionAtRest,
      parts: cluster.layout.map((l) => ({ ...l, snapshotId: derivedObjectId(id, l.replicaSetName) })),
      status: "completed",
      snapshotType: "onDemand",
      frequencyType: "ondemand",
      ...(o.description !== undefined ? { description: o.description } : {}),
      expiresAt: requestedAt + duration + retentionMs,
      onDemand: { requestedAt, completedAt: requestedAt + duration, retentionMs },
    };
    cluster.snapshots.set(id, state);
    return state;
  }

  setRestoreBehaviour(projectId: string, clusterName: string, b: Partial<RestoreBehaviour>): void {
    const cluster = this.requireCluster(projectId, clusterName);
    cluster.behaviour = mergeBehaviour(cluster.behaviour, parseOrThrow(restoreBehaviourSchema, b, "restore behaviour"));
  }

  project(id: string): ProjectState | undefined {
    return this.projects.get(id);
  }

  clusterByName(project: ProjectState, name: string): ClusterState | undefined {
    return project.clusters.get(name);
  }

  clusterById(project: ProjectState, id: string): ClusterState | undefined {
    for (const c of project.clusters.values()) if (c.id === id) return c;
    return undefined;
  }

  /** Store the jobs of one create call (one batch); returns them with their batch sequence. */
  insertJobs(cluster: ClusterState, drafts: readonly Omit<JobRecord, "batchSeq">[]): JobRecord[] {
    const batchSeq = ++this.batchSeq;
    const jobs = drafts.map((d) => ({ ...d, batchSeq }));
    for (const j of jobs) {
      cluster.jobs.push(j);
      this.jobsById.set(j.id, j);
    }
    return jobs;
  }

  job(id: string): JobRecord | undefined {
    return this.jobsById.get(id);
  }

  /** Store one Cloud Backup restore job (v2 create). */
  insertCloudJob(cluster: ClusterState, job: CloudJobRecord): CloudJobRecord {
    cluster.cloudJobs.push(job);
    this.cloudJobsById.set(job.id, job);
    return job;
  }

  cloudJob(id: string): CloudJobRecord | undefined {
    return this.cloudJobsById.get(id);
  }

  /** All Cloud Backup restore jobs in creation order, optionally filtered. */
  allCloudJobs(filter: { projectId?: string; clusterName?: string } = {}): CloudJobRecord[] {
    return [...this.cloudJobsById.values()].filter(
      (j) => (!filter.projectId || j.groupId === filter.projectId) && (!filter.clusterName || j.clusterName === filter.clusterName),
    );
  }

  /** Every cluster of every project (restore targets are looked up across projects). */
  allClusters(): ClusterState[] {
    return [...this.projects.values()].flatMap((p) => [...p.clusters.values()]);
  }

  /** All jobs in creation order, optionally filtered. */
  allJobs(filter: { projectId?: string; clusterName?: string } = {}): JobRecord[] {
    return [...this.jobsById.values()].filter(
      (j) => (!filter.projectId || j.groupId === filter.projectId) && (!filter.clusterName || j.clusterName === filter.clusterName),
    );
  }

  private requireProject(id: string): ProjectState {
    const p = this.projects.get(id);
    if (!p) throw new Error(`[atlas-emulator] No project ${id}. Please add it first with addProject().`);
    return p;
  }

  private requireCluster(projectId: string, name: string): ClusterState {
    const c = this.requireProject(projectId).clusters.get(name);
    if (!c) throw new Error(`[atlas-emulator] No cluster ${name} in project ${projectId}. Please add it first with addCluster().`);
    return c;
  }
}

import type { CheckSpec } from "./check-engine";
import type { RestoreComparison } from "./field-match";
import type { PollSchedule } from "./poll-schedule";
import type { RestoreJobRef } from "./resource-id";
import type { ReadyTimes } from "./timing";

/**
 * What one restore API plugs into the safety core: its wire calls, its field-match table, its
 * status table and its outputs. Everything that decides whether a restore is started, adopted,
 * waited for, failed or cancelled is the core's (start.ts, diff.ts, wait.ts, read.ts, cancel.ts,
 * lifecycle.ts), once for every API; an adapter only answers questions about its API's shapes.
 *
 * A restore is a list of parts (`J[]`): the jobs of a legacy batch (one per shard and config
 * server), or the single job of a replica-set or Cloud Backup restore.
 *
 * Type parameters: `I` the resource's checked inputs, `J` a job as the API returns it, `Req` the
 * create body, `A` the API client.
 */
export interface RestoreApiAdapter<I extends ClusterRef = ClusterRef, J = unknown, Req = unknown, A = unknown> {
  /** The resource's name in messages and logs, e.g. `CloudBackupRestoreJob`. */
  readonly resource: string;
  /** The resource's check, run by the shared check engine. */
  readonly check: CheckSpec<I>;
  /** Inputs that say WHAT is restored and WHERE, `trigger` included (`adopt` is the core's). */
  readonly restoreDefiningKeys: readonly string[];
  /** Inputs that only say how to wait or schedule: a change is an in-place update with no request. */
  readonly settingKeys: readonly string[];
  /** What the user gives `adopt`, for messages (e.g. "its batchId or job id"). */
  readonly adoptIdWords: string;
  /** The declared restore point in words, for messages (e.g. `snapshot 5a68…`, `point in time …`). */
  describeRestorePoint(inputs: Partial<I>): string;

  /** The create body, with the decisions the inputs leave open taken now, once (snapshot selection). */
  decide(ctx: RestoreContext<A>, inputs: I): Promise<Decided<Req>>;
  /** The create body the inputs declare, deciding nothing (what an adopted restore must match). */
  declaredRequest(inputs: I): Req;

  create(api: A, cluster: ClusterRef, request: Req): Promise<J[]>;
  /** Every restore job of the source cluster. */
  list(api: A, cluster: ClusterRef): Promise<J[]>;
  /** The current parts of a stored restore; throws an error `isNotFound` accepts when Atlas does not know it. */
  fetch(api: A, ref: RestoreJobRef, stored: Readonly<Record<string, unknown>>): Promise<J[]>;
  /** The restore an id names (a legacy batch or job id, a Cloud Backup job id), or undefined. */
  lookup(api: A, cluster: ClusterRef, id: string): Promise<J[] | undefined>;
  /** Cancels a restore. Absent where the API has no cancel (legacy restore jobs). */
  cancel?(api: A, ref: RestoreJobRef): Promise<"cancelled" | "gone" | "not-cancellable">;
  /** Atlas says this restore job does not exist. */
  isNotFound(e: unknown): boolean;
  /** Atlas refused the create because the target is being restored (it acted on nothing). */
  isTargetBusy(e: unknown): boolean;

  /** The restore a job belongs to: a sharded legacy restore's batchId, else the job's id. */
  restoreIdOf(job: J): string;
  /** When Atlas created the job, on Atlas's clock (ms since the epoch), where it says. */
  createdAt(job: J): number | undefined;
  /** The field-match table applied: how a restore's parts compare with a create body. */
  compare(request: Req, parts: J[]): RestoreComparison;
  /** `<targetProjectId>/<targetCluster>` of a restore into a cluster (it wipes it), else undefined. */
  targetOf(request: Req): string | undefined;
  /** The parts restore into the request's target and are still running. */
  runningInto(request: Req, parts: J[]): boolean;
  /** The status table: what the parts say about the whole restore. */
  statusOf(parts: J[], inputs: Partial<I>): StatusReading;
  /**
   * Whether a replacement must delete (cancel) the stored restore before creating the new one:
   * where the API allows only one such restore at a time (Cloud Backup: one active download per
   * snapshot), create-before-delete would be refused.
   */
  deleteBeforeReplace(stored: Readonly<Record<string, unknown>>): boolean;
  /** Whether a stored status may still be used and so is worth cancelling on delete. */
  cancelWorthy(stored: Readonly<Record<string, unknown>>): "cancel" | "not-cancellable" | "already-settled";

  /** Inputs + computed outputs, secret outputs wrapped: what state holds for the restore. */
  state(raw: Readonly<Record<string, unknown>>, inputs: Partial<I>, parts: J[], memo: RestoreMemo): Record<string, unknown>;
  /** Adds the parts first seen usable in `parts` (at the server time of that answer). */
  observeReady(seen: ReadyTimes, parts: J[], inputs: Partial<I>): ReadyTimes;
  /** The first-seen-usable times stored in a state. */
  storedReadyTimes(stored: Readonly<Record<string, unknown>>): ReadyTimes;
  /** The snapshot an adopted restore restores: the declared one, else what its parts say. */
  snapshotIdOf(inputs: Partial<I>, parts: J[]): string | undefined;
  /** When Atlas took the request, on its clock (ISO 8601), from the parts alone, where they tell. */
  requestedAtOf(parts: J[]): string | undefined;
  /** Inputs reconstructed from the parts, for a restore read with `.get` (no declaration). */
  inputsOf(ref: RestoreJobRef, parts: J[]): Record<string, unknown>;
  /** The ids a stored restore is known by (resource id's ref, batch and job ids): `adopt` of one is this restore. */
  storedIds(ref: RestoreJobRef, stored: Readonly<Record<string, unknown>>): string[];
}

export interface ClusterRef {
  projectId: string;
  clusterName: string;
}

/** A create body with the decisions taken, and the snapshot they picked. */
export interface Decided<Req> {
  request: Req;
  /** The snapshot restored: the selector's pick or the explicit id, kept as `resolvedSnapshotId`. */
  resolvedSnapshotId?: string;
}

/** What the status table says about a restore. */
export interface StatusReading {
  /** The API's status for the whole restore, as stored in `status` (e.g. READY, COMPLETED). */
  status: string;
  /** "ok": the restored data is usable; "bad": it never will be; undefined: still running. */
  settled?: "ok" | "bad";
  /** How it ended badly (with `settled: "bad"`). */
  failure?: "RESTORE_FAILED" | "RESTORE_EXPIRED" | "RESTORE_CANCELLED";
  /** One line for progress output, e.g. `2/3 parts ready [IN_PROGRESS]`. */
  detail: string;
}

/** What a resource remembers of its restore besides the parts: decisions and first-seen times. */
export interface RestoreMemo {
  resolvedSnapshotId?: string;
  /** When Atlas took the request, on its clock (ISO 8601). */
  requestedAt?: string;
  ready: ReadyTimes;
}

/** The context of every core operation: the API client, logging, and the clock (tests fake it). */
export interface RestoreContext<A> {
  api: A;
  log: (line: string) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  schedule?: PollSchedule;
  /** Pause before listing again when a lost create's job is not visible yet. @default 3000 */
  reconcileRecheckMs?: number;
}

/** The context's sleep (tests give a fake clock's), or a real timer. */
export const sleepFor = (ctx: Pick<RestoreContext<unknown>, "sleep">) => ctx.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

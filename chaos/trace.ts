/**
 * What running a schedule left, for the invariant checker: every operation with what it declared,
 * what it surfaced, what state held before and after and what the server held after; the restores
 * "another client" started; and every request the schedule's clusters got, by operation.
 */
import type { RequestLogEntry } from "../emulator";
import type { Step as EngineStep } from "../local-engine/engine";
import type { DeclarationSpec, FaultSpec, Schedule } from "./schedule";
import type { ServerRestore } from "./server-restores";
import type { Api, SourceCluster, TargetCluster } from "./world";

/** A declaration's clusters. */
export interface DeclarationWorld {
  spec: DeclarationSpec;
  api: Api;
  source: SourceCluster;
  target?: TargetCluster;
  /** Its resource's name in state: the declaration's name, or `<plan>-<entry>` for a plan entry. */
  resourceName: string;
}

export const targetOf = (w: DeclarationWorld) => (w.target ? `${w.target.projectId}/${w.target.name}` : undefined);

/**
 * Whether a restore on the declaration's source is of its kind: its delivery, its target, and for
 * a legacy download its `maxDownloads` (declarations sharing a source differ in one of them).
 */
export function belongsTo(w: DeclarationWorld, r: ServerRestore): boolean {
  return r.delivery === w.spec.delivery && r.target === targetOf(w) && (r.maxDownloads === undefined || w.spec.maxDownloads === undefined || r.maxDownloads === w.spec.maxDownloads);
}

/** What an `up` declared for a declaration, adopt resolved to an id. */
export interface DeclaredInputs {
  trigger?: string;
  adopt?: string;
  waitFor: "ready" | "none";
  waitTimeoutMinutes: number;
  api: "auto" | "explicit";
  allowTarget: boolean;
  /** What the declaration restores, trigger included (never `adopt` or wait settings). */
  intent: string;
}

/** The restore state holds for a declaration. */
export interface HeldRestore {
  resourceId: string;
  restoreId: string;
  status?: string;
  /** The intent of the inputs state stored with it. */
  intent: string;
  /** The engine recorded it with init errors (a failed create or update). */
  failed: boolean;
}

export interface OpRecord {
  index: number;
  op: "up" | "refresh" | "destroy";
  /** Real ms. */
  start: number;
  end: number;
  /** The inputs of every declaration at this operation (what an `up` declares). */
  declared: Record<string, DeclaredInputs>;
  faults: FaultSpec[];
  killed: boolean;
  revoked: boolean;
  newProcess: boolean;
  /** The operation ran in a plugin process started for it. */
  pluginStarted: boolean;
  errors: { urn?: string; check?: boolean; message: string }[];
  planError?: string;
  /** The operation exited without an error. */
  ok: boolean;
  heldBefore: Record<string, HeldRestore | undefined>;
  held: Record<string, HeldRestore | undefined>;
  /** The server's restores of each declaration's source after the operation's requests were all answered. */
  server: Record<string, ServerRestore[]>;
  steps: EngineStep[];
  logs: string[];
}

/** A restore another client of the project started, before operation `beforeOp`. */
export interface OtherRestore {
  decl: string;
  id: string;
  matching: boolean;
  beforeOp: number;
}

export interface Trace {
  schedule: Schedule;
  decls: Record<string, DeclarationWorld>;
  /** Every snapshot of each source cluster (by name), the ones added during the schedule too. */
  snapshots: Record<string, string[]>;
  /** A cluster no declaration names: nothing may ever restore into it. */
  victim: TargetCluster;
  ops: OpRecord[];
  others: OtherRestore[];
  /** The schedule's requests, in arrival order; `op` is the operation in flight, if any. */
  requests: { entry: RequestLogEntry; op?: number }[];
  /** Things the run could not do as scheduled (an outside action the server refused). */
  notes: string[];
}

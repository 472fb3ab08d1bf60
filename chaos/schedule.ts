/**
 * A chaos schedule, as data: what a stack declares, and a sequence of steps — each an operation
 * (`up`, `refresh`, `destroy`) with the input changes, outside actions and emulator faults armed
 * before it, and optionally the plugin killed or the tokens revoked at a point during it. A
 * schedule is printed as JSON when it breaks an invariant and replayed from `<seed>:<index>`
 * (the generator is a pure function of both) or from the JSON itself.
 */

/** The four ways to declare a restore (the conformance suite's subjects). */
export const SUBJECT_NAMES = ["RestoreJob", "CloudBackupRestoreJob", "plan entry (legacy)", "plan entry (Cloud Backup)"] as const;
export type SubjectName = (typeof SUBJECT_NAMES)[number];

export const isPlanEntry = (s: SubjectName) => s.startsWith("plan entry");
export const apiOfSubject = (s: SubjectName) => (s === "RestoreJob" || s === "plan entry (legacy)" ? "legacy" : "cloudBackup");

/**
 * One declared restore: a download, or an automated restore into a target of its own, from a
 * source cluster of its own or one it shares with an earlier declaration of the same API (then it
 * differs from every other declaration of that source in delivery, target or `maxDownloads`).
 */
export interface DeclarationSpec {
  /** Its resource name (or plan entry key), e.g. `d0`. */
  name: string;
  subject: SubjectName;
  delivery: "download" | "automated";
  /** How long its source's restores take, in emulated ms (a shared source keeps its owner's). */
  restoreMs: number;
  /** How its source's restores end (BROKEN: they fail). */
  outcome: "FINISHED" | "BROKEN";
  /** The earlier declaration whose source cluster this one restores too. */
  sharesSourceOf?: string;
  /** Legacy: the source is a sharded cluster of 2 shards (a restore is a batch of parts). */
  sharded?: boolean;
  /** Restore the newest snapshot, chosen once at create (`snapshot: { latest: true }`). */
  latest?: boolean;
  /** Legacy downloads: uses of each link. */
  maxDownloads?: number;
}

/**
 * Which restore an `adopt` names, resolved when the change is applied (the resolved id is kept
 * for the later steps, as a user's program would keep it):
 * - `held`: the restore the stack's state holds for the declaration now;
 * - `previous`: a restore the stack started for it earlier that state no longer holds;
 * - `other`: the newest restore "another client" started on its source (an `otherClient` action);
 * - `missing`: an id no restore has.
 * When there is no such restore, `adopt` stays unset.
 */
export type AdoptRef = "held" | "previous" | "other" | "missing";

/** The inputs a step may change, per declaration. */
export interface DeclarationInputs {
  /** Restore-defining: a new value is a new restore. */
  trigger?: string;
  adopt?: AdoptRef;
  /** Resources only (a plan entry always waits). */
  waitFor: "ready" | "none";
  waitTimeoutMinutes: number;
  /** Plan entries only: `auto`, or the source's API named explicitly. */
  api: "auto" | "explicit";
  /** Plan entries only: whether an automated entry's target is in `overwritableTargets`. */
  allowTarget: boolean;
}

/** One input set (`null`: unset) before an `up`. */
export type InputChange =
  | { decl: string; set: "trigger"; value: string | null }
  | { decl: string; set: "adopt"; value: AdoptRef | null }
  | { decl: string; set: "waitFor"; value: "ready" | "none" }
  | { decl: string; set: "waitTimeoutMinutes"; value: number }
  | { decl: string; set: "api"; value: "auto" | "explicit" }
  | { decl: string; set: "allowTarget"; value: boolean };

/** Something outside the stack, done before the step's operation. */
export type OutsideAction =
  /** Another client of the project starts a restore on the declaration's source: the one it declares (`matching`), or the other delivery. */
  | { action: "otherClient"; decl: string; matching: boolean }
  /** Restores of the declaration's source created from now on end this way. */
  | { action: "restoreOutcome"; decl: string; outcome: "FINISHED" | "BROKEN"; restoreMs: number }
  /** The declaration's source gets a newer snapshot (a `latest` selector already decided must not restore again). */
  | { action: "newSnapshot"; decl: string };

/** The emulator fault kinds the campaign arms (faults.ts says what each one does). */
export const FAULT_KINDS = ["drop", "reset", "truncate", "html502", "atlas5xx", "atlas503", "rate429", "slow", "timeout", "slowBody", "unauthorized", "wrongApi"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which requests of a declaration's source cluster a fault matches. */
export const FAULT_TARGETS = ["create", "list", "job", "cancel", "snapshots", "any"] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export interface FaultSpec {
  kind: FaultKind;
  decl: string;
  on: FaultTarget;
  /** Matching requests let through first. */
  skip: number;
  /** Matching requests the fault applies to. */
  count: number;
  /** atlas5xx: the status (500, 502 as JSON, 504). */
  status?: number;
  /** slow / timeout: real ms. */
  ms?: number;
}

/** A point during an operation: when the operation's `atRequest`-th authenticated API request reaches the emulator. */
export interface RequestPoint {
  atRequest: number;
}

export interface Step {
  op: "up" | "refresh" | "destroy";
  /** The operation runs in a new plugin process (the previous one exits cleanly first). */
  newProcess?: boolean;
  changes?: InputChange[];
  actions?: OutsideAction[];
  faults?: FaultSpec[];
  /** SIGKILL the plugin at this point (held there: the request is delayed until the kill). */
  kill?: RequestPoint;
  /** Revoke every live service-account token at this point (the emulator's `tokens.revokeAll()`). */
  revokeTokens?: RequestPoint;
}

export interface Schedule {
  seed: number;
  index: number;
  credential: "apiKey" | "serviceAccount";
  /** `atlas-restore:requestTimeoutSeconds` (set when the schedule has latencies beyond it). */
  requestTimeoutSeconds?: number;
  /** The plan's `maxConcurrentRestores`. */
  maxConcurrentRestores?: number;
  declarations: DeclarationSpec[];
  steps: Step[];
}

/** Inputs every declaration starts with. */
export const INITIAL_INPUTS: DeclarationInputs = { waitFor: "ready", waitTimeoutMinutes: 2, api: "auto", allowTarget: true };

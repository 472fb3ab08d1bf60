/**
 * The invariant checker: a table of named checks run over a schedule's trace (every operation's
 * declarations, errors, state before and after, the server's restores after it, and the
 * requests). Each check returns violations with a message that says what was broken, where.
 *
 * Terms:
 * - An *intent* is what a declaration restores: API, delivery, target, restore point and trigger.
 * - An *epoch* of a declaration starts with the first `up` of an intent, and again when its
 *   restore has left state (a destroy) — then a new restore is what the user asks for.
 * - The stack's restores are every restore of a declaration's source except the ones "another
 *   client" started (the schedule's `otherClient` actions); each is dated by the operation after
 *   which the server first held it (the run waits for every request of an operation to be
 *   answered, so a late POST lands in its own operation).
 *
 * Two allowances, counted and reported as known gaps (docs/RELIABILITY.md), never silent:
 * - (a) When the `up` that created a restore died before state could hold it (the plugin
 *   killed), or failed with the outcome of its create unknown and the restore appeared only after
 *   its reconciliation gave up, a plain re-run of the same intent starts a second restore:
 *   nothing durable says the first one was this declaration's (the id is in the failed run's
 *   output; `adopt` is the recovery). A second restore in the *same* operation is never excused.
 * - (d) When a delete died after its cancel reached Atlas, state keeps the restore with its old
 *   status until a refresh (Pulumi keeps a resource whose delete failed; no provider call runs
 *   before the next diff). Once read, a cancelled restore fails every `up` that declares it.
 */
import type { Outcome, ServerRestore } from "./server-restores";
import { isPlanEntry } from "./schedule";
import { belongsTo, targetOf, type DeclarationWorld, type HeldRestore, type OpRecord, type Trace } from "./trace";

export interface Violation {
  check: string;
  message: string;
  op?: number;
}

/** One named check of the table. */
export interface Invariant {
  id: string;
  /** What it guarantees, in one line. */
  rule: string;
  check(a: Analysis): Violation[];
}

/** Facts every check reads, computed once per trace. */
export interface Analysis {
  trace: Trace;
  /** Ids of the restores another client started. */
  theirs: Set<string>;
  /** Per declaration: the operation after which each of the stack's restores first was on the server. */
  createdIn: Record<string, Map<string, number>>;
  /** Per declaration and operation: the epoch number (ups only). */
  epochAt: Record<string, Map<number, number>>;
  /** Per declaration: the operation each epoch started at. */
  epochStart: Record<string, number[]>;
  /** Per declaration: every restore id an `up` declared in `adopt`, with the operations. */
  adopted: Record<string, Map<string, number[]>>;
  /** Known gaps seen (see the header): one line each. */
  knownGaps: string[];
}

const STATE_OUTCOME: ReadonlyMap<string, Outcome> = new Map([
  ["IN_PROGRESS", "running"],
  ["READY", "ok"],
  ["COMPLETED", "ok"],
  ["FAILED", "failed"],
  ["EXPIRED", "expired"],
  ["CANCELLED", "cancelled"],
]);

const declsOf = (t: Trace) => Object.values(t.decls);

export function analyse(trace: Trace): Analysis {
  const theirs = new Set(trace.others.map((o) => o.id));
  const a: Analysis = { trace, theirs, createdIn: {}, epochAt: {}, epochStart: {}, adopted: {}, knownGaps: [] };
  for (const w of declsOf(trace)) {
    const name = w.spec.name;
    const created = new Map<string, number>();
    for (const op of trace.ops) for (const r of op.server[name]) if (!theirs.has(r.id) && belongsTo(w, r) && !created.has(r.id)) created.set(r.id, op.index);
    a.createdIn[name] = created;
    const epochAt = new Map<number, number>();
    const starts: number[] = [];
    const adopted = new Map<string, number[]>();
    let lastIntent: string | undefined;
    let leftState = false;
    for (const op of trace.ops) {
      if (op.op === "up") {
        const d = op.declared[name];
        if (d.intent !== lastIntent || leftState) starts.push(op.index);
        lastIntent = d.intent;
        leftState = false;
        epochAt.set(op.index, starts.length - 1);
        if (d.adopt) adopted.set(d.adopt, [...(adopted.get(d.adopt) ?? []), op.index]);
      }
      if (op.heldBefore[name] && !op.held[name]) leftState = true;
    }
    a.epochAt[name] = epochAt;
    a.epochStart[name] = starts;
    a.adopted[name] = adopted;
  }
  return a;
}

/** The restores the stack created during `op` for a declaration. */
const createdDuring = (a: Analysis, decl: string, op: number) => [...a.createdIn[decl]].filter(([, k]) => k === op).map(([id]) => id);

/** Whether state ever held the restore for the declaration. */
/**
 * Whether state held the restore after any operation before op `k`: what the up that made op k's
 * restore could have known. A restore adopted later (with `adopt`, the documented recovery) does
 * not make that re-run a violation.
 */
const heldBefore = (t: Trace, decl: string, id: string, k: number) => t.ops.slice(0, k).some((op) => op.held[decl]?.restoreId === id);

/** Errors of an operation that name the declaration's resource (or its plan's API decision). */
function errorsOf(op: OpRecord, w: DeclarationWorld): string[] {
  const own = op.errors.filter((e) => e.urn !== undefined && (e.urn.endsWith(`::${w.resourceName}`) || e.urn.endsWith(`::${w.resourceName}-api`))).map((e) => e.message);
  return isPlanEntry(w.spec.subject) && op.planError ? [...own, op.planError] : own;
}

/**
 * Whether the operation left the outcome of the declaration's create unknown to the user: the
 * plugin was killed, or the create failed saying it got no usable answer (and was not re-sent).
 */
const outcomeLeftUnknown = (op: OpRecord, w: DeclarationWorld) => op.killed || errorsOf(op, w).some((m) => /got no usable answer/.test(m));

/**
 * Whether every error of the operation is one resource's own step failure, so a declaration
 * without one was processed and must be usable. A check failure is not: the real engine ends the
 * whole deployment at it, and the registrations after it are never processed.
 */
const allErrorsPinned = (op: OpRecord) => !op.killed && !op.planError && op.errors.every((e) => e.urn !== undefined && !e.check);

/** How a restore differs from what the declaration restores, if it does. */
function differsFromDeclared(t: Trace, w: DeclarationWorld, r: ServerRestore): string | undefined {
  if (r.delivery !== w.spec.delivery) return `a ${r.delivery} instead of a ${w.spec.delivery}`;
  if (r.target !== targetOf(w)) return `into ${r.target} instead of ${targetOf(w)}`;
  if (r.maxDownloads !== undefined && w.spec.maxDownloads !== undefined && r.maxDownloads !== w.spec.maxDownloads) return `maxDownloads ${r.maxDownloads} instead of ${w.spec.maxDownloads}`;
  // A sharded legacy restore's parts name their own (per shard) snapshots.
  if (w.spec.sharded) return undefined;
  const allowed = w.spec.latest ? t.snapshots[w.source.name] : [w.source.snapshotId];
  return r.snapshotId !== undefined && !allowed.includes(r.snapshotId) ? `snapshot ${r.snapshotId} instead of ${allowed.join(" or ")}` : undefined;
}

/** The declarations of each source cluster (several share one). */
const bySource = (t: Trace) => {
  const m = new Map<string, DeclarationWorld[]>();
  for (const w of declsOf(t)) m.set(w.source.name, [...(m.get(w.source.name) ?? []), w]);
  return [...m.values()];
};

/** A cancel (DELETE) of restore `id` on the declaration's source that the stack sent during an operation that did not end well. */
function ownCancelInFailedOp(a: Analysis, w: DeclarationWorld, id: string, upTo: number): boolean {
  return a.trace.requests.some(
    (r) => r.op !== undefined && r.op <= upTo && r.entry.method === "DELETE" && r.entry.path.endsWith(`/clusters/${w.source.name}/backup/restoreJobs/${id}`) && !a.trace.ops[r.op].ok,
  );
}

/** Whether a state status may stand for a server outcome: the same, or one the server moved on to by itself. */
function consistent(stated: Outcome, server: Outcome): boolean {
  return stated === server || stated === "running" || (stated === "ok" && server === "expired");
}

export const INVARIANTS: readonly Invariant[] = [
  {
    id: "a1-one-restore-per-intent",
    rule: "(a) at most one restore per declared intent: one create per epoch of a declaration",
    check(a) {
      const out: Violation[] = [];
      for (const w of declsOf(a.trace)) {
        const name = w.spec.name;
        const byEpoch = new Map<number, [string, number][]>();
        for (const [id, k] of a.createdIn[name]) {
          const epoch = a.epochAt[name].get(k);
          if (epoch === undefined) {
            out.push({ check: this.id, op: k, message: `${name}: restore ${id} appeared during a ${a.trace.ops[k].op}, which never starts a restore` });
            continue;
          }
          byEpoch.set(epoch, [...(byEpoch.get(epoch) ?? []), [id, k]]);
        }
        for (const [epoch, restores] of byEpoch) {
          for (let i = 1; i < restores.length; i++) {
            const [id, k] = restores[i];
            const earlier = restores.slice(0, i);
            const excused = earlier.every(([e, ek]) => ek !== k && !heldBefore(a.trace, name, e, k) && outcomeLeftUnknown(a.trace.ops[ek], w));
            const list = earlier.map(([e, ek]) => `${e} (op ${ek})`).join(", ");
            if (excused) a.knownGaps.push(`${name}: ${id} (op ${k}) re-ran the intent of ${list}, whose up died or failed with its outcome unknown before state held it`);
            else out.push({ check: this.id, op: k, message: `${name}: restore ${id} (op ${k}) is a second restore of one intent (epoch ${epoch}, started at op ${a.epochStart[name][epoch]}); already started: ${list}` });
          }
        }
      }
      return out;
    },
  },
  {
    id: "a2-adopt-starts-nothing",
    rule: "(a) an up that declares adopt starts no restore for that declaration",
    check(a) {
      return a.trace.ops.flatMap((op) =>
        op.op !== "up"
          ? []
          : declsOf(a.trace).flatMap((w) => {
              const adopt = op.declared[w.spec.name].adopt;
              const made = createdDuring(a, w.spec.name, op.index);
              return adopt && made.length > 0 ? [{ check: this.id, op: op.index, message: `${w.spec.name}: declared adopt: "${adopt}", yet restore ${made.join(", ")} was started` }] : [];
            }),
      );
    },
  },
  {
    id: "a3-state-holds-this-intents-restore",
    rule: "(a) state never reports an earlier intent's (or another client's) restore as this one's, unless adopt named it",
    check(a) {
      const out: Violation[] = [];
      for (const op of a.trace.ops) {
        for (const w of declsOf(a.trace)) {
          const name = w.spec.name;
          const h = op.held[name];
          if (!h || h.restoreId === op.heldBefore[name]?.restoreId) continue; // nothing new taken on
          const namedBy = a.adopted[name].get(h.restoreId)?.some((k) => k <= op.index) ?? false;
          if (namedBy) continue;
          if (a.theirs.has(h.restoreId)) {
            out.push({ check: this.id, op: op.index, message: `${name}: state took on restore ${h.restoreId}, which another client started, and no adopt named it` });
            continue;
          }
          const sibling = declsOf(a.trace).find((x) => x !== w && a.createdIn[x.spec.name].has(h.restoreId));
          if (sibling) {
            out.push({ check: this.id, op: op.index, message: `${name}: state took on restore ${h.restoreId}, which declaration ${sibling.spec.name} started, and no adopt named it` });
            continue;
          }
          const created = a.createdIn[name].get(h.restoreId);
          const epochs = a.epochStart[name];
          const epoch = a.epochAt[name].get(op.index);
          const since = epoch === undefined ? undefined : epochs[epoch];
          if (created === undefined || since === undefined || created < since) {
            out.push({
              check: this.id,
              op: op.index,
              message: `${name}: state took on restore ${h.restoreId} for the intent declared since op ${since}, but that restore was started at op ${created} (an earlier intent's) and no adopt named it`,
            });
          }
        }
      }
      return out;
    },
  },
  {
    id: "b1-only-declared-restores",
    rule: "(b) every restore on a source is a declared one (delivery, target, restore point), started by an up, into an allow-listed target",
    check(a) {
      const out: Violation[] = [];
      const last = a.trace.ops.at(-1);
      if (!last) return out;
      const victim = `${a.trace.victim.projectId}/${a.trace.victim.name}`;
      for (const decls of bySource(a.trace)) {
        for (const r of last.server[decls[0].spec.name]) {
          if (r.target === victim) out.push({ check: this.id, message: `restore ${r.id} of ${decls[0].source.name} wipes ${r.target}, a cluster no declaration names` });
          if (a.theirs.has(r.id)) continue;
          const w = decls.find((x) => belongsTo(x, r));
          if (!w) {
            const what = r.delivery === "automated" ? `an automated restore into ${r.target}` : `a download${r.maxDownloads !== undefined ? ` (maxDownloads ${r.maxDownloads})` : ""}`;
            out.push({ check: this.id, message: `restore ${r.id} of ${decls[0].source.name} is ${what}, which no declaration of that source declares` });
            continue;
          }
          const k = a.createdIn[w.spec.name].get(r.id)!;
          const differs = differsFromDeclared(a.trace, w, r);
          if (differs) out.push({ check: this.id, op: k, message: `${w.spec.name}: restore ${r.id} is not the declared restore: ${differs}` });
          if (isPlanEntry(w.spec.subject) && r.delivery === "automated" && !a.trace.ops[k].declared[w.spec.name].allowTarget) {
            out.push({ check: this.id, op: k, message: `${w.spec.name}: restore ${r.id} wipes ${r.target}, which the plan's overwritableTargets did not list at op ${k}` });
          }
        }
      }
      return out;
    },
  },
  {
    id: "b2-state-holds-the-declared-restore",
    rule: "(b) state only ever holds a restore of what the declaration declares",
    check(a) {
      return a.trace.ops.flatMap((op) =>
        declsOf(a.trace).flatMap((w) => {
          const h = op.held[w.spec.name];
          const r = h && op.server[w.spec.name].find((x) => x.id === h.restoreId);
          const differs = r && differsFromDeclared(a.trace, w, r);
          return differs ? [{ check: this.id, op: op.index, message: `${w.spec.name}: state holds restore ${r!.id}, which is not the declared restore: ${differs}` }] : [];
        }),
      );
    },
  },
  {
    id: "c-no-foreign-cancel",
    rule: "(c) no restore cancelled (or a cancel sent) that the stack did not start or explicitly adopt",
    check(a) {
      const out: Violation[] = [];
      const last = a.trace.ops.at(-1);
      for (const decls of bySource(a.trace)) {
        const source = decls[0].source.name;
        const ours = (id: string) => decls.some((w) => a.createdIn[w.spec.name].has(id) || a.adopted[w.spec.name].has(id));
        for (const r of last?.server[decls[0].spec.name] ?? []) {
          if (r.outcome === "cancelled" && !ours(r.id)) out.push({ check: this.id, message: `restore ${r.id} of ${source}, which the stack neither started nor adopted, was cancelled` });
        }
        const cancel = new RegExp(`/clusters/${source}/backup/restoreJobs/([^/]+)$`);
        for (const { entry, op } of a.trace.requests) {
          const m = entry.method === "DELETE" ? cancel.exec(entry.path) : null;
          if (m && !ours(m[1])) out.push({ check: this.id, ...(op !== undefined ? { op } : {}), message: `a cancel of restore ${m[1]} of ${source} was sent, which the stack neither started nor adopted` });
        }
      }
      return out;
    },
  },
  {
    id: "d-state-matches-server",
    rule: "(d) every restore in state exists on the server with the status state says, or one the server moved on to",
    check(a) {
      const out: Violation[] = [];
      for (const op of a.trace.ops) {
        for (const w of declsOf(a.trace)) {
          const h: HeldRestore | undefined = op.held[w.spec.name];
          if (!h) continue;
          const r = op.server[w.spec.name].find((x) => x.id === h.restoreId);
          if (!r) {
            out.push({ check: this.id, op: op.index, message: `${w.spec.name}: state holds restore ${h.restoreId} (${h.resourceId}), which the server does not have on ${w.source.name}` });
            continue;
          }
          const stated = STATE_OUTCOME.get(h.status ?? "");
          if (stated === undefined) {
            out.push({ check: this.id, op: op.index, message: `${w.spec.name}: state holds restore ${h.restoreId} with status ${String(h.status)}, which is no restore status` });
          } else if (consistent(stated, r.outcome)) {
            continue;
          } else if (r.outcome === "cancelled" && ownCancelInFailedOp(a, w, r.id, op.index)) {
            a.knownGaps.push(`${w.spec.name}: after op ${op.index} state still says ${h.restoreId} is ${h.status}: a delete died after its cancel reached Atlas, and Pulumi keeps the resource as it was until a refresh re-reads it`);
          } else {
            out.push({ check: this.id, op: op.index, message: `${w.spec.name}: state says restore ${h.restoreId} is ${h.status}, the server says ${r.outcome}` });
          }
        }
      }
      return out;
    },
  },
  {
    id: "e-no-silent-success",
    rule: "(e) a declaration an operation reports no error for is usable (or declares waitFor: none); a destroy that succeeds leaves nothing",
    check(a) {
      const out: Violation[] = [];
      for (const op of a.trace.ops) {
        if (op.op === "refresh") continue;
        if (op.op === "destroy") {
          if (op.ok) for (const w of declsOf(a.trace)) if (op.held[w.spec.name]) out.push({ check: this.id, op: op.index, message: `${w.spec.name}: destroy succeeded, yet state still holds ${op.held[w.spec.name]!.resourceId}` });
          continue;
        }
        if (!op.ok && !allErrorsPinned(op)) continue;
        for (const w of declsOf(a.trace)) {
          if (errorsOf(op, w).length > 0) continue;
          const d = op.declared[w.spec.name];
          const h = op.held[w.spec.name];
          const where = op.ok ? "the up succeeded" : "the up reported no error for it";
          if (!h) {
            out.push({ check: this.id, op: op.index, message: `${w.spec.name}: ${where}, yet state holds no restore for it` });
            continue;
          }
          if (d.waitFor === "none" && !isPlanEntry(w.spec.subject)) continue;
          const stated = STATE_OUTCOME.get(h.status ?? "");
          const usedUp = stated === "expired" && a.trace.ops.some((o) => o.index < op.index && o.held[w.spec.name]?.restoreId === h.restoreId && STATE_OUTCOME.get(o.held[w.spec.name]!.status ?? "") === "ok");
          if (stated !== "ok" && !usedUp) out.push({ check: this.id, op: op.index, message: `${w.spec.name}: ${where}, yet its restore ${h.restoreId} is ${String(h.status)} in state` });
        }
      }
      return out;
    },
  },
];

/** Runs every check of the table over a trace. */
export function checkTrace(trace: Trace): { violations: Violation[]; knownGaps: string[] } {
  const a = analyse(trace);
  const violations = INVARIANTS.flatMap((inv) => inv.check(a));
  return { violations, knownGaps: a.knownGaps };
}

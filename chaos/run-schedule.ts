/**
 * Runs one schedule on a lane: builds its clusters, then per step applies the input changes and
 * outside actions, arms the faults, runs the operation (killing the plugin or revoking tokens at
 * the scheduled request), waits until the server has answered every request of the operation,
 * and records what state and the server hold (trace.ts).
 */
import { unwrapSecrets } from "../local-engine/engine";
import type { Emulator, RequestLogEntry } from "../emulator";
import type { DisasterRecoveryPlanArgs } from "../provider";
import { cloudInputs, legacyInputs, planEntry, type Declaration } from "./declarations";
import { armFault } from "./faults";
import type { PluginConfig, ProgramDeclarations } from "./host/protocol";
import type { Lane } from "./lane";
import type { RequestTap } from "./request-tap";
import { apiOfSubject, INITIAL_INPUTS, isPlanEntry, type DeclarationInputs, type InputChange, type OutsideAction, type Schedule, type Step } from "./schedule";
import { someoneElsesRestore } from "./server-view";
import { serverRestores } from "./server-restores";
import { belongsTo, type DeclarationWorld, type DeclaredInputs, type HeldRestore, type OpRecord, type Trace } from "./trace";
import { addSnapshot, freshId, newSource, newTarget, type TargetCluster } from "./world";

export const PLAN_NAME = "plan";
/** Time the server gets to handle a request once its injected latency is over. */
const QUIESCE_MARGIN_MS = 300;
/** How long a trickled body keeps a request open at most (the client's timeouts end it sooner). */
const SLOW_BODY_MS = 10_000;

export interface CampaignEmulator {
  emu: Emulator;
  tap: RequestTap;
  /** Emulated time runs this many times faster than real time. */
  timeScale: number;
  /** The emulator's clock now (emulated ms). */
  emulatedNow(): number;
}

let runs = 0;
let theirTargets = 0;

/** Stack config of the schedule's plugin. */
export function pluginConfig(ce: CampaignEmulator, s: Schedule): PluginConfig {
  const { emu } = ce;
  const credential: PluginConfig =
    s.credential === "serviceAccount"
      ? { "mongodbatlas:clientId": emu.clientId, "mongodbatlas:clientSecret": { secret: emu.clientSecret } }
      : { "mongodbatlas:publicKey": emu.publicKey, "mongodbatlas:privateKey": { secret: emu.privateKey } };
  return {
    ...credential,
    "mongodbatlas:baseUrl": emu.apiBase,
    "atlas-restore:serverTimeScale": String(ce.timeScale),
    "atlas-restore:requestsPerMinute": "100000",
    ...(s.requestTimeoutSeconds ? { "atlas-restore:requestTimeoutSeconds": String(s.requestTimeoutSeconds) } : {}),
  };
}

/** The schedule's own projects and clusters: a source per declaration, a target per automated one, a victim. */
function buildWorld(ce: CampaignEmulator, s: Schedule): { decls: Record<string, DeclarationWorld>; victim: TargetCluster; sourceProject: string; drProject: string } {
  const run = ++runs;
  const sourceProject = freshId();
  const drProject = freshId();
  ce.emu.addProject({ id: sourceProject, name: `chaos ${s.seed}:${s.index} sources` });
  ce.emu.addProject({ id: drProject, name: `chaos ${s.seed}:${s.index} targets` });
  const decls: Record<string, DeclarationWorld> = {};
  for (const spec of s.declarations) {
    const api = apiOfSubject(spec.subject);
    const shards = spec.sharded ? 2 : undefined;
    const source = spec.sharesSourceOf
      ? decls[spec.sharesSourceOf].source
      : newSource(ce.emu, api, { projectId: sourceProject, name: `C${run}${spec.name}`, jobDurationMs: spec.restoreMs, outcome: spec.outcome, snapshotAt: ce.emulatedNow() - 86_400_000, shards });
    const target = spec.delivery === "automated" ? newTarget(ce.emu, api, { projectId: drProject, name: `C${run}${spec.name}-target`, shards }) : undefined;
    decls[spec.name] = { spec, api, source, ...(target ? { target } : {}), resourceName: isPlanEntry(spec.subject) ? `${PLAN_NAME}-${spec.name}` : spec.name };
  }
  const victim = newTarget(ce.emu, "cloudBackup", { projectId: drProject, name: `C${run}-victim` });
  return { decls, victim, sourceProject, drProject };
}

const intentOf = (w: DeclarationWorld, trigger: unknown) =>
  JSON.stringify([w.api, w.spec.delivery, w.target ? `${w.target.projectId}/${w.target.name}` : null, w.spec.maxDownloads ?? null, w.spec.latest ? "latest" : w.source.snapshotId, trigger ?? null]);

/** What state holds for each declaration. */
function heldRestores(trace: Pick<Trace, "decls">, resources: { name: string; id: string; type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown>; initErrors?: string[] }[]) {
  const held: Record<string, HeldRestore | undefined> = {};
  for (const [name, w] of Object.entries(trace.decls)) {
    const r = resources.find((x) => x.name === w.resourceName && !x.type.endsWith("RestoreApiDecision"));
    if (!r || !r.id) continue;
    const outputs = unwrapSecrets(r.outputs);
    held[name] = {
      resourceId: r.id,
      restoreId: r.id.split("/").at(-1)!,
      ...(typeof outputs.status === "string" ? { status: outputs.status } : {}),
      intent: intentOf(w, unwrapSecrets(r.inputs).trigger),
      failed: (r.initErrors?.length ?? 0) > 0,
    };
  }
  return held;
}

export async function runSchedule(ce: CampaignEmulator, lane: Lane, s: Schedule): Promise<Trace> {
  const { emu, tap } = ce;
  const world = buildWorld(ce, s);
  const snapshots = Object.fromEntries(Object.values(world.decls).map((w) => [w.source.name, [w.source.snapshotId]]));
  const trace: Trace = { schedule: s, decls: world.decls, snapshots, victim: world.victim, ops: [], others: [], requests: [], notes: [] };
  const stack = `s${s.seed}-${s.index}-${world.sourceProject.slice(-6)}`;
  const inputs: Record<string, DeclarationInputs> = Object.fromEntries(s.declarations.map((d) => [d.name, { ...INITIAL_INPUTS }]));
  const adoptIds: Record<string, string | undefined> = {};
  let current: { index: number; seen: number; step: Step; kill: () => void } | undefined;
  const unsubscribe = tap.subscribe(world.sourceProject, (entry: RequestLogEntry) => {
    trace.requests.push({ entry, ...(current ? { op: current.index } : {}) });
    if (!current) return;
    current.seen += 1;
    if (current.step.kill?.atRequest === current.seen) current.kill();
    if (current.step.revokeTokens?.atRequest === current.seen) emu.tokens.revokeAll();
  });
  let held: Record<string, HeldRestore | undefined> = {};
  try {
    await lane.useConfig(pluginConfig(ce, s));
    for (const [index, step] of s.steps.entries()) {
      if (step.newProcess) await lane.request({ op: "newProcess" });
      // Outside actions happen first: the user then edits the program (an adopt of what another client started).
      for (const a of step.actions ?? []) await outsideAction(ce, trace, a, index);
      for (const c of step.changes ?? []) applyChange(trace, inputs, adoptIds, held, c);
      for (const f of step.faults ?? []) armFault(emu, f, world.decls[f.decl].source, world.decls[f.decl].api);
      const declared = Object.fromEntries(
        s.declarations.map((d) => {
          const i = inputs[d.name];
          const value: DeclaredInputs = { ...i, adopt: adoptIds[d.name], intent: intentOf(world.decls[d.name], i.trigger) };
          return [d.name, value];
        }),
      );
      let killed = false;
      const op = { index, seen: 0, step, kill: () => ((killed = true), void lane.request({ op: "kill" }).catch(() => undefined)) };
      current = op;
      const start = Date.now();
      const result = await lane.operate(step.op === "up" ? { op: "up", stack, program: programOf(trace, declared, s) } : { op: step.op, stack });
      const end = Date.now();
      current = undefined;
      await quiesce(tap, trace, index);
      const heldBefore = held;
      held = heldRestores(trace, result.resources);
      const record: OpRecord = {
        index,
        op: step.op,
        start,
        end,
        declared,
        faults: step.faults ?? [],
        killed,
        revoked: Boolean(step.revokeTokens) && op.seen >= step.revokeTokens!.atRequest,
        newProcess: Boolean(step.newProcess),
        pluginStarted: result.pluginStarted,
        errors: result.errors,
        ...(result.planError ? { planError: result.planError } : {}),
        ok: result.errors.length === 0 && !result.planError,
        heldBefore,
        held,
        server: Object.fromEntries(Object.values(world.decls).map((w) => [w.spec.name, serverRestores(emu, w.api, w.source)])),
        steps: result.steps,
        logs: result.logs,
      };
      trace.ops.push(record);
    }
  } finally {
    current = undefined;
    unsubscribe();
    await lane.operate({ op: "forget", stack }).catch(() => undefined);
  }
  return trace;
}

function applyChange(trace: Trace, inputs: Record<string, DeclarationInputs>, adoptIds: Record<string, string | undefined>, held: Record<string, HeldRestore | undefined>, c: InputChange): void {
  const i = inputs[c.decl] as unknown as Record<string, unknown>;
  if (c.value === null) delete i[c.set];
  else i[c.set] = c.value;
  if (c.set !== "adopt") return;
  adoptIds[c.decl] = c.value === null ? undefined : resolveAdopt(trace, c.decl, c.value, held);
}

/** The id an `adopt` reference names now (schedule.ts, AdoptRef), or undefined. */
function resolveAdopt(trace: Trace, decl: string, ref: DeclarationInputs["adopt"], held: Record<string, HeldRestore | undefined>): string | undefined {
  const last = trace.ops.at(-1);
  const theirs = new Set(trace.others.map((o) => o.id));
  switch (ref) {
    case "held":
      return held[decl]?.restoreId;
    case "previous":
      return (last?.server[decl] ?? []).filter((r) => !theirs.has(r.id) && belongsTo(trace.decls[decl], r) && r.id !== held[decl]?.restoreId).at(-1)?.id;
    case "other":
      return trace.others.filter((o) => o.decl === decl).at(-1)?.id;
    case "missing":
      return freshId();
    default:
      return undefined;
  }
}

async function outsideAction(ce: CampaignEmulator, trace: Trace, a: OutsideAction, beforeOp: number): Promise<void> {
  const w = trace.decls[a.decl];
  if (a.action === "restoreOutcome") {
    ce.emu.setRestoreBehaviour(w.source.projectId, w.source.name, { outcome: a.outcome, jobDurationMs: a.restoreMs });
    return;
  }
  if (a.action === "newSnapshot") {
    trace.snapshots[w.source.name].push(addSnapshot(ce.emu, w.source, ce.emulatedNow() - 60_000));
    return;
  }
  // The declared delivery (matching), or the other one: a download for an automated declaration,
  // an automated restore into a cluster of their own for a download.
  const automated = (w.spec.delivery === "automated") === a.matching;
  const shards = w.spec.sharded ? 2 : undefined;
  const target = !automated ? undefined : a.matching ? w.target : newTarget(ce.emu, w.api, { projectId: trace.victim.projectId, name: `${w.source.name}-theirs${++theirTargets}`, shards });
  // What the server holds afterwards says what they started: a fault left armed on the cluster
  // may cost them the answer (or the request) as it would the stack.
  const before = new Set(serverRestores(ce.emu, w.api, w.source).map((r) => r.id));
  const failed = await someoneElsesRestore(ce.emu, w.api, w.source, target).then(() => undefined, (e: Error) => e.message);
  for (const r of serverRestores(ce.emu, w.api, w.source)) if (!before.has(r.id)) trace.others.push({ decl: a.decl, id: r.id, matching: a.matching, beforeOp });
  if (failed) trace.notes.push(`step ${beforeOp}: another client's restore request on ${a.decl} failed: ${failed.slice(0, 200)}`);
}

/** The program's declarations for one `up`. */
function programOf(trace: Trace, declared: Record<string, DeclaredInputs>, s: Schedule): ProgramDeclarations {
  const resources: ProgramDeclarations["resources"] = [];
  const entries: DisasterRecoveryPlanArgs["entries"] = {};
  const allowed: string[] = [];
  for (const w of Object.values(trace.decls)) {
    const i = declared[w.spec.name];
    const d: Declaration = {
      source: w.source,
      ...(w.target ? { target: w.target } : {}),
      ...(w.spec.latest ? { latest: true } : {}),
      ...(w.spec.maxDownloads !== undefined ? { maxDownloads: w.spec.maxDownloads } : {}),
      ...(i.trigger !== undefined ? { trigger: i.trigger } : {}),
      ...(i.adopt !== undefined ? { adopt: i.adopt } : {}),
      waitFor: i.waitFor,
      waitTimeoutMinutes: i.waitTimeoutMinutes,
    };
    if (!isPlanEntry(w.spec.subject)) {
      resources.push(w.api === "legacy" ? { name: w.spec.name, type: "RestoreJob", inputs: legacyInputs(d) } : { name: w.spec.name, type: "CloudBackupRestoreJob", inputs: cloudInputs(d) });
      continue;
    }
    (entries as Record<string, unknown>)[w.spec.name] = planEntry(d, i.api === "auto" ? "auto" : w.api);
    if (w.target && i.allowTarget) allowed.push(`${w.target.projectId}/${w.target.name}`);
  }
  if (Object.keys(entries).length === 0) return { resources };
  const args: DisasterRecoveryPlanArgs = {
    entries,
    ...(allowed.length > 0 ? { overwritableTargets: allowed } : {}),
    ...(s.maxConcurrentRestores ? { maxConcurrentRestores: s.maxConcurrentRestores } : {}),
  };
  return { resources, plan: { name: PLAN_NAME, args } };
}

/**
 * Waits until the server has handled every request of the operation, so a late POST lands in its
 * own operation. A request still unanswered is either in flight or was left by its client during
 * an injected latency (the emulator then never answers it, but still handles it once the latency
 * is over): so each is waited for until the longest latency armed so far has passed.
 */
async function quiesce(tap: RequestTap, trace: Trace, op: number): Promise<void> {
  const latency = Math.max(0, ...trace.schedule.steps.slice(0, op + 1).flatMap((s) => (s.faults ?? []).map((f) => (f.kind === "slowBody" ? SLOW_BODY_MS : (f.ms ?? 0)))));
  tap.drain();
  const pending = trace.requests.filter((r) => r.op === op && r.entry.status === 0 && !r.entry.fault);
  const until = Math.max(0, ...pending.map((r) => r.entry.at + latency + QUIESCE_MARGIN_MS));
  while (Date.now() < until && pending.some((r) => r.entry.status === 0 && !r.entry.fault)) await new Promise((r) => setTimeout(r, 10));
}

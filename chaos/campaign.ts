/**
 * The campaign: many schedules side by side on one emulator (each on clusters of its own, each
 * lane a program host of its own), every trace checked by the invariant table, figures summed.
 * Between batches, once every lane is idle, the emulator's fault rules and request log are
 * cleared (the schedules keep their own copy of their requests).
 */
import { startEmulator } from "../emulator";
import { FAULT_KINDS, type Schedule } from "./schedule";
import { generateSchedule } from "./generate";
import { checkTrace, type Violation } from "./invariants";
import { Lane } from "./lane";
import { RequestTap } from "./request-tap";
import { pluginConfig, runSchedule, type CampaignEmulator } from "./run-schedule";
import { belongsTo, type Trace } from "./trace";

export interface CampaignOptions {
  seed: number;
  /** The schedules to run: indices of the seed's stream, or schedules given as data. */
  schedules: number[] | Schedule[];
  /** Lanes (schedules at once). @default 4 */
  concurrency?: number;
  /** Emulated ms per real ms. @default 100 */
  timeScale?: number;
  /** Schedules between two clean-ups of the emulator's fault rules and log. @default 100 */
  batch?: number;
  /** Called once per finished schedule. */
  onSchedule?(r: ScheduleOutcome): void;
}

export interface ScheduleOutcome {
  schedule: Schedule;
  violations: Violation[];
  knownGaps: string[];
  trace: Trace;
}

/** What the campaign did, summed over schedules. */
export interface CampaignFigures {
  schedules: number;
  violations: number;
  schedulesWithViolations: number;
  ops: Record<"up" | "refresh" | "destroy", number>;
  /** New-process steps scheduled. */
  newProcesses: number;
  /** Plugin processes started (new-process steps, after kills, a lane's first or a new config). */
  pluginStarts: number;
  kills: { scheduled: number; fired: number };
  tokenRevocations: number;
  faultsArmed: Record<string, number>;
  /** Answers the emulator changed, by its fault kind (latency is not logged there). */
  faultsServed: Record<string, number>;
  subjects: Record<string, number>;
  /** The stacks' restores, each counted once (declarations may share a source cluster). */
  restoresStarted: number;
  /** The same, by the subject of the declaration each belongs to (`undeclared` for none: a (b) violation). */
  restoresBySubject: Record<string, number>;
  restoresByOtherClient: number;
  knownGaps: number;
  failedOps: number;
  /** Real time the operations took, by kind (summed over lanes; the rest of a lane's time is setup and quiescing). */
  opMs: Record<"up" | "refresh" | "destroy", number>;
  wallMs: number;
}

const bump = (m: Record<string, number>, k: string, by = 1) => void (m[k] = (m[k] ?? 0) + by);

function emptyFigures(): CampaignFigures {
  return {
    schedules: 0, violations: 0, schedulesWithViolations: 0, ops: { up: 0, refresh: 0, destroy: 0 }, newProcesses: 0, pluginStarts: 0, kills: { scheduled: 0, fired: 0 },
    tokenRevocations: 0, faultsArmed: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])), faultsServed: {}, subjects: {}, restoresStarted: 0, restoresBySubject: {},
    restoresByOtherClient: 0, knownGaps: 0, failedOps: 0, opMs: { up: 0, refresh: 0, destroy: 0 }, wallMs: 0,
  };
}

function addFigures(f: CampaignFigures, o: ScheduleOutcome): void {
  const t = o.trace;
  f.schedules += 1;
  f.violations += o.violations.length;
  if (o.violations.length > 0) f.schedulesWithViolations += 1;
  f.knownGaps += o.knownGaps.length;
  for (const d of o.schedule.declarations) bump(f.subjects, d.subject);
  for (const op of t.ops) {
    f.ops[op.op] += 1;
    f.opMs[op.op] += op.end - op.start;
    if (op.newProcess) f.newProcesses += 1;
    if (op.pluginStarted) f.pluginStarts += 1;
    if (op.killed) f.kills.fired += 1;
    if (op.revoked) f.tokenRevocations += 1;
    if (!op.ok) f.failedOps += 1;
    for (const fault of op.faults) bump(f.faultsArmed, fault.kind);
  }
  f.kills.scheduled += o.schedule.steps.filter((s) => s.kill).length;
  for (const { entry } of t.requests) if (entry.fault) bump(f.faultsServed, entry.fault);
  const last = t.ops.at(-1);
  const theirs = new Set(t.others.map((x) => x.id));
  const counted = new Set<string>();
  for (const w of Object.values(t.decls)) {
    for (const r of last?.server[w.spec.name] ?? []) {
      if (theirs.has(r.id) || counted.has(r.id)) continue;
      const owner = Object.values(t.decls).find((x) => x.source.name === w.source.name && belongsTo(x, r));
      counted.add(r.id);
      bump(f.restoresBySubject, owner?.spec.subject ?? "undeclared");
    }
  }
  f.restoresStarted += counted.size;
  f.restoresByOtherClient += t.others.length;
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignFigures> {
  const started = Date.now();
  const timeScale = o.timeScale ?? 100;
  let realStart: number | undefined;
  const clock = () => {
    const now = Date.now();
    realStart ??= now;
    return now;
  };
  const emu = await startEmulator({
    timeScale,
    clock,
    rateLimit: false,
    v2RateLimit: false,
    tokenRateLimit: false,
    maxLiveTokens: 100_000,
  });
  const tap = new RequestTap(emu);
  const ce: CampaignEmulator = { emu, tap, timeScale, emulatedNow: () => realStart! + (Date.now() - realStart!) * timeScale };
  const lanes = Array.from({ length: o.concurrency ?? 4 }, () => new Lane());
  const figures = emptyFigures();
  const schedules = o.schedules.map((s) => (typeof s === "number" ? generateSchedule(o.seed, s) : s));
  const batch = o.batch ?? 100;
  let pending: Schedule[] = [];

  async function work(lane: Lane): Promise<void> {
    while (pending.length > 0) {
      // A schedule the lane's plugin is already configured for, if one is near the head: a new
      // plugin process costs more CPU than a whole schedule's operations.
      const near = pending.slice(0, 4 * lanes.length).findIndex((s) => JSON.stringify(pluginConfig(ce, s)) === lane.configKey);
      const [schedule] = pending.splice(Math.max(0, near), 1);
      const trace = await runSchedule(ce, lane, schedule);
      const { violations, knownGaps } = checkTrace(trace);
      const outcome = { schedule, violations, knownGaps, trace };
      addFigures(figures, outcome);
      o.onSchedule?.(outcome);
    }
  }

  try {
    for (let from = 0; from < schedules.length; from += batch) {
      pending = schedules.slice(from, from + batch);
      await Promise.all(lanes.map((l) => work(l)));
      // Every lane is idle: the fault rules left unused and the log can go.
      emu.faults.clear();
      tap.clearLog();
    }
  } finally {
    await Promise.all(lanes.map((l) => l.close()));
    tap.close();
    await emu.close();
  }
  figures.wallMs = Date.now() - started;
  return figures;
}

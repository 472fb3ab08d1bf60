/**
 * What the campaign prints: a violation with everything needed to replay and read it (seed,
 * index, the broken checks, what each operation did, the schedule as JSON), and the figures.
 */
import type { CampaignFigures, ScheduleOutcome } from "./campaign";

const oneLine = (s: string, max = 220) => {
  const line = s.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
};

/** One operation of the trace in a line: what it did, what it surfaced, what state holds after. */
function opLine(o: ScheduleOutcome, i: number): string {
  const op = o.trace.ops[i];
  const held = Object.entries(op.held).map(([d, h]) => `${d}=${h ? `${h.restoreId}:${h.status}` : "-"}`);
  const server = Object.entries(op.server).map(([d, rs]) => `${d}:[${rs.map((r) => `${r.id.slice(-6)} ${r.outcome}`).join(", ")}]`);
  const flags = [op.newProcess ? "new process" : "", op.killed ? "KILLED" : "", op.revoked ? "tokens revoked" : ""].filter(Boolean).join(", ");
  const errors = [...op.errors.map((e) => `${e.urn?.split("::").at(-1) ?? "?"}: ${oneLine(e.message)}`), ...(op.planError ? [`plan: ${oneLine(op.planError)}`] : [])];
  return [
    `    op ${i} ${op.op}${flags ? ` (${flags})` : ""}: ${op.ok ? "ok" : "FAILED"}; state ${held.join(" ") || "-"}; server ${server.join(" ")}`,
    ...errors.map((e) => `      error ${e}`),
  ].join("\n");
}

export function violationReport(o: ScheduleOutcome): string {
  const { seed, index } = o.schedule;
  return [
    `chaos: VIOLATION in schedule ${seed}:${index} (replay: npm run chaos -- --replay ${seed}:${index})`,
    ...o.violations.map((v) => `  [${v.check}]${v.op !== undefined ? ` op ${v.op}` : ""}: ${v.message}`),
    "  operations:",
    ...o.trace.ops.map((_, i) => opLine(o, i)),
    ...o.trace.notes.map((n) => `  note: ${n}`),
    `  schedule: ${JSON.stringify(o.schedule)}`,
  ].join("\n");
}

const list = (m: Record<string, number>) =>
  Object.entries(m)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ") || "none";

/** The figures, a few lines, before the final one. */
export function figureLines(f: CampaignFigures, load: string): string[] {
  return [
    `chaos: subjects: ${list(f.subjects)}`,
    `chaos: operations: up ${f.ops.up}, refresh ${f.ops.refresh}, destroy ${f.ops.destroy} (${f.failedOps} failed); new-process steps ${f.newProcesses}, plugin processes started ${f.pluginStarts}; plugin killed ${f.kills.fired} (${f.kills.scheduled} scheduled); token revocations ${f.tokenRevocations}`,
    `chaos: faults armed: ${list(f.faultsArmed)}`,
    `chaos: answers changed by the emulator: ${list(f.faultsServed)}`,
    `chaos: restores started by the stacks ${f.restoresStarted} (${list(f.restoresBySubject)}), by another client ${f.restoresByOtherClient}; known gaps seen ${f.knownGaps}; schedules with violations ${f.schedulesWithViolations}`,
    `chaos: time in operations (all lanes): up ${(f.opMs.up / 1000).toFixed(0)} s, refresh ${(f.opMs.refresh / 1000).toFixed(0)} s, destroy ${(f.opMs.destroy / 1000).toFixed(0)} s`,
    `chaos: wall ${(f.wallMs / 1000).toFixed(1)} s; load ${load}`,
  ];
}

/** The last line, exactly. */
export const finalLine = (f: CampaignFigures, seed: number) => `chaos: ${f.schedules} schedules, ${f.violations} violations (seed ${seed})`;

/**
 * Every defect the chaos campaign found, pinned by a hand-written schedule (the generated one that
 * found it is named too; generated schedules change when the generator does, these do not). Each
 * runs through the campaign on the plugin path and must break no invariant; each also asserts
 * that the scenario really happened, so a regression schedule cannot pass by missing its point.
 */
import { runCampaign, type ScheduleOutcome } from "../../chaos/campaign";
import { violationReport } from "../../chaos/report";
import type { Schedule, SubjectName } from "../../chaos/schedule";

jest.setTimeout(180_000);

async function run(schedules: Schedule[]): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  await runCampaign({ seed: 0, schedules, concurrency: Math.min(3, schedules.length), onSchedule: (o) => outcomes.push(o) });
  expect(outcomes.filter((o) => o.violations.length > 0).map(violationReport)).toEqual([]);
  return outcomes.sort((a, b) => a.schedule.index - b.schedule.index);
}

/**
 * Defect 1 (found by 21:71): a download cancelled by a `destroy` that died after its cancel reached
 * Atlas stayed in state; once read as CANCELLED (refresh, or an update re-reading it), every later
 * `up` passed silently with a cancelled restore, because a restore seen usable once counted as
 * done however it ended. Now only links that expired or were used up end a used restore quietly.
 */
describe("defect 1: a restore cancelled by a destroy that died is never a silent success", () => {
  const schedule = (index: number, subject: SubjectName, refresh: boolean): Schedule => ({
    seed: 0,
    index,
    credential: "apiKey",
    requestTimeoutSeconds: 2,
    declarations: [{ name: "d0", subject, delivery: "download", restoreMs: 5_000, outcome: "FINISHED" }],
    steps: [
      { op: "up" },
      // The cancel is held at the emulator, the plugin killed meanwhile; Atlas then cancels.
      { op: "destroy", faults: [{ kind: "slow", decl: "d0", on: "cancel", skip: 0, count: 1, ms: 400 }], kill: { atRequest: 1 } },
      ...(refresh ? [{ op: "refresh" as const }] : []),
      { op: "up", changes: [{ decl: "d0", set: "waitTimeoutMinutes", value: 5 }] },
      { op: "up" },
    ],
  });

  test("CloudBackupRestoreJob and a plan entry, with and without a refresh between", async () => {
    const outcomes = await run([schedule(0, "CloudBackupRestoreJob", true), schedule(1, "CloudBackupRestoreJob", false), schedule(2, "plan entry (Cloud Backup)", true)]);
    for (const { trace } of outcomes) {
      const [, destroy, ...rest] = trace.ops;
      expect([destroy.killed, destroy.server.d0.map((r) => r.outcome)]).toEqual([true, ["cancelled"]]);
      for (const up of rest.filter((op) => op.op === "up")) {
        expect(up.ok).toBe(false);
        expect(up.errors.map((e) => e.message).join("\n")).toMatch(/was cancelled/);
      }
    }
  });
});

/**
 * Checker defect (found by 20261208:676): the invariant checker excused a re-run's second restore
 * (the known gap of an up killed before state held its restore) only if state never held the
 * first restore at any time, so a later, explicit `adopt` of that first restore (the documented
 * recovery) turned the excused re-run into a reported violation. It now asks what state held
 * before the re-run.
 */
describe("checker: a known-gap re-run stays a known gap when the first restore is adopted later", () => {
  test("plan entry (legacy), download: killed after its POST, re-run, then adopt of the first restore", async () => {
    const schedule: Schedule = {
      seed: 0,
      index: 0,
      credential: "apiKey",
      requestTimeoutSeconds: 2,
      declarations: [{ name: "d0", subject: "plan entry (legacy)", delivery: "download", restoreMs: 10_000, outcome: "FINISHED", maxDownloads: 3 }],
      steps: [
        { op: "up", faults: [{ kind: "timeout", decl: "d0", on: "snapshots", skip: 2, count: 1, ms: 3108 }], kill: { atRequest: 5 } },
        { op: "up", changes: [{ decl: "d0", set: "api", value: "explicit" }] },
        { op: "up", changes: [{ decl: "d0", set: "adopt", value: "previous" }] },
      ],
    };
    const [{ trace, knownGaps }] = await run([schedule]);
    const [killed, rerun, adopt] = trace.ops;
    expect(killed.killed).toBe(true);
    expect(killed.held.d0).toBeUndefined();
    const [first, second] = rerun.server.d0.map((r) => r.id);
    expect(rerun.held.d0?.restoreId).toBe(second);
    expect(adopt.held.d0?.restoreId).toBe(first);
    expect(knownGaps).toEqual([expect.stringMatching(/re-ran the intent of/)]);
  });
});

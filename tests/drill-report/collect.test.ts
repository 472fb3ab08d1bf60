/**
 * The collector on hand-made child outcomes: what a hostile or broken server's times become
 * (range-checked, never a figure, the entry says why), what each entry says this run did with it,
 * and an `api: auto` entry that never got as far as asking the server.
 */
import { collectDrillReport } from "../../drill/report/collect";
import type { ChildOutcome } from "../../drill/report/child-outcome";
import { toHtml } from "../../drill/report/html";
import { MAX_TICKS, timeline } from "../../drill/report/timeline";
import { validateDrillReport } from "../../drill/report/validate";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../../provider/dr-plan/plan-args";
import { sampleReport, SAMPLE_ENTRIES, sampleRun } from "./sample-report";

const P = "6b99999887d9d61443b41657";
const download = (over: Partial<DrPlanEntryArgs> = {}): DrPlanEntryArgs => ({
  source: { projectId: P, clusterName: "Orders" },
  api: "cloudBackup",
  restorePoint: { snapshotId: "65f0a1b2c3d4e5f607182930" },
  delivery: { type: "download" },
  rtoTargetMinutes: 60,
  ...over,
});
const plan = (entries: Record<string, DrPlanEntryArgs>): DisasterRecoveryPlanArgs => ({ entries });
/** A Cloud Backup download child, requested one second into the run (sampleRun: 00:00:00 – 00:01:00). */
const cloud = (outputs: Record<string, unknown>): ChildOutcome => ({
  kind: "CloudBackupRestoreJob",
  id: `${P}/Orders/65f0a1b2c3d4e5f607182940`,
  outputs: { status: "READY", jobId: "65f0a1b2c3d4e5f607182940", requestedAt: "2026-12-01T00:00:01Z", readyAt: "2026-12-01T00:00:31Z", restorePointTime: "2026-11-30T18:00:00Z", ...outputs },
});

test("a server's finishedAt of 9999-12-31 is not used: no RTO from it, the entry fails saying why, the pages stay small", () => {
  const report = collectDrillReport({ planArgs: plan({ orders: download() }), run: sampleRun(), children: { orders: cloud({ readyAt: "9999-12-31T23:59:59Z", finishedAt: "9999-12-31T23:59:59Z" }) } });
  const [e] = report.entries;
  expect(e!.readyAt).toBeUndefined();
  expect(e!.rtoSeconds).toBeUndefined();
  expect(e).toMatchObject({ rto: "unknown", passed: false });
  expect(e!.notes).toEqual([
    "RTO unknown: the ready time is unknown (the server did not say when the data became usable): with a target set, an unmeasured figure is not a pass",
    "the server's ready time 9999-12-31T23:59:59Z lies outside this run (2026-12-01T00:00:00Z – 2026-12-01T00:01:00Z): not used",
    "the server's Orders ready time 9999-12-31T23:59:59Z lies outside this run (2026-12-01T00:00:00Z – 2026-12-01T00:01:00Z): not used",
  ]);
  expect(() => validateDrillReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
  const html = toHtml(report);
  expect(html.length).toBeLessThan(100_000);
  expect(html).toContain("RTO unknown (target 1h 00m 00s): the ready time is unknown");
});

test("a year-1 restore point is not used; a part's event outside the run is dropped, with a note", () => {
  const child = cloud({ restorePointTime: "0001-01-01T00:00:00Z", parts: [{ name: "Orders-shard-0", jobId: "j", status: "READY", requestedAt: "2026-12-01T00:00:01Z", readyAt: "1970-01-01T00:00:00Z" }] });
  const report = collectDrillReport({ planArgs: plan({ orders: download({ rpoTargetMinutes: 600 }) }), run: sampleRun(), children: { orders: child } });
  const [e] = report.entries;
  expect(e!.restorePoint.time).toBeUndefined();
  expect(e).toMatchObject({ rpo: "unknown", passed: false });
  expect(e!.parts[0]!.events).toEqual([{ at: "2026-12-01T00:00:01Z", state: "requested" }]);
  expect(e!.notes).toEqual(
    expect.arrayContaining([
      "the server's restore point time 0001-01-01T00:00:00Z lies outside what a restore point can be (2009-01-01T00:00:00Z – its request, 2026-12-01T00:00:01Z): not used",
      "the server's Orders-shard-0 ready time 1970-01-01T00:00:00Z lies outside this run (2026-12-01T00:00:00Z – 2026-12-01T00:01:00Z): not used",
    ]),
  );
  expect(toHtml(report).length).toBeLessThan(100_000);
});

test("a crafted report whose times span 9999 years: the axis is the run, at most MAX_TICKS ticks, a page of a few KB", () => {
  const far = { ...SAMPLE_ENTRIES[0]!, parts: [{ name: "p", status: "READY", events: [{ at: "0001-01-01T00:00:00Z", state: "requested" as const }, { at: "9999-12-31T23:59:59Z", state: "ready" as const }] }] };
  const report = sampleReport({ entries: [far], startedAt: "0001-01-01T00:00:00Z", finishedAt: "9999-12-31T23:59:59Z" });
  const t = timeline(report);
  expect(t.ticks.length).toBeLessThanOrEqual(MAX_TICKS + 1);
  expect(t.ticks.length).toBeGreaterThan(2);
  expect(toHtml(report).length).toBeLessThan(100_000);
});

test("what this run did: requested, reused from run X (with its request time), not requested; and `auto` never resolved", () => {
  const report = collectDrillReport({
    planArgs: plan({ fresh: download(), kept: download({ source: { projectId: P, clusterName: "Kept" } }), never: download({ api: "auto", source: { projectId: P, clusterName: "Never" } }) }),
    run: sampleRun(),
    children: {
      fresh: cloud({}),
      kept: cloud({ requestedAt: "2026-09-01T00:00:01Z", readyAt: "2026-09-01T00:00:31Z", restorePointTime: "2026-08-31T18:00:00Z" }),
      never: { outputs: {}, error: "api auto: could not tell" },
    },
    reused: { kept: { runId: "20260901T000000Z" } },
  });
  const byName = Object.fromEntries(report.entries.map((e) => [e.name, e]));
  expect(byName.fresh).toMatchObject({ run: "requested", passed: true });
  expect(byName.fresh!.reusedFrom).toBeUndefined();
  // Reused: its times are before this run, and still used (they are the restore's own).
  expect(byName.kept).toMatchObject({ run: "reused", reusedFrom: { runId: "20260901T000000Z", requestedAt: "2026-09-01T00:00:01Z" }, rtoSeconds: 30, passed: true });
  expect(byName.kept!.notes).toBeUndefined();
  expect(byName.never).toMatchObject({ run: "not requested", api: "not resolved", status: "NOT STARTED", passed: false });
  expect(report.summary).toMatchObject({ requested: 1, reused: 1, entries: 3, passed: 2 });
  expect(() => validateDrillReport(JSON.parse(JSON.stringify(report)))).not.toThrow();
});

test("the runner's clock (the server's could not be read): server times within a day of the run are kept", () => {
  const run = sampleRun({ clock: { source: "runner", description: "this machine's clock", precisionSeconds: 0.001, realSeconds: 60 } });
  const skewed = cloud({ requestedAt: "2026-12-01T00:07:01Z", readyAt: "2026-12-01T00:07:31Z" });
  const [e] = collectDrillReport({ planArgs: plan({ orders: download() }), run, children: { orders: skewed } }).entries;
  expect(e).toMatchObject({ rtoSeconds: 30, rto: "met", passed: true });
});

/** measureEntry: RTO/RPO from an entry's declaration and its child's outputs (pure). */
import { measureEntry, summarize } from "../../provider";
import { automated, IDS } from "./plans";

const entry = automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { snapshotId: IDS.replicaSet0.snapshotId }, { rtoTargetMinutes: 30 });
const ready = { status: "READY", requestedAt: "2026-03-01T10:00:00Z", readyAt: "2026-03-01T10:20:30Z", restorePointTime: "2026-03-01T04:00:00Z" };

test("RTO = readyAt − requestedAt and RPO = requestedAt − restore point time, in seconds", () => {
  expect(measureEntry(entry, { rpoTargetMinutes: 300 }, ready)).toEqual({
    ...ready,
    rtoSeconds: 1230,
    rpoSeconds: 21_600,
    rtoTargetSeconds: 1800,
    rpoTargetSeconds: 18_000,
    rto: "met",
    rpo: "missed",
    passed: false,
  });
});

test("the declared point in time is the restore point (seconds), whatever the child reports", () => {
  const pit = automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { pointInTimeUTCSeconds: Date.parse("2026-03-01T09:59:00Z") / 1000 }, { rpoTargetMinutes: 2 });
  expect(measureEntry(pit, undefined, { ...ready, restorePointTime: undefined })).toMatchObject({ restorePointTime: "2026-03-01T09:59:00.000Z", rpoSeconds: 60, rpo: "met", rto: "not measured", passed: true });
});

test("a failed restore missed its RTO target; one never started is NOT STARTED and, with a target, unknown", () => {
  expect(measureEntry(entry, undefined, { status: "FAILED", requestedAt: ready.requestedAt })).toMatchObject({ status: "FAILED", rto: "missed", passed: false });
  expect(measureEntry(entry, undefined, { status: "FAILED" }).rtoSeconds).toBeUndefined();
  expect(measureEntry(entry, undefined, undefined)).toEqual({ status: "NOT STARTED", rto: "unknown", rpo: "not measured", rtoTargetSeconds: 1800, passed: false });
});

test("still running (a wait that timed out): no RTO figure yet, unknown against its target, not passed", () => {
  expect(measureEntry(entry, undefined, { status: "IN_PROGRESS", requestedAt: ready.requestedAt, readyAt: ready.readyAt })).toMatchObject({ rto: "unknown", rtoNote: "no ready time: the restore is IN_PROGRESS, not usable yet", passed: false });
  expect(measureEntry(entry, undefined, { status: "IN_PROGRESS", requestedAt: ready.requestedAt }).readyAt).toBeUndefined();
});

// Issue 17 item 7: a usable restore whose request time is lost (the create answer was lost) PASSED
// a 0.6 s RTO target it never measured. With a target, unknown is not success.
test("a usable restore with a target but no figure fails, saying which time is missing", () => {
  const fast = { ...entry, rtoTargetMinutes: 0.01 };
  const m = measureEntry(fast, undefined, { ...ready, requestedAt: undefined });
  expect(m).toMatchObject({ status: "READY", rto: "unknown", passed: false });
  expect(m.rtoSeconds).toBeUndefined();
  expect(m.rtoNote).toBe("the request time is unknown (the server did not say when it took the request): with a target set, an unmeasured figure is not a pass");
  const noReady = measureEntry(fast, undefined, { ...ready, readyAt: undefined });
  expect(noReady).toMatchObject({ rto: "unknown", passed: false, rtoNote: expect.stringMatching(/^the ready time is unknown/) });
  // RPO: the restore point's time unknown, with a target.
  const rpo = measureEntry(entry, { rpoTargetMinutes: 600 }, { ...ready, restorePointTime: undefined });
  expect(rpo).toMatchObject({ rto: "met", rpo: "unknown", passed: false, rpoNote: expect.stringMatching(/^the restore point's time is unknown/) });
  // Without a target, an unknown figure judges nothing: it stays "not measured".
  expect(measureEntry({ ...entry, rtoTargetMinutes: undefined }, undefined, { ...ready, requestedAt: undefined })).toMatchObject({ rto: "not measured", passed: true });
});

test("summarize counts entries, passes, usable restores and missed or unknown objectives, and words the verdict", () => {
  const m = [measureEntry(entry, undefined, ready), measureEntry(entry, undefined, { status: "FAILED" }), measureEntry(entry, undefined, { ...ready, readyAt: "2026-03-01T11:00:00Z" })];
  expect(summarize(m)).toEqual({
    entries: 3,
    passed: 1,
    failed: 2,
    usable: 2,
    rtoMissed: 2,
    rpoMissed: 0,
    unmeasured: 0,
    allPassed: false,
    verdict: "FAILED: 1 of 3 entries passed. 1 restore is not usable (failed, not finished or never started); 2 missed their RTO target.",
  });
});

// Issue 18: `failed: 2, allPassed: false` while both restores were READY and `up` exited 0 told no
// one which was the verdict. The summary now says it in words.
test("every restore usable but objectives missed: the verdict says the restores are usable, that this is all pulumi up checks, and what failed", () => {
  const rpoMissed = [measureEntry(entry, { rpoTargetMinutes: 60 }, ready), measureEntry(entry, { rpoTargetMinutes: 60 }, ready)];
  expect(summarize(rpoMissed)).toMatchObject({
    passed: 0,
    failed: 2,
    usable: 2,
    rpoMissed: 2,
    allPassed: false,
    verdict: "FAILED: 0 of 2 entries passed. All 2 restores are usable (READY / COMPLETED), which is all pulumi up checks, but 2 missed their RPO target.",
  });
  expect(summarize([measureEntry(entry, undefined, ready)]).verdict).toBe("PASSED: 1 of 1 entry passed.");
  expect(summarize([measureEntry({ ...entry, rtoTargetMinutes: 1 }, undefined, { ...ready, requestedAt: undefined })]).verdict).toBe(
    "FAILED: 0 of 1 entry passed. All 1 restore is usable (READY / COMPLETED), which is all pulumi up checks, but 1 has an objective that could not be measured.",
  );
});

test("figures never go below 0: a point in time a few seconds after the request (clock slack) loses no data", () => {
  const pit = automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { pointInTimeUTCSeconds: Date.parse("2026-03-01T10:00:20Z") / 1000 }, { rpoTargetMinutes: 1 });
  expect(measureEntry(pit, undefined, { ...ready, readyAt: "2026-03-01T09:59:59Z" })).toMatchObject({ rpoSeconds: 0, rtoSeconds: 0, rpo: "met" });
});

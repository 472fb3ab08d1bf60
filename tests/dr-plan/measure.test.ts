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

test("a failed restore missed its RTO target; one never started is NOT STARTED and not measured", () => {
  expect(measureEntry(entry, undefined, { status: "FAILED", requestedAt: ready.requestedAt })).toMatchObject({ status: "FAILED", rto: "missed", passed: false });
  expect(measureEntry(entry, undefined, { status: "FAILED" }).rtoSeconds).toBeUndefined();
  expect(measureEntry(entry, undefined, undefined)).toEqual({ status: "NOT STARTED", rto: "not measured", rpo: "not measured", rtoTargetSeconds: 1800, passed: false });
});

test("still running (a wait that timed out): no RTO figure yet, not measured, not passed", () => {
  expect(measureEntry(entry, undefined, { status: "IN_PROGRESS", requestedAt: ready.requestedAt, readyAt: ready.readyAt })).toMatchObject({ rto: "not measured", passed: false });
  expect(measureEntry(entry, undefined, { status: "IN_PROGRESS", requestedAt: ready.requestedAt }).readyAt).toBeUndefined();
});

test("summarize counts entries, passes and missed objectives", () => {
  const m = [measureEntry(entry, undefined, ready), measureEntry(entry, undefined, { status: "FAILED" }), measureEntry(entry, undefined, { ...ready, readyAt: "2026-03-01T11:00:00Z" })];
  expect(summarize(m)).toEqual({ entries: 3, passed: 1, failed: 2, rtoMissed: 2, rpoMissed: 0, allPassed: false });
});

test("figures never go below 0: a point in time a few seconds after the request (clock slack) loses no data", () => {
  const pit = automated(IDS.replicaSet0.name, IDS.drReplicaSet0.name, { pointInTimeUTCSeconds: Date.parse("2026-03-01T10:00:20Z") / 1000 }, { rpoTargetMinutes: 1 });
  expect(measureEntry(pit, undefined, { ...ready, readyAt: "2026-03-01T09:59:59Z" })).toMatchObject({ rpoSeconds: 0, rtoSeconds: 0, rpo: "met" });
});

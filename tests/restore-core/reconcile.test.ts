import { compareRestore, describeDifferences, legacyRestoreAdapter } from "../../provider/restore-job";
import { findCreatedRestore } from "../../provider/restore-core";
import type { CreateRestoreJobRequest, RestoreJob } from "../../provider/atlas/models";
import { job } from "../restore-job/jobs";

/** The core's lost-answer search over the legacy adapter's tables (what a RestoreJob create runs). */
function findCreatedBatch(q: { request: CreateRestoreJobRequest; postStartedAt: number; jobs: RestoreJob[]; existedBefore?: Set<string>; claimed?: Set<string> }) {
  return findCreatedRestore({
    jobs: q.jobs,
    restoreIdOf: legacyRestoreAdapter.restoreIdOf,
    createdAt: legacyRestoreAdapter.createdAt,
    compare: (parts) => compareRestore(q.request, parts),
    sentAt: q.postStartedAt,
    existedBefore: q.existedBefore ?? new Set(),
    claimed: q.claimed ?? new Set(),
  });
}

const postStartedAt = Date.parse("2026-11-29T12:00:00Z");
const at = (s: string) => `2026-11-29T${s}Z`;
const SNAP = "5a681ff180eef54e09de20d1";
const OTHER_SNAP = "5b1a2c3d4e5f6a7b8c9d0e1f";
const DR = "6c99999887d9d61443b41657";
const ids = (r: ReturnType<typeof findCreatedBatch>) => (r.kind === "found" ? r.parts.map((j) => j.id) : r.kind);

describe("findCreatedBatch (reconciling a POST whose answer was lost)", () => {
  const request: CreateRestoreJobRequest = { delivery: { methodName: "HTTP", maxDownloads: 2 }, snapshotId: SNAP };
  const part = (id: string, batchId: string, created: string, maxDownloads = 2): RestoreJob => ({ ...job({ id, batchId, created }), delivery: { methodName: "HTTP", statusName: "NOT_STARTED", maxDownloads } });

  test("finds the whole batch created by the POST, ignoring older and different restores", () => {
    const jobs = [part("old1", "oldb", at("09:00:00")), part("n1", "newb", at("12:00:01")), part("n2", "newb", at("12:00:01")), part("x1", "other", at("12:00:02"), 5)];
    expect(ids(findCreatedBatch({ request, postStartedAt, jobs }))).toEqual(["n1", "n2"]);
  });
  test("nothing created → none", () => {
    expect(findCreatedBatch({ request, postStartedAt, jobs: [part("old1", "oldb", at("09:00:00"))] })).toEqual({ kind: "none" });
  });
  test("a sharded batch's snapshot cannot be compared (its parts carry per-shard ids): found, and said so", () => {
    const found = findCreatedBatch({ request, postStartedAt, jobs: [part("n1", "newb", at("12:00:01"))] });
    expect(found).toMatchObject({ kind: "found", unverified: ["snapshotId"] });
  });
  test("an automated restore matches on its target", () => {
    const auto: CreateRestoreJobRequest = { delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: DR, targetClusterName: "Dr" }, snapshotId: SNAP };
    const mk = (id: string, target: string): RestoreJob => ({ ...job({ id, created: at("12:00:01"), snapshotId: SNAP, pointInTime: false }), delivery: { methodName: "HTTP", statusName: "NOT_STARTED", targetGroupId: DR, targetClusterName: target } });
    expect(ids(findCreatedBatch({ request: auto, postStartedAt, jobs: [mk("a", "Other"), mk("b", "Dr")] }))).toEqual(["b"]);
  });

  // Issue 9 item 1: each of these was adopted by the old matcher.
  const pit: CreateRestoreJobRequest = { delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: DR, targetClusterName: "Dr" }, pointInTimeUTCMillis: postStartedAt - 3_600_000 };
  const intoDr = (over: Partial<RestoreJob>): RestoreJob => ({ ...job({ created: at("12:00:01"), ...over }), delivery: { methodName: "HTTP", statusName: "NOT_STARTED", targetGroupId: DR, targetClusterName: "Dr" } });
  test("a point-in-time declaration never adopts a snapshot restore into the same target", () => {
    const snapshotRestore = intoDr({ id: "s", snapshotId: SNAP, pointInTime: false, timestamp: { date: at("09:00:00"), increment: 1 } });
    expect(findCreatedBatch({ request: pit, postStartedAt, jobs: [snapshotRestore] })).toEqual({ kind: "none" });
  });
  test("a point-in-time declaration adopts the restore to its point (timestamp at or just before it)", () => {
    const ours = intoDr({ id: "p", snapshotId: SNAP, pointInTime: true, timestamp: { date: at("11:00:00"), increment: 1 } });
    const otherPoint = intoDr({ id: "q", snapshotId: SNAP, pointInTime: true, timestamp: { date: at("10:30:00"), increment: 1 } });
    expect(ids(findCreatedBatch({ request: pit, postStartedAt, jobs: [otherPoint, ours] }))).toEqual(["p"]);
  });
  test("an oplog declaration matches timestamp seconds and increment exactly", () => {
    const oplog: CreateRestoreJobRequest = { ...pit, pointInTimeUTCMillis: undefined, oplogTs: String(postStartedAt / 1000 - 600), oplogInc: "3" };
    const ts = (inc: number) => ({ date: new Date(postStartedAt - 600_000).toISOString().replace(".000Z", "Z"), increment: inc });
    const jobs = [intoDr({ id: "wrong-inc", pointInTime: true, timestamp: ts(2) }), intoDr({ id: "ours", pointInTime: true, timestamp: ts(3) })];
    expect(ids(findCreatedBatch({ request: oplog, postStartedAt, jobs }))).toEqual(["ours"]);
  });
  test("a replica-set snapshot declaration never adopts a restore of another snapshot", () => {
    const other = intoDr({ id: "o", snapshotId: OTHER_SNAP, pointInTime: false });
    const auto: CreateRestoreJobRequest = { ...pit, pointInTimeUTCMillis: undefined, snapshotId: SNAP };
    expect(findCreatedBatch({ request: auto, postStartedAt, jobs: [other] })).toEqual({ kind: "none" });
  });
  test("one differing part rules out the whole batch", () => {
    const jobs = [part("n1", "newb", at("12:00:01")), part("n2", "newb", at("12:00:01"), 9)];
    expect(findCreatedBatch({ request, postStartedAt, jobs })).toEqual({ kind: "none" });
  });
  test("two matching restores: ambiguous, both named, never a guess", () => {
    const jobs = [part("a1", "ba", at("12:00:01")), part("b1", "bb", at("12:00:03"))];
    const r = findCreatedBatch({ request, postStartedAt, jobs });
    expect(r.kind).toBe("ambiguous");
    expect(r.kind === "ambiguous" && r.candidates.map((g) => g[0].batchId)).toEqual(["bb", "ba"]);
  });
  test("restores listed before the POST, or claimed by another declaration of this process, are never its outcome", () => {
    const jobs = [part("a1", "ba", at("12:00:01")), part("b1", "bb", at("12:00:03")), part("c1", "bc", at("12:00:04"))];
    expect(ids(findCreatedBatch({ request, postStartedAt, jobs, existedBefore: new Set(["ba"]), claimed: new Set(["bc"]) }))).toEqual(["b1"]);
  });
  test("a job created before the POST (beyond the clock-skew allowance) is not its outcome", () => {
    expect(findCreatedBatch({ request, postStartedAt, jobs: [part("n1", "newb", at("11:57:59"))] })).toEqual({ kind: "none" });
    expect(ids(findCreatedBatch({ request, postStartedAt, jobs: [part("n1", "newb", at("11:58:01"))] }))).toEqual(["n1"]);
  });
});

describe("compareRestore (the matcher reconciliation and adopt share)", () => {
  test("an HTTP download of snapshot Y is not an automated restore of snapshot X into DR: every difference named", () => {
    const declared: CreateRestoreJobRequest = { delivery: { methodName: "AUTOMATED_RESTORE", targetGroupId: DR, targetClusterName: "Dr" }, snapshotId: SNAP };
    const download = { ...job({ id: "5a69049d87d9d62a94d01add", snapshotId: OTHER_SNAP, pointInTime: false }), delivery: { methodName: "HTTP", statusName: "READY" as const, maxDownloads: 1, expirationHours: 1 } };
    const { differences } = compareRestore(declared, [download]);
    // An HTTP download returns no target at all: the method difference says so.
    expect(differences.map((d) => d.field)).toEqual(["delivery.methodName", "snapshotId"]);
    expect(describeDifferences(differences)).toContain("delivery.methodName: declared AUTOMATED_RESTORE, found HTTP");
    expect(describeDifferences(differences)).toContain(`snapshotId: declared ${SNAP}, found ${OTHER_SNAP} (job 5a69049d87d9d62a94d01add)`);
  });
  test("HTTP settings left out of the declaration take Atlas's defaults: any value matches", () => {
    const declared: CreateRestoreJobRequest = { delivery: { methodName: "HTTP" }, snapshotId: SNAP };
    const j = { ...job({ snapshotId: SNAP }), delivery: { methodName: "HTTP", statusName: "READY" as const, maxDownloads: 7, expirationHours: 48 } };
    expect(compareRestore(declared, [j])).toEqual({ differences: [], unverified: [] });
  });
});

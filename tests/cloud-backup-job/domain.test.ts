/**
 * The Cloud Backup domain as pure functions: the status rule table, the snapshot selector, the
 * create body (checked against MongoDB's OpenAPI), reconciliation matching, the diff (selector,
 * never resolution) and the wait on the shared schedule.
 */
import type { CloudRestoreJob, CloudSnapshot } from "../../provider/atlas/cloud-backup";
import {
  checkCloudInputs,
  cloudRestoreAdapter,
  cloudStatus,
  compareCloudRestore,
  objectIdTime,
  toCloudCreateRequest,
  toCloudOutputs,
  type CloudBackupApi,
  type CloudBackupRestoreJobInputs,
} from "../../provider/cloud-backup-job";
import { defaultPollSchedule, diffRestore, findCreatedRestore, isRestoreError, pickSnapshot, waitForRestore } from "../../provider/restore-core";
import { requestContract } from "../contract/openapi-contract";

const P = "6b99999887d9d61443b41657";
const DR = "6d72ec0087d9d61443b4d001";
const job = (extra: Partial<CloudRestoreJob> = {}): CloudRestoreJob => ({ id: "6b9a1c0387d9d61443b4c1aa", deliveryType: "download", cancelled: false, failed: false, expired: false, deliveryUrl: [], ...extra });

describe("status rule table (atlas-v2-and-auth.md §1.4)", () => {
  test.each([
    [{ cancelled: true, failed: true }, "CANCELLED"],
    [{ failed: true, deliveryUrl: ["https://x/a.tar.gz"] }, "FAILED"],
    [{ expired: true, deliveryUrl: ["https://x/a.tar.gz"] }, "EXPIRED"],
    [{ deliveryUrl: ["https://x/a.tar.gz"] }, "READY"],
    [{ deliveryUrl: [], finishedAt: "2026-01-01T00:00:00Z" }, "IN_PROGRESS"], // a download is never "finished"
    [{ components: [{ replicaSetName: "s0", downloadUrl: "https://x/0" }, { replicaSetName: "c0" }] }, "IN_PROGRESS"],
    [{ components: [{ replicaSetName: "s0", downloadUrl: "https://x/0" }, { replicaSetName: "c0", downloadUrl: "https://x/c" }] }, "READY"],
    [{ deliveryType: "automated", finishedAt: "2026-01-01T00:00:00Z" }, "COMPLETED"],
    [{ deliveryType: "pointInTime" }, "IN_PROGRESS"],
  ] as const)("%j → %s", (extra, status) => {
    expect(cloudStatus(job(extra as Partial<CloudRestoreJob>))).toBe(status);
  });

  test("outputs key a sharded download's URLs by replica set and a replica set's by cluster", () => {
    const sharded = toCloudOutputs(job({ components: [{ replicaSetName: "C-shard-0", downloadUrl: "https://x/0" }, { replicaSetName: "C-config-0", downloadUrl: "https://x/c" }] }), "C");
    expect(sharded.deliveryUrls).toEqual({ "C-shard-0": "https://x/0", "C-config-0": "https://x/c" });
    const rs = toCloudOutputs(job({ deliveryUrl: ["https://x/r"], privateDownloadDeliveryUrls: [{ deliveryUrl: "https://p/r", endpointId: "vpce-0123456789abcdef0" }] }), "R");
    expect(rs).toMatchObject({ deliveryUrls: { R: "https://x/r" }, privateDownloadDeliveryUrls: { R: [{ endpointId: "vpce-0123456789abcdef0" }] } });
    expect(toCloudOutputs(job({ deliveryType: "automated", pointInTimeUTCSeconds: 1767441600 }), "R").restorePointTime).toBe("2026-01-03T12:00:00.000Z");
  });
});

describe("snapshot selector", () => {
  const raw: CloudSnapshot[] = [
    { id: "000000000000000000000001", createdAt: "2026-01-01T06:00:00Z", status: "completed", snapshotType: "scheduled" },
    { id: "000000000000000000000003", createdAt: "2026-01-03T06:00:00Z", status: "completed", snapshotType: "scheduled" },
    { id: "000000000000000000000002", createdAt: "2026-01-02T06:00:00Z", status: "completed", snapshotType: "onDemand" },
    { id: "000000000000000000000004", createdAt: "2026-01-04T06:00:00Z", status: "completed", snapshotType: "fallback" },
    { id: "000000000000000000000005", status: "queued" },
    { id: "000000000000000000000006", createdAt: "2026-01-05T06:00:00Z", status: "failed" },
  ];
  const snaps = raw.map((s) => ({ id: s.id, createdAt: s.createdAt, completed: s.status === "completed", fallback: s.snapshotType === "fallback" }));
  test("latest: newest completed non-fallback, whatever the list order; fallback only when allowed", () => {
    expect(pickSnapshot(snaps, { latest: true })?.id).toBe("000000000000000000000003");
    expect(pickSnapshot(snaps, { latest: true }, true)?.id).toBe("000000000000000000000004");
  });
  test("latestBefore: at or before the time; none before the first snapshot", () => {
    expect(pickSnapshot(snaps, { latestBefore: "2026-01-02T12:00:00Z" })?.id).toBe("000000000000000000000002");
    expect(pickSnapshot(snaps, { latestBefore: "2026-01-02T06:00:00Z" })?.id).toBe("000000000000000000000002");
    expect(pickSnapshot(snaps, { latestBefore: "2025-12-31T00:00:00Z" })).toBeUndefined();
  });
});

describe("create body", () => {
  const base = { projectId: P, clusterName: "C", waitFor: "ready" } as const;
  test.each<[string, CloudBackupRestoreJobInputs, string | undefined, Record<string, unknown>]>([
    ["download", { ...base, deliveryType: "download", snapshot: { latest: true } }, "6b9a1c0387d9d61443b4c103", { deliveryType: "download", snapshotId: "6b9a1c0387d9d61443b4c103" }],
    ["automated", { ...base, deliveryType: "automated", snapshotId: "6b9a1c0387d9d61443b4c103", targetProjectId: DR, targetClusterName: "Dr" }, "6b9a1c0387d9d61443b4c103", { deliveryType: "automated", snapshotId: "6b9a1c0387d9d61443b4c103", targetGroupId: DR, targetClusterName: "Dr" }],
    ["PIT seconds", { ...base, deliveryType: "pointInTime", pointInTimeUTCSeconds: 1767441600, targetProjectId: DR, targetClusterName: "Dr" }, undefined, { deliveryType: "pointInTime", pointInTimeUTCSeconds: 1767441600, targetGroupId: DR, targetClusterName: "Dr" }],
    ["PIT oplog", { ...base, deliveryType: "pointInTime", oplogTs: 1767441600, oplogInc: 3, targetProjectId: DR, targetClusterName: "Dr" }, undefined, { deliveryType: "pointInTime", oplogTs: 1767441600, oplogInc: 3, targetGroupId: DR, targetClusterName: "Dr" }],
  ])("%s: the minimal body, valid against the OpenAPI requestBody", (_what, inputs, resolved, expected) => {
    const body = toCloudCreateRequest(inputs, resolved);
    expect(body).toEqual(expected);
    requestContract("restoreJobs", "POST", body);
  });
});

describe("reconcile after a lost POST", () => {
  const at = (ms: number, n: number) => Math.floor(ms / 1000).toString(16).padStart(8, "0") + n.toString(16).padStart(16, "0");
  const sent = Date.parse("2026-03-01T12:00:00Z");
  const request = { deliveryType: "automated" as const, snapshotId: "6b9a1c0387d9d61443b4c103", targetGroupId: DR, targetClusterName: "Dr" };
  const fields = { deliveryType: "automated", snapshotId: request.snapshotId, targetGroupId: DR, targetClusterName: "Dr" };
  test("the id's time says 'created since the POST'; every restore-defining field must match", () => {
    expect(objectIdTime(at(sent, 1))).toBe(sent);
    const jobs = [
      job({ id: at(sent - 3_600_000, 1), ...fields }), // same restore an hour ago: not ours
      job({ id: at(sent + 1_000, 2), ...fields, targetClusterName: "Other" }), // another target
      job({ id: at(sent + 1_000, 3), ...fields, snapshotId: "6b9a1c0287d9d61443b4c102" }), // another snapshot
      job({ id: at(sent + 2_000, 4), ...fields }),
    ];
    const find = (list: CloudRestoreJob[], existedBefore = new Set<string>()) =>
      findCreatedRestore({ jobs: list, restoreIdOf: (j) => j.id, createdAt: cloudRestoreAdapter.createdAt, compare: (parts) => compareCloudRestore(request, parts), sentAt: sent, existedBefore, claimed: new Set() });
    const found = find(jobs);
    expect(found.kind === "found" && found.parts[0].id).toBe(at(sent + 2_000, 4));
    expect(find(jobs.slice(0, 3))).toEqual({ kind: "none" });
    // Issue 17 item 1: a job listed before the create (another declaration's, or someone else's) is never adopted.
    expect(find(jobs, new Set([at(sent + 2_000, 4)]))).toEqual({ kind: "none" });
    // Two that match: ambiguous, never the newest by guess.
    expect(find([...jobs, job({ id: at(sent + 3_000, 5), ...fields })]).kind).toBe("ambiguous");
  });
  test("a point in time in seconds never matches a restore to an oplog position, or the reverse", () => {
    const pit = { deliveryType: "pointInTime" as const, pointInTimeUTCSeconds: 1767441600, targetGroupId: DR, targetClusterName: "Dr" };
    const oplogJob = job({ deliveryType: "pointInTime", oplogTs: 1767441600, oplogInc: 1, targetGroupId: DR, targetClusterName: "Dr" });
    expect(compareCloudRestore(pit, [oplogJob]).differences.map((d) => d.field)).toEqual(["pointInTimeUTCSeconds"]);
  });
});

const diffCloudInputs = (olds: Record<string, unknown>, news: Record<string, unknown>) =>
  diffRestore({ restoreDefiningKeys: cloudRestoreAdapter.restoreDefiningKeys, settingKeys: cloudRestoreAdapter.settingKeys, defaults: cloudRestoreAdapter.check.defaults }, olds, news, []);

describe("diff compares the selector, never its resolution", () => {
  const olds = { projectId: P, clusterName: "C", deliveryType: "automated", snapshot: { latest: true }, targetProjectId: DR, targetClusterName: "Dr", trigger: "a", waitFor: "ready", resolvedSnapshotId: "6b9a1c0387d9d61443b4c103", status: "COMPLETED" };
  const news = { projectId: P, clusterName: "C", deliveryType: "automated", snapshot: { latest: true }, targetProjectId: DR, targetClusterName: "Dr", trigger: "a", waitFor: "ready" };
  test("same selector: no change, whatever was resolved", () => expect(diffCloudInputs(olds, news)).toEqual({ changes: false, replaces: [], updates: [] }));
  test("trigger or selector change: replace; waitFor: update in place", () => {
    expect(diffCloudInputs(olds, { ...news, trigger: "b" }).replaces).toEqual(["trigger"]);
    expect(diffCloudInputs(olds, { ...news, snapshot: { latestBefore: "2026-01-02T00:00:00Z" } }).replaces).toEqual(["snapshot"]);
    expect(diffCloudInputs(olds, { ...news, waitFor: "none" })).toEqual({ changes: true, replaces: [], updates: ["waitFor"] });
  });
});

describe("check", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  test("PIT in the future fails; an unchanged one (an existing restore) does not", () => {
    const pit = { projectId: P, clusterName: "C", deliveryType: "pointInTime", pointInTimeUTCSeconds: now / 1000 + 3600, targetProjectId: DR, targetClusterName: "Dr" };
    expect(checkCloudInputs({}, pit, now).failures).toEqual([{ property: "pointInTimeUTCSeconds", reason: expect.stringMatching(/in the future/) }]);
    expect(checkCloudInputs(pit, pit, now).failures).toEqual([]);
  });
  test("int32 bounds and string digits", () => {
    const f = checkCloudInputs({}, { projectId: P, clusterName: "C", deliveryType: "pointInTime", oplogTs: "1767441600", oplogInc: 2 ** 31, targetProjectId: DR, targetClusterName: "Dr" }, now).failures;
    expect(f).toEqual([{ property: "oplogInc", reason: "oplogInc must be at most 2147483647." }]);
  });
});

describe("wait", () => {
  const waitFor = (initial: CloudRestoreJob, fetch: () => Promise<CloudRestoreJob>, timeoutMs: number, now: () => number, sleep: (ms: number) => Promise<void>) =>
    waitForRestore({ api: {} as CloudBackupApi, log: () => undefined, now, sleep }, { ...cloudRestoreAdapter, fetch: async () => [await fetch()] }, { clusterName: "C", waitTimeoutMinutes: timeoutMs / 60_000 }, { projectId: P, clusterName: "C", ref: initial.id }, {}, [initial]);
  test("polls on the shared schedule until READY; a failure carries the last job", async () => {
    let t = 0;
    const seen = [job(), job(), job({ deliveryUrl: ["https://x/a"] })];
    const delays: number[] = [];
    const [done] = await waitFor(job(), async () => seen.shift()!, 600_000, () => t, async (ms) => void (delays.push(ms), (t += ms)));
    expect(cloudStatus(done)).toBe("READY");
    expect(delays).toEqual(Array(3).fill(defaultPollSchedule.fastIntervalMs));
    const e = await waitFor(job({ failed: true }), async () => job(), 1, () => 0, async () => undefined).catch((x: unknown) => x);
    expect(isRestoreError<CloudRestoreJob>(e) && e.code).toBe("RESTORE_FAILED");
    expect(isRestoreError<CloudRestoreJob>(e) && e.jobs[0]?.failed).toBe(true);
  });
});

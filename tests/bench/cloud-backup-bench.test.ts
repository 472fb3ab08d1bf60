/**
 * The Cloud Backup rows of the benchmark (groups 7–9): their pieces run against the emulator and
 * count what they say they count. No timing is asserted; the figures live in BENCHMARKS.md.
 */
import { measureApiRestore, measureCloudBatch } from "../../bench/cloud-backup-restores";
import { machine } from "../../bench/machine";
import { renderReport } from "../../bench/report";
import { bucketMinimumMs, measureTokenBucket, SERVER_BUCKET } from "../../bench/token-bucket";
import { resetCloudBackupBudgets } from "../../provider/atlas";

beforeEach(() => resetCloudBackupBudgets());

test("create → ready on exact clocks: every request counted; v2 costs the legacy requests plus one snapshot read", async () => {
  const [legacy, cloud] = await Promise.all([measureApiRestore(10_000, "legacy", "sharded"), measureApiRestore(10_000, "cloudBackup", "sharded")]);
  expect(legacy).toMatchObject({ parts: 3, snapshotReads: 0, rateLimited: 0 });
  expect(cloud).toMatchObject({ parts: 3, snapshotReads: 1, rateLimited: 0 });
  for (const r of [legacy, cloud]) {
    expect(r.delayMs).toBeGreaterThanOrEqual(0); // negative would mean the clocks disagree
    expect(r.requests).toBe(r.challenges + r.snapshotReads + r.lists + 1 + r.polls); // challenge(s) + reads + list + POST + polls
    expect(r.lists).toBe(1);
  }
  expect(cloud.polls).toBe(legacy.polls); // the same schedule
  expect(cloud.requests).toBe(legacy.requests + 1);
});

test("a Cloud Backup sharded download of 5 parts is polled with one request per poll", async () => {
  const b = await measureCloudBatch(5, 100);
  expect(b.parts).toBe(5);
  expect(b.polls).toBeGreaterThan(0);
  expect(b.requestsPerPoll).toBe(1);
});

test("the bucket-bound minimum: capacity at once, then the refill rate; the last POST plus the restore", () => {
  const bucket = { capacity: 20, refill: 10, intervalMs: 2_000 }; // 5 per second
  expect(bucketMinimumMs(20, 10, bucket, 1_000)).toBe(1_000);
  expect(bucketMinimumMs(120, 40, bucket, 20_000)).toBe(24_000); // last POST at 4 s, + 20 s
  expect(bucketMinimumMs(220, 40, bucket, 20_000)).toBe(40_000); // 200 over capacity at 5/s
});

test("concurrent downloads under the token bucket: two budgets, every exchange accounted for, nothing fails", async () => {
  const r = await measureTokenBucket("two budgets unaware of each other", 4, 1_000);
  expect(r.userErrors).toBe(0);
  expect(r.acceptedStarts).toBe(8); // 4 snapshot reads + 4 POSTs
  expect(r.requests).toBe(r.accepted + r.rateLimitedAtEmulator + r.challenges);
  expect(r.rateLimitedAtClient).toBe(r.rateLimitedAtEmulator);
  expect(r.minWallMs).toBe(bucketMinimumMs(r.accepted, r.acceptedStarts, SERVER_BUCKET, 1_000));
});

test("the report puts the v2 rows beside the legacy figures of the same run", () => {
  const text = renderReport({
    machine: machine(),
    startedAt: "2026-01-01T00:00:00.000Z",
    seconds: 1,
    batches: [{ parts: 3, polls: 4, requests: 4, requestsPerPoll: 1 }],
    cloudBatches: [{ parts: 3, polls: 4, requests: 4, requestsPerPoll: 1 }],
    apiRestores: [
      { api: "legacy", topology: "replicaSet", restoreMs: 600_000, parts: 1, snapshotReads: 0, requests: 29, challenges: 1, lists: 1, polls: 26, rateLimited: 0, delayMs: 15_000 },
      { api: "cloudBackup", topology: "replicaSet", restoreMs: 600_000, parts: 1, snapshotReads: 1, requests: 30, challenges: 1, lists: 1, polls: 26, rateLimited: 0, delayMs: 15_000 },
    ],
  });
  expect(text.match(/^\| measurement /gm)).toHaveLength(1);
  expect(text).toContain("| 7 create → ready, v2 | 10 min restore, download of a replica set: CloudBackupRestoreJob | 30 req (1× 401, 1 snapshot read, list, POST, 26 polls)");
  expect(text).toContain("legacy RestoreJob, same case: 29 req (1× 401, list, POST, 26 polls)");
  expect(text).toContain("| 8 sharded download, v2 | 3 parts (2 shards + config), one job with 3 components | 1.00 req/poll (4 req over 4 polls) | legacy batch of 3 jobs: 1.00 req/poll");
});

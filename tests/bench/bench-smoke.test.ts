/**
 * Smoke test of the benchmark harness (`npm run bench`): its pieces run and count what they say
 * they count. No timing is asserted here; the figures live in BENCHMARKS.md.
 */
import { measureBatch } from "../../bench/batch-polls";
import { median, percentile, scaledTime, virtualTime } from "../../bench/clock";
import { machine } from "../../bench/machine";
import { renderReport, restoreLabel } from "../../bench/report";
import { measureRestore } from "../../bench/restore-latency";
import { measureTokens } from "../../bench/service-account";

describe("bench clocks", () => {
  test("the virtual clock moves only by what is slept", async () => {
    const t = virtualTime();
    const start = t.now();
    await t.sleep(30_000);
    await t.sleep(2_000);
    expect(t.now() - start).toBe(32_000);
  });

  test("the scaled clock keeps its scale and never runs backwards", async () => {
    const t = scaledTime(1_000);
    const start = t.now();
    await t.sleep(5_000);
    expect(t.scale).toBe(1_000);
    expect(t.now()).toBeGreaterThan(start);
  });

  test("median and percentile", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
  });
});

describe("bench measurements against the emulator", () => {
  test("a 10 s restore on the exact clock: every request is counted, the clocks agree", async () => {
    const [provider, watch] = await measureRestore(10_000, "exact", 1, ["provider", "watch-4s"]);
    for (const r of [provider, watch]) {
      expect(r.delayMs).toBeGreaterThanOrEqual(0); // negative would mean the clocks disagree
      expect(r.requests).toBe(r.challenges + r.lists + 1 + r.polls); // challenge(s) + list before the POST + POST + polls
      expect(r.rateLimited).toBe(0);
    }
    // The provider lists the cluster's restores before its POST, then polls at 2.5, 5, 7.5 and 10 s: 7 requests, seen at once.
    expect(provider).toMatchObject({ requests: 7, challenges: 1, lists: 1, polls: 4, delayMs: 0 });
    expect(watch.lists).toBe(0);
    // The 4 s baseline polls at 0, 4, 8 and 12 s (emulated) and sees the job 2 s late.
    expect(watch.polls).toBe(4);
    expect(watch.delayMs).toBe(2_000);
  });

  test("service-account token requests are counted at the emulator's token endpoint", async () => {
    const results = await measureTokens();
    expect(results.map((t) => t.kase)).toEqual(["200 restores, one client", "200 restores, 200 clients", "2 h wait"]);
    for (const t of results) expect(t.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(results[0].apiRequests).toBe(200);
    expect(results[2].emulatedMs).toBeGreaterThanOrEqual(7_200_000);
  });

  test("a sharded batch of 5 parts is polled with one request per poll", async () => {
    const b = await measureBatch(5, 100);
    expect(b.polls).toBeGreaterThan(0);
    expect(b.requestsPerPoll).toBe(1);
  });
});

test("the report is one table with the machine line", () => {
  const text = renderReport({
    machine: machine(),
    startedAt: "2026-01-01T00:00:00.000Z",
    seconds: 1,
    batches: [{ parts: 3, polls: 5, requests: 5, requestsPerPoll: 1 }],
  });
  expect(text).toContain("Machine:");
  expect(text.match(/^\| measurement /gm)).toHaveLength(1);
  expect(text).toContain("| 2 sharded batch | 3 parts");
  expect(restoreLabel(600_000)).toBe("10 min restore");
  expect(restoreLabel(7_200_000)).toBe("2 h restore");
});

import { AtlasApiError } from "../../provider/atlas/errors";
import type { RestoreJob } from "../../provider/atlas/models";
import { defaultPollSchedule, nextPollDelay, waitForRestore, type RestoreError } from "../../provider/restore-core";
import { legacyRestoreAdapter, type RestoreJobsApi } from "../../provider/restore-job";
import { job, readyHttp } from "../restore-job/jobs";

/** The core's wait over the legacy adapter, its one poll request replaced by `fetchJobs`. */
function waitForBatch(o: { initialJobs: RestoreJob[]; fetchJobs: () => Promise<RestoreJob[]>; timeoutMs: number; now?: () => number; sleep?: (ms: number) => Promise<void>; onProgress?: (l: string) => void }) {
  const adapter = { ...legacyRestoreAdapter, fetch: () => o.fetchJobs() };
  const ctx = { api: {} as RestoreJobsApi, log: o.onProgress ?? (() => undefined), now: o.now, sleep: o.sleep };
  const inputs = { delivery: { methodName: "HTTP" as const }, waitTimeoutMinutes: o.timeoutMs / 60_000 };
  return waitForRestore(ctx, adapter, inputs, { projectId: "6b99999887d9d61443b41657", clusterName: "Cluster0", ref: "r" }, {}, o.initialJobs);
}
const apiError = (status: number) => new AtlasApiError(`HTTP ${status}`, { status, requestOutcome: "rejected" });

/** A virtual clock: sleeping advances it, so waits of hours run in microseconds. */
function virtualTime() {
  let t = 0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps };
}

describe("poll schedule", () => {
  test("fast phase, then doubling up to the cap", () => {
    const delays: number[] = [];
    let elapsed = 0;
    let d: number | undefined;
    while (elapsed < 120_000) {
      d = nextPollDelay(elapsed, d, defaultPollSchedule);
      delays.push(d);
      elapsed += d;
    }
    expect(delays.slice(0, 9)).toEqual([2000, 2000, 2000, 2000, 2000, 4000, 8000, 16000, 30000]);
    expect(Math.max(...delays)).toBe(30_000);
  });
  test.each([
    [10_000, 2_000],
    [600_000, 30_000],
  ])("a restore ready after %d ms is seen within %d ms", (readyAt, maxDelay) => {
    let elapsed = 0;
    let d: number | undefined;
    while (elapsed < readyAt) elapsed += d = nextPollDelay(elapsed, d, defaultPollSchedule);
    expect(elapsed - readyAt).toBeLessThanOrEqual(maxDelay);
  });
  test("a 10-minute restore costs at most 27 polls (with the POST, a digest challenge and one nonce renewal: 30 requests)", () => {
    let elapsed = 0;
    let polls = 0;
    let d: number | undefined;
    while (elapsed < 600_000) {
      elapsed += d = nextPollDelay(elapsed, d, defaultPollSchedule);
      polls++;
    }
    expect(polls).toBeLessThanOrEqual(27);
  });
});

describe("waitForRestore (legacy adapter)", () => {
  const ready = [readyHttp("a"), readyHttp("b")];
  const working = [job({ id: "a" }), job({ id: "b" })];

  test("returns at once, with no poll, when the create answer is already ready", async () => {
    const fetchJobs = jest.fn();
    await expect(waitForBatch({ initialJobs: ready, fetchJobs, timeoutMs: 1000 })).resolves.toBe(ready);
    expect(fetchJobs).not.toHaveBeenCalled();
  });

  test("one fetch per poll until every part is ready; progress lines on change", async () => {
    const v = virtualTime();
    const answers = [working, [readyHttp("a"), job({ id: "b" })], ready];
    const fetchJobs = jest.fn(async () => answers.shift()!);
    const lines: string[] = [];
    const jobs = await waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 60_000, ...v, onProgress: (l) => lines.push(l) });
    expect(jobs).toBe(ready);
    expect(fetchJobs).toHaveBeenCalledTimes(3);
    expect(lines).toEqual(["restore r of Cluster0: 0/2 parts ready [IN_PROGRESS]", "restore r of Cluster0: 1/2 parts ready [IN_PROGRESS]", "restore r of Cluster0: 2/2 parts ready [READY]"]);
  });

  test("a failed part ends the wait with RESTORE_FAILED and the jobs seen", async () => {
    const v = virtualTime();
    const broken = [readyHttp("a"), job({ id: "b", statusName: "BROKEN" })];
    const err = (await waitForBatch({ initialJobs: working, fetchJobs: async () => broken, timeoutMs: 60_000, ...v }).catch((e) => e)) as RestoreError;
    expect(err.code).toBe("RESTORE_FAILED");
    expect(err.jobs).toBe(broken);
    expect(err.message).toMatch(/b BROKEN/);
  });

  test("timeout: RESTORE_WAIT_TIMEOUT after the deadline, never sleeping past it", async () => {
    const v = virtualTime();
    const err = (await waitForBatch({ initialJobs: working, fetchJobs: async () => working, timeoutMs: 90_000, ...v }).catch((e) => e)) as RestoreError;
    expect(err.code).toBe("RESTORE_WAIT_TIMEOUT");
    expect(err.message).toMatch(/not ready after 1\.5 minutes.*resumes|resume waiting/);
    expect(v.now()).toBe(90_000);
  });

  test("a deadline shorter than the first poll interval still polls once, at the deadline, and sees READY", async () => {
    const v = virtualTime();
    const fetchJobs = jest.fn(async () => ready);
    await expect(waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 500, ...v })).resolves.toBe(ready);
    expect(fetchJobs).toHaveBeenCalledTimes(1);
    expect(v.sleeps).toEqual([500]);
  });

  test("the last poll comes at the deadline: a restore ready just before it is seen, not timed out", async () => {
    const v = virtualTime();
    // Ready from t = 89 s; the polls of the schedule come at 2, 4, …, 10, 14, 22, 38, 68 s, then the deadline (90 s).
    const fetchJobs = jest.fn(async () => (v.now() >= 89_000 ? ready : working));
    await expect(waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 90_000, ...v })).resolves.toBe(ready);
    expect(v.now()).toBe(90_000);
  });

  test("a timeout is reported only after a poll at the deadline saw the restore unfinished", async () => {
    const v = virtualTime();
    const polledAt: number[] = [];
    const fetchJobs = jest.fn(async () => (polledAt.push(v.now()), working));
    const err = (await waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 1_000, ...v }).catch((e) => e)) as RestoreError;
    expect(err.code).toBe("RESTORE_WAIT_TIMEOUT");
    expect(polledAt).toEqual([1_000]);
  });

  test("transient poll errors are ridden out; others end the wait", async () => {
    const v = virtualTime();
    const flaky = jest.fn().mockRejectedValueOnce(apiError(503)).mockResolvedValue(ready);
    await expect(waitForBatch({ initialJobs: working, fetchJobs: flaky, timeoutMs: 60_000, ...v })).resolves.toBe(ready);
    const fatal = jest.fn().mockRejectedValue(apiError(401));
    await expect(waitForBatch({ initialJobs: working, fetchJobs: fatal, timeoutMs: 60_000, ...v })).rejects.toThrow("401");
  });
});

import { AtlasApiError } from "../../provider/atlas/errors";
import type { RestoreJob } from "../../provider/atlas/models";
import { acquireSlot, AWAITED_EXTRA_POLLS_PER_MINUTE, defaultPollSchedule, nextPollDelay, waitForRestore, type ConcurrencyLimit, type RestoreError } from "../../provider/restore-core";
import { legacyRestoreAdapter, type RestoreJobsApi } from "../../provider/restore-job";
import { NoSpareBudgetError, requestPriority } from "../../provider/atlas";
import { job, readyHttp } from "../restore-job/jobs";

interface WaitCase {
  initialJobs: RestoreJob[];
  fetchJobs: () => Promise<RestoreJob[]>;
  timeoutMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (l: string) => void;
  /** The source cluster's project: awaited polls share an allowance per project. */
  projectId?: string;
  awaitedBy?: string[];
  concurrencyLimit?: ConcurrencyLimit;
}

/** The core's wait over the legacy adapter, its one poll request replaced by `fetchJobs`. */
function waitForBatch(o: WaitCase) {
  const adapter = { ...legacyRestoreAdapter, fetch: () => o.fetchJobs() };
  const ctx = { api: {} as RestoreJobsApi, log: o.onProgress ?? (() => undefined), now: o.now, sleep: o.sleep };
  const inputs = { delivery: { methodName: "HTTP" as const }, waitTimeoutMinutes: o.timeoutMs / 60_000, awaitedBy: o.awaitedBy, concurrencyLimit: o.concurrencyLimit };
  return waitForRestore(ctx, adapter, inputs, { projectId: o.projectId ?? "6b99999887d9d61443b41657", clusterName: "Cluster0", ref: "r" }, {}, o.initialJobs);
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
    expect(delays.slice(0, 8)).toEqual([2500, 2500, 2500, 2500, 5000, 10000, 20000, 30000]);
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
  test.each([
    [10_000, 4],
    [600_000, 26],
    [7_200_000, 246],
  ])("a restore ready after %d ms costs at most %d polls (with the list before the POST, the POST and a digest challenge: 3 requests more)", (readyAt, maxPolls) => {
    let elapsed = 0;
    let polls = 0;
    let d: number | undefined;
    while (elapsed < readyAt) {
      elapsed += d = nextPollDelay(elapsed, d, defaultPollSchedule);
      polls++;
    }
    expect(polls).toBeLessThanOrEqual(maxPolls);
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
    // Ready from t = 89 s; the polls of the schedule come at 2.5, 5, 7.5, 10, 15, 25, 45, 75 s, then the deadline (90 s).
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

describe("awaited restores: polled sooner while something waits for them, within a per-project allowance", () => {
  const working = [job({ id: "a" })];
  const ready = [readyHttp("a")];
  /** Poll times of one wait for a restore ready at `readyAt` ms (virtual time). */
  async function pollTimes(readyAt: number, o: Partial<WaitCase> = {}, v: { now: () => number; sleep: (ms: number) => Promise<void> } = virtualTime()) {
    const polledAt: number[] = [];
    const fetchJobs = async () => (polledAt.push(v.now()), v.now() >= readyAt ? ready : working);
    await waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 3_600_000, ...v, ...o });
    return polledAt;
  }
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

  test("a restore nothing waits for polls on the schedule alone", async () => {
    const times = await pollTimes(200_000, { projectId: "a00000000000000000000001" });
    expect(times.slice(0, 10)).toEqual([2_500, 5_000, 7_500, 10_000, 15_000, 25_000, 45_000, 75_000, 105_000, 135_000]);
    expect(times.at(-1)! - 200_000).toBe(25_000); // 195 s, 225 s
  });

  test("awaitedBy: polls at most 10 s apart once the schedule's interval is longer, the schedule's own polls kept; seen at most 10 s late", async () => {
    const lines: string[] = [];
    const times = await pollTimes(200_000, { projectId: "a00000000000000000000002", awaitedBy: ["orders"], onProgress: (l) => lines.push(l) });
    expect(Math.max(...gaps(times))).toBe(10_000);
    expect(times.slice(0, 5)).toEqual([2_500, 5_000, 7_500, 10_000, 15_000]);
    for (const t of [25_000, 45_000, 75_000, 105_000, 135_000, 165_000, 195_000]) expect(times).toContain(t);
    expect(times.at(-1)! - 200_000).toBeLessThanOrEqual(10_000);
    expect(lines).toContain("restore r of Cluster0: polling every 10 s while orders waits for it");
  });

  /** One virtual clock for concurrent waits: time jumps to the earliest sleeper's wake-up once every wait is asleep. */
  function sharedVirtualTime() {
    let t = 0;
    const timers: { at: number; wake: () => void }[] = [];
    let ticking = false;
    const tick = () => {
      if (ticking) return;
      ticking = true;
      setImmediate(() => {
        ticking = false;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next) return;
        t = next.at;
        next.wake();
        tick();
      });
    };
    return { now: () => t, sleep: (ms: number) => new Promise<void>((wake) => (timers.push({ at: t + ms, wake }), tick())) };
  }

  test("the allowance bounds the extra polls of every awaited restore of a project together; the schedule's polls still come", async () => {
    const v = sharedVirtualTime();
    // Six awaited restores of one project, each ready after 10 minutes, on one clock.
    const runs = await Promise.all(Array.from({ length: 6 }, () => pollTimes(600_000, { projectId: "a00000000000000000000003", awaitedBy: ["x"] }, v)));
    const all = runs.flat().sort((a, b) => a - b);
    const scheduled = new Set(await pollTimes(600_000, { projectId: "a00000000000000000000004" }));
    const extra = all.filter((t) => !scheduled.has(t));
    const perMinute = Array.from({ length: 60 }, (_, i) => extra.filter((t) => t > i * 10_000 && t <= i * 10_000 + 60_000).length);
    // Six restores would take 24 extra polls a minute; the allowance holds them to 20.
    expect(Math.max(...perMinute)).toBe(AWAITED_EXTRA_POLLS_PER_MINUTE);
    for (const times of runs) for (const t of scheduled) if (t <= times.at(-1)!) expect(times).toContain(t);
  });

  test("restores queued for a slot of its concurrency group make the running restore awaited, and only while they are queued", async () => {
    const limit = { group: "wait-test", max: 1 };
    const release = await acquireSlot(limit);
    const queued = acquireSlot(limit); // a second restore waiting for the slot
    const v = virtualTime();
    const lines: string[] = [];
    const polledAt: number[] = [];
    let handedOver = false;
    const fetchJobs = async () => {
      polledAt.push(v.now());
      // The queued restore gets a slot elsewhere at 100 s (e.g. another restore of the group ended).
      if (v.now() >= 100_000 && !handedOver) {
        handedOver = true;
        release();
        (await queued)();
      }
      return v.now() >= 300_000 ? ready : working;
    };
    await waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 3_600_000, ...v, projectId: "a00000000000000000000005", concurrencyLimit: limit, onProgress: (l) => lines.push(l) });
    expect(Math.max(...gaps(polledAt.filter((t) => t <= 100_000)))).toBe(10_000);
    expect(Math.min(...gaps(polledAt.filter((t) => t >= 105_000)))).toBe(30_000);
    expect(lines).toContain('restore r of Cluster0: polling every 10 s while 1 restore is queued for a slot of "wait-test"');
  });

  test("request priorities: an extra poll is a spare request, refused ones fall back to the schedule; other polls are normal while awaited, background otherwise", async () => {
    const run = async (projectId: string, awaitedBy: string[] | undefined, budgetFull: boolean) => {
      const v = virtualTime();
      const sent: [number, string][] = [];
      let refused = 0;
      const fetchJobs = async () => {
        const priority = requestPriority();
        if (priority === "spare" && budgetFull) throw (refused++, new NoSpareBudgetError());
        sent.push([v.now(), priority]);
        return v.now() >= 200_000 ? ready : working;
      };
      await waitForBatch({ initialJobs: working, fetchJobs, timeoutMs: 3_600_000, ...v, projectId, awaitedBy });
      return { sent, refused };
    };
    const schedule = [2_500, 5_000, 7_500, 10_000, 15_000, 25_000, 45_000, 75_000, 105_000, 135_000, 165_000, 195_000, 225_000];
    const alone = await run("a00000000000000000000007", undefined, false);
    expect(alone.sent).toEqual(schedule.map((t) => [t, "background"]));
    const refusedAll = await run("a00000000000000000000008", ["orders"], true);
    expect(refusedAll.refused).toBeGreaterThan(0);
    expect(refusedAll.sent).toEqual(schedule.map((t) => [t, "normal"])); // nothing extra went out, the schedule's polls all did
    const room = await run("a00000000000000000000009", ["orders"], false);
    expect(room.sent.filter(([, p]) => p === "spare").length).toBeGreaterThan(0);
    expect(room.sent.at(-1)![0]).toBeLessThan(210_000);
  });

  test("the deadline still gets its poll when an awaited restore is not ready", async () => {
    const v = virtualTime();
    const polledAt: number[] = [];
    const err = (await waitForBatch({ initialJobs: working, fetchJobs: async () => (polledAt.push(v.now()), working), timeoutMs: 90_000, ...v, projectId: "a00000000000000000000006", awaitedBy: ["x"] }).catch((e) => e)) as RestoreError;
    expect(err.code).toBe("RESTORE_WAIT_TIMEOUT");
    expect(polledAt.at(-1)).toBe(90_000);
    expect(v.now()).toBe(90_000);
  });
});

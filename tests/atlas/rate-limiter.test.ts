import { NoSpareBudgetError, projectLimiter, resetRateLimiters, SlidingWindowLimiter, withRequestPriority, type Clock } from "../../provider/atlas";

/** Virtual time: sleeps resolve in due order when the test calls `run()`; nothing waits for real. */
class VirtualClock implements Clock {
  t = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  now = (): number => this.t;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.t + ms, resolve });
    });
  /** Let everything settle, advancing virtual time timer by timer until `done` settles. */
  async run<T>(done: Promise<T>): Promise<T> {
    let settled = false;
    const p = done.finally(() => (settled = true));
    for (let guard = 0; guard < 100_000 && !settled; guard++) {
      await new Promise((r) => setImmediate(r));
      if (settled) break;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (next) {
        this.t = Math.max(this.t, next.at);
        next.resolve();
      }
    }
    return p;
  }
}

/** Largest number of grants inside any window of `span` ms. */
function maxInAnyWindow(times: number[], span: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= span) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("SlidingWindowLimiter", () => {
  test("never grants more than N in any window, even to many concurrent callers", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 60_000, marginMs: 1_000 });
    const grants: number[] = [];
    const callers = Array.from({ length: 35 }, async () => {
      await limiter.acquire(10);
      grants.push(clock.now());
    });
    await clock.run(Promise.all(callers));
    expect(grants).toHaveLength(35);
    expect(maxInAnyWindow(grants, 61_000)).toBe(10);
    // ... and it is not needlessly slow: 35 grants at 10 per 61 s need just over 3 windows.
    expect(Math.max(...grants)).toBe(3 * 61_000);
  });

  test("a fixed-minute server counter never sees more than N from us", async () => {
    const clock = new VirtualClock();
    clock.t = 59_500; // start near a minute boundary
    const limiter = new SlidingWindowLimiter({ clock });
    const grants: number[] = [];
    const callers = Array.from({ length: 300 }, async () => {
      await limiter.acquire(100);
      grants.push(clock.now());
    });
    await clock.run(Promise.all(callers));
    const perMinute = new Map<number, number>();
    for (const t of grants) perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(100);
  });

  test("pause() holds back every caller until it ends", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock });
    await clock.run(limiter.acquire(100));
    limiter.pause(5_000);
    const waited = await clock.run(Promise.all([limiter.acquire(100), limiter.acquire(100)]));
    expect(waited).toEqual([5_000, 5_000]);
    expect(clock.now()).toBe(5_000);
    limiter.pause(-1); // ignored
    expect(await clock.run(limiter.acquire(100))).toBe(0);
  });

  test("a grant settled when its answer arrives holds its slot from then, not from when it was granted", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 1_000, marginMs: 0 });
    const first = await limiter.acquireGrant(1);
    clock.t = 500; // its answer arrives: the server counted it at most now
    first.settle();
    clock.t = 1_000; // a window after the grant, but not yet after the answer
    const waited = (await clock.run(limiter.acquireGrant(1))).waitedMs;
    expect(clock.t).toBe(1_500);
    expect(waited).toBe(500);
  });

  test("acquire rejects when its signal aborts", async () => {
    const limiter = new SlidingWindowLimiter({ windowMs: 60_000 });
    await limiter.acquire(1);
    const ac = new AbortController();
    const p = limiter.acquire(1, ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });

  test("priority: a spare request is granted only at once and while the budget is less than half used; nothing waits for it", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    const spare = () => withRequestPriority("spare", () => limiter.acquire(4));
    expect(await spare()).toBe(0); // 1 of 4 used
    expect(await spare()).toBe(0); // 2 of 4: half
    await expect(spare()).rejects.toBeInstanceOf(NoSpareBudgetError);
    expect(limiter.inWindow()).toBe(2); // the refused one took nothing
    await limiter.acquire(4);
    await limiter.acquire(4);
    const waiting = limiter.acquire(4); // the budget is full: a normal request waits
    await expect(spare()).rejects.toBeInstanceOf(NoSpareBudgetError);
    await clock.run(waiting);
  });

  test("priority: a background request gives way to normal ones waiting for the same budget", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    await limiter.acquire(1); // full until 10 s
    const order: string[] = [];
    const background = withRequestPriority("background", () => limiter.acquire(1)).then(() => order.push("background"));
    const normal = limiter.acquire(1).then(() => order.push("normal"));
    await clock.run(Promise.all([background, normal]));
    expect(order).toEqual(["normal", "background"]);
    expect(clock.now()).toBe(20_000);


    // It gives way only while it could not leave them room: with room for both, both go at once.
    const roomy = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    const both = await clock.run(Promise.all([withRequestPriority("background", () => roomy.acquire(2)), roomy.acquire(2)]));
    expect(both).toEqual([0, 0]);
  });

  test("the registry shares one budget per origin + project", () => {
    resetRateLimiters();
    const a = projectLimiter("https://cloud.mongodb.com", "6b99999887d9d61443b41657");
    expect(projectLimiter("https://cloud.mongodb.com", "6b99999887d9d61443b41657")).toBe(a);
    expect(projectLimiter("https://cloud.mongodbgov.com", "6b99999887d9d61443b41657")).not.toBe(a);
    expect(projectLimiter("https://cloud.mongodb.com", "5a681ff180eef54e09de20d1")).not.toBe(a);
    expect(projectLimiter("https://cloud.mongodb.com", "6b99999887d9d61443b41657", 60_000)).toBe(a);
    expect(projectLimiter("https://cloud.mongodb.com", "6b99999887d9d61443b41657", 10_000)).not.toBe(a);
    resetRateLimiters();
    expect(projectLimiter("https://cloud.mongodb.com", "6b99999887d9d61443b41657")).not.toBe(a);
  });
});

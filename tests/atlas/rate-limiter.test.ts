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

  test("priority: a spare request is granted only at once, within the awaited share of the budget and the polls' pace; nothing waits for it", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    const spare = () => withRequestPriority("spare", () => limiter.acquire(40));
    // The pace: polls may come 4 at once (a tenth of 40), each costing 1/0.9 of one.
    for (let i = 0; i < 3; i++) expect(await spare()).toBe(0);
    await expect(spare()).rejects.toBeInstanceOf(NoSpareBudgetError);
    expect(limiter.inWindow()).toBe(3); // the refused one took nothing
    clock.t += 1_000; // the pace gains 4 back
    for (let i = 0; i < 32; i++) await limiter.acquire(40); // 35 of 40 used
    expect(await spare()).toBe(0); // 36 of 40: nine tenths, the awaited share
    clock.t += 1_000;
    await expect(spare()).rejects.toBeInstanceOf(NoSpareBudgetError); // the pace has room, the share has not
    for (let i = 0; i < 4; i++) await limiter.acquire(40);
    const waiting = limiter.acquire(40); // the budget is full: a normal request waits
    clock.t += 10_000;
    await expect(spare()).rejects.toBeInstanceOf(NoSpareBudgetError); // something waits for the budget
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

  test("priority: polls are spaced at their share of the window's rate, never spent in a burst; a restore's start is never held by the pace", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    const at = (p: "normal" | "awaited" | "background") => withRequestPriority(p, () => limiter.acquire(40)).then(() => clock.now());
    // 40 per 10 s: background polls every 10 s / (40 × 3/4) = 333 ms after a burst of 4 tokens,
    // of which they leave one awaited poll's (2 polls at once).
    const background = await clock.run(Promise.all(Array.from({ length: 30 }, () => at("background"))));
    expect(background.slice(0, 2)).toEqual([0, 0]);
    expect(background[2]).toBeGreaterThan(0);
    const gaps = background.slice(3).map((t, i) => t - background[i + 2]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(333);
    expect(background[29]).toBeLessThanOrEqual(10_000); // thirty in one window: its three quarters, no more
    // Awaited ones pace at nine tenths (278 ms), and a start's requests go at once beside them.
    const fresh = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    const t = clock.now();
    const awaited = clock.run(Promise.all(Array.from({ length: 6 }, () => withRequestPriority("awaited", () => fresh.acquire(40)).then(() => clock.now()))));
    expect(await clock.run(Promise.all([fresh.acquire(40), fresh.acquire(40)]))).toEqual([0, 0]);
    const awaitedAt = await awaited;
    expect(awaitedAt.slice(0, 3)).toEqual([t, t, t]); // a tenth of 40 at once
    expect(awaitedAt[5] - awaitedAt[3]).toBeGreaterThanOrEqual(2 * 277);
  });

  test("polls held back by a window full of starts saved their pace: they go together when it frees", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    for (let i = 0; i < 40; i++) await limiter.acquire(40); // the starts fill the window
    const polls = await clock.run(Promise.all(Array.from({ length: 20 }, () => withRequestPriority("background", () => limiter.acquire(40)).then(() => clock.now()))));
    expect(polls).toEqual(Array(20).fill(10_000)); // 10 s saved 36 tokens: twenty polls at once, not one every 333 ms
  });

  test("priority: an awaited poll goes before a background one waiting for the same pace", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    for (let i = 0; i < 3; i++) await withRequestPriority("awaited", () => limiter.acquire(40)); // the burst spent
    const order: string[] = [];
    const background = withRequestPriority("background", () => limiter.acquire(40)).then(() => order.push("background"));
    await new Promise((r) => setImmediate(r));
    const awaited = withRequestPriority("awaited", () => limiter.acquire(40)).then(() => order.push("awaited"));
    await clock.run(Promise.all([background, awaited]));
    expect(order).toEqual(["awaited", "background"]);
  });

  test("a 429's pause holds the polls back; the window's pace saves meanwhile, so they go together when it ends", async () => {
    const clock = new VirtualClock();
    const limiter = new SlidingWindowLimiter({ clock, windowMs: 10_000, marginMs: 0 });
    await limiter.acquire(40);
    limiter.pause(5_000);
    const times = await clock.run(Promise.all(Array.from({ length: 12 }, () => withRequestPriority("awaited", () => limiter.acquire(40)).then(() => clock.now()))));
    expect(times).toEqual(Array(12).fill(5_000));
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

/** The bounded runner: never more than `limit` at once, every task run, a failure recorded and the rest still run. */
import { allSettledBounded } from "../../cli/drill/bounded";

/** Tasks that wait until released, so concurrency is observed, not timed. */
function gatedTasks(n: number) {
  const release: (() => void)[] = [];
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const run = (i: number) =>
    new Promise<number>((resolve, reject) => {
      running++;
      peak = Math.max(peak, running);
      started.push(i);
      release[i] = () => {
        running--;
        if (i === 1) reject(new Error("stack 1 failed"));
        else resolve(i * 10);
      };
    });
  return { run, release, started, peak: () => peak };
}

const tick = () => new Promise((r) => setImmediate(r));

test("at most `limit` at once; a failure does not stop the others; results in input order", async () => {
  const t = gatedTasks(5);
  const all = allSettledBounded([0, 1, 2, 3, 4], 2, (i) => t.run(i));
  await tick();
  expect(t.started).toEqual([0, 1]);
  t.release[1]!();
  await tick();
  expect(t.started).toEqual([0, 1, 2]);
  for (const i of [0, 2, 3, 4]) {
    await tick();
    t.release[i]!();
  }
  const results = await all;
  expect(t.peak()).toBe(2);
  expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([0, "stack 1 failed", 20, 30, 40]);
});

test("a limit above the count runs all at once; an empty list resolves at once", async () => {
  const t = gatedTasks(3);
  const all = allSettledBounded([0, 2, 3], 10, (i) => t.run(i));
  await tick();
  expect(t.started).toEqual([0, 2, 3]);
  for (const i of [0, 2, 3]) t.release[i]!();
  expect((await all).every((r) => r.status === "fulfilled")).toBe(true);
  await expect(allSettledBounded([], 3, async () => 1)).resolves.toEqual([]);
});

test("a task that throws synchronously is recorded, not thrown", async () => {
  const results = await allSettledBounded([1, 2], 1, (i) => {
    if (i === 1) throw new Error("sync");
    return Promise.resolve(i);
  });
  expect(results[0]).toEqual({ status: "rejected", reason: new Error("sync") });
  expect(results[1]).toEqual({ status: "fulfilled", value: 2 });
});

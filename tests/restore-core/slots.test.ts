/** Concurrency slots as data: who gets a freed slot. */
import { acquireSlot, type ConcurrencyLimit } from "../../provider/restore-core";

const limit = (group: string, rank?: number): ConcurrencyLimit => ({ group, max: 1, ...(rank ? { rank } : {}) });

test("a freed slot goes to the waiter of the highest rank, first come first served among equals", async () => {
  const order: string[] = [];
  const release = await acquireSlot(limit("slots-rank"));
  const ahead: Record<string, number> = {};
  const wait = (name: string, rank?: number) =>
    acquireSlot(limit("slots-rank", rank), (n) => (ahead[name] = n)).then((free) => {
      order.push(name);
      free();
    });
  // A chain's first entry (rank 3) queues after two that end no chain: it still goes first.
  const all = Promise.all([wait("end-1"), wait("end-2"), wait("chain", 3), wait("mid", 2)]);
  expect(ahead).toEqual({ "end-1": 0, "end-2": 1, chain: 0, mid: 1 });
  release();
  await all;
  expect(order).toEqual(["chain", "mid", "end-1", "end-2"]);
});

test("without a rank every waiter ranks 1: first come, first served", async () => {
  const order: string[] = [];
  const release = await acquireSlot(limit("slots-fifo"));
  const all = Promise.all(["a", "b", "c"].map((n) => acquireSlot(limit("slots-fifo")).then((free) => (order.push(n), free()))));
  release();
  await all;
  expect(order).toEqual(["a", "b", "c"]);
});

test("restores asked for at one moment compete by rank, whatever order their calls arrive in; never more than max at once", async () => {
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const run = (name: string, rank?: number) =>
    acquireSlot({ group: "slots-settle", max: 2, ...(rank ? { rank } : {}) }).then(async (free) => {
      order.push(name);
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      free();
    });
  // The engine sent the downloads' creates first; the chain's first entry came 5 ms later.
  const all = [run("download-1"), run("download-2"), run("download-3")];
  await new Promise((r) => setTimeout(r, 5));
  all.push(run("chain", 3), run("mid", 2));
  await Promise.all(all);
  expect(order.slice(0, 2)).toEqual(["chain", "mid"]);
  expect(order.slice(2)).toEqual(["download-1", "download-2", "download-3"]);
  expect(peak).toBe(2);
});

test("a slot freed by a restore goes to the entry after it when that one arrives within the settle time", async () => {
  const order: string[] = [];
  const first = await acquireSlot({ group: "slots-handoff", max: 1, rank: 2 });
  const other = acquireSlot({ group: "slots-handoff", max: 1 }).then((free) => (order.push("waiting since the start"), free()));
  first(); // the chain's first restore is ready; the engine asks for the next one right after
  await new Promise((r) => setTimeout(r, 5));
  const next = acquireSlot({ group: "slots-handoff", max: 1, rank: 2 }).then((free) => (order.push("after it"), free()));
  await Promise.all([other, next]);
  expect(order).toEqual(["after it", "waiting since the start"]);
});

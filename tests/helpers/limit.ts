/**
 * At most `n` of the functions passed run at a time; the others wait their turn, in order. For
 * test.concurrent scenarios that each hold heavy processes (a CLI, a language host, a plugin):
 * jest's maxConcurrency is one number for every file.
 */
export function limit(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

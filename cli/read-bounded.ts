/**
 * Reads a file the user named, never more than `maxBytes + 1` bytes: the size `stat` reports is
 * no bound (a device such as /dev/zero, a pipe or /proc file reports 0 and never ends), so the
 * read itself stops. Throws TooLargeError past the limit; other errors are the system's.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export class TooLargeError extends Error {
  override name = "TooLargeError";
  constructor(readonly maxBytes: number) {
    super(`more than the limit of ${maxBytes} bytes`);
  }
}

const CHUNK = 64 * 1024;

export function readBounded(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error("it is a folder"), { code: "EISDIR" });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new TooLargeError(maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

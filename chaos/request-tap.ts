/**
 * Every request the emulator logs, handed to the schedule whose project it names, as it arrives
 * (the log is read every few ms). A schedule keeps its own copy, so the emulator's log can be
 * cleared between batches of schedules without losing what the invariants need, and it can act
 * at a point of an operation (kill the plugin at its k-th request).
 */
import type { Emulator, RequestLogEntry } from "../emulator";

type Listener = (entry: RequestLogEntry) => void;

export class RequestTap {
  readonly #listeners = new Map<string, Listener>();
  readonly #timer: NodeJS.Timeout;
  #read = 0;

  constructor(private readonly emu: Emulator, intervalMs = 3) {
    this.#timer = setInterval(() => this.drain(), intervalMs);
  }

  /** Entries of `projectId` from now on go to `listener` (one per project). */
  subscribe(projectId: string, listener: Listener): () => void {
    this.drain();
    this.#listeners.set(projectId, listener);
    return () => {
      this.drain();
      this.#listeners.delete(projectId);
    };
  }

  /** Hands out every entry logged since the last call. */
  drain(): void {
    const log = this.emu.requestLog;
    if (log.length < this.#read) this.#read = 0; // cleared
    for (; this.#read < log.length; this.#read++) {
      const e = log[this.#read];
      if (e.projectId) this.#listeners.get(e.projectId)?.(e);
    }
  }

  /** Clears the emulator's log (call only when no operation is in flight). */
  clearLog(): void {
    this.drain();
    this.emu.clearRequestLog();
    this.#read = 0;
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

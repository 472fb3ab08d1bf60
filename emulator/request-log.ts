/**
 * Every API and download request in arrival order (style-anchors C11: tests assert the exact
 * wire sequence). Calls to the /__emulator control endpoints are not logged.
 */
import type { FaultKind } from "./faults";

export interface RequestLogEntry {
  method: string;
  /** Path without query. */
  path: string;
  /** Raw query string without the leading "?" ("" when none). */
  query: string;
  /** Status answered; 0 when the socket was destroyed without an answer (resetNext, dropNextResponse). */
  status: number;
  /** `:groupId` of API paths. */
  projectId?: string;
  /** True when the request passed digest auth (or auth is off) and reached the API. */
  authenticated: boolean;
  /** Real-clock ms at arrival. */
  at: number;
  /** The fault applied to this request, if any. */
  fault?: FaultKind;
  /** trickleNext: body bytes the client accepted before it hung up (grows while it streams). */
  bytesSent?: number;
}

/** Oldest entries are dropped beyond this many, so a long-running CLI emulator stays bounded. */
export const MAX_LOG_ENTRIES = 100_000;

export class RequestLog {
  /** Live array: cleared in place so references handed out stay valid. */
  readonly entries: RequestLogEntry[] = [];

  begin(entry: RequestLogEntry): RequestLogEntry {
    if (this.entries.length >= MAX_LOG_ENTRIES) this.entries.splice(0, this.entries.length - MAX_LOG_ENTRIES + 1);
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

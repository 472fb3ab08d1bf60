/**
 * Deliberate, typed faults (style-anchors C13: "handler bugs become 500s, deliberate faults are
 * typed"), like msw's `server.use(..., { once: true })` overrides. Rules are matched in the order
 * they were added; each matching request consumes one `count`. `latency` combines with the
 * others; of the answer-changing kinds only the first matching rule applies.
 */
export type FaultKind =
  | "failNext" | "resetNext" | "latency" | "dropNextResponse" | "truncateNext" | "rewriteNext" | "trickleNext" | "corruptNextDownload";

/** Restore downloads (legacy `url` / `urlV2`, Cloud Backup `deliveryUrl`). */
export const DOWNLOAD_PATH = /^\/backup\/restore\//;

interface Filter {
  count?: number;
  method?: string;
  path?: RegExp;
  /** Let this many matching requests pass untouched first (e.g. the list a create sends before its POST). */
  skip?: number;
}

export interface FailNextFault extends Filter {
  status: number;
  errorCode?: string;
  /** Raw body (e.g. an HTML error page) instead of an Atlas JSON error. */
  body?: string;
  contentType?: string;
  /** Extra response headers (e.g. Retry-After). */
  headers?: Record<string, string>;
}

export interface LatencyFault extends Filter {
  ms: number;
}

/**
 * A hostile or broken 2xx answer to a request that was handled (and committed) normally: fields
 * of every job replaced by raw JSON text (which may be nested thousands deep, more than
 * `JSON.stringify` could write), or the whole body replaced.
 */
export interface RewriteNextFault extends Filter {
  /** Field of each job in the answer → raw JSON text to put there (e.g. `"[[[…]]]"`, `"\"constructor\""`). */
  jobFields?: Record<string, string>;
  /** Raw body served instead of the answer (e.g. `{"results":[]}`). */
  body?: string;
}

/** Handle and commit the request, then answer 200 with a body that never ends. */
export interface TrickleNextFault extends Filter {
  /** Bytes per chunk. @default 65536 */
  chunkBytes?: number;
  /** Pause between chunks, real ms. @default 0 (as fast as the client reads) */
  intervalMs?: number;
}

export interface FaultControl {
  /** Answer with this error instead of handling the request. */
  failNext(f: FailNextFault): void;
  /** Destroy the socket without answering, before handling. */
  resetNext(f: Filter): void;
  /**
   * Hold the request `ms` real ms before it is handled (so what it reads or changes is the state
   * after the delay). `count` defaults to "until clear()".
   */
  latency(f: LatencyFault): void;
  /** Handle and commit the request, then destroy the socket instead of answering. `method` defaults to POST. */
  dropNextResponse(f: Filter): void;
  /** Send the headers and half of the body, then end the socket. */
  truncateNext(f: Filter): void;
  /** Handle the request, then serve a rewritten answer (see RewriteNextFault). */
  rewriteNext(f: RewriteNextFault): void;
  /** Handle the request, then stream an endless body until the client hangs up. */
  trickleNext(f: TrickleNextFault): void;
  /**
   * Serve the next download with 16 bytes flipped in transit: the job's `hashes` stay those of
   * the good archive (as Atlas hashes its own file). `path` defaults to every download.
   */
  corruptNextDownload(f?: Filter): void;
  clear(): void;
}

export type FaultRule =
  | ({ kind: "failNext"; remaining: number } & FailNextFault)
  | ({ kind: "latency"; remaining: number } & LatencyFault)
  | ({ kind: "rewriteNext"; remaining: number } & RewriteNextFault)
  | ({ kind: "trickleNext"; remaining: number } & TrickleNextFault)
  | ({ kind: "resetNext" | "dropNextResponse" | "truncateNext" | "corruptNextDownload"; remaining: number } & Filter);

export type AnswerFault = Exclude<FaultRule, { kind: "latency" }>;

export interface FaultDecision {
  readonly latencyMs: number;
  readonly action?: AnswerFault;
}

export class Faults implements FaultControl {
  private rules: FaultRule[] = [];

  failNext(f: FailNextFault): void {
    if (!Number.isInteger(f.status) || f.status < 100 || f.status > 599) {
      throw new Error(`[atlas-emulator] Failed to add failNext: status ${f.status} is not an HTTP status.`);
    }
    this.add({ ...f, kind: "failNext", remaining: f.count ?? 1 });
  }

  resetNext(f: Filter = {}): void {
    this.add({ ...f, kind: "resetNext", remaining: f.count ?? 1 });
  }

  latency(f: LatencyFault): void {
    if (!(f.ms >= 0)) throw new Error(`[atlas-emulator] Failed to add latency: ms must be >= 0.`);
    this.add({ ...f, kind: "latency", remaining: f.count ?? Infinity });
  }

  dropNextResponse(f: Filter = {}): void {
    this.add({ ...f, method: f.method ?? "POST", kind: "dropNextResponse", remaining: f.count ?? 1 });
  }

  truncateNext(f: Filter = {}): void {
    this.add({ ...f, kind: "truncateNext", remaining: f.count ?? 1 });
  }

  rewriteNext(f: RewriteNextFault): void {
    if ((f.body === undefined) === (f.jobFields === undefined)) {
      throw new Error("[atlas-emulator] Failed to add rewriteNext: give exactly one of jobFields and body.");
    }
    this.add({ ...f, kind: "rewriteNext", remaining: f.count ?? 1 });
  }

  trickleNext(f: TrickleNextFault = {}): void {
    if (f.chunkBytes !== undefined && !(Number.isInteger(f.chunkBytes) && f.chunkBytes >= 1)) {
      throw new Error("[atlas-emulator] Failed to add trickleNext: chunkBytes must be a whole number >= 1.");
    }
    if (f.intervalMs !== undefined && !(f.intervalMs >= 0)) throw new Error("[atlas-emulator] Failed to add trickleNext: intervalMs must be >= 0.");
    this.add({ ...f, kind: "trickleNext", remaining: f.count ?? 1 });
  }

  corruptNextDownload(f: Filter = {}): void {
    this.add({ ...f, path: f.path ?? DOWNLOAD_PATH, kind: "corruptNextDownload", remaining: f.count ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Consume the rules matching this request and say what to do. */
  take(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    let action: AnswerFault | undefined;
    for (const rule of this.rules) {
      if (!matches(rule, method, path)) continue;
      if (rule.skip) {
        rule.skip -= 1;
        continue;
      }
      if (rule.kind === "latency") {
        latencyMs += rule.ms;
        rule.remaining -= 1;
      } else if (!action) {
        action = rule;
        rule.remaining -= 1;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { latencyMs, action };
  }

  private add(rule: FaultRule): void {
    if (!(rule.remaining >= 1)) throw new Error(`[atlas-emulator] Failed to add ${rule.kind}: count must be >= 1.`);
    this.rules.push(rule);
  }
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.remaining <= 0) return false;
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path) {
    rule.path.lastIndex = 0; // a /g or /y regex would otherwise remember its last match
    if (!rule.path.test(path)) return false;
  }
  return true;
}

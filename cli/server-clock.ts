/**
 * Reads the API server's clock from the HTTP `Date` of one small unauthenticated request, so a
 * drill report can put its run's start and end on the same clock as the server's own job times
 * (an emulator's runs faster than real time; a real server's may be minutes off this machine's).
 *
 *  - A loopback server is asked `GET /__emulator/health` first: the local emulator answers it
 *    (not logged, no budget used) and so says it is one, with its time scale where it tells it.
 *  - Any other server (or a loopback one that is not an emulator): `GET <API base>` without
 *    credentials. Atlas, Cloud Manager and Ops Manager answer it 401 with their `Date`; no
 *    credential is sent, so none can leak, and nothing is requested.
 *
 * Never throws: a server that cannot be read gives a reading without `serverMs`.
 */
import type { Dispatcher } from "undici";
import type { ClockReading } from "../drill/report/run-clock";
import { isLoopbackHost } from "../provider/atlas/base-url";
import { createAgent } from "../provider/atlas/transport";

export type { ClockReading } from "../drill/report/run-clock";

export interface ReadClockOptions {
  /** The server's origin, e.g. `https://cloud.mongodb.com`. */
  readonly origin: string;
  /** Its API base, e.g. `https://cloud.mongodb.com/api/atlas/v1.0`. */
  readonly apiBase: string;
  /** PEM of a private CA (Ops Manager behind an internal certificate authority). */
  readonly caCert?: string;
  readonly signal?: AbortSignal;
  /** @default Date.now */
  readonly now?: () => number;
}

const TIMEOUT_MS = 10_000;
const EMULATOR_HEALTH = "/__emulator/health";
/** A health answer is a few bytes: more is not the emulator's. */
const MAX_HEALTH_BYTES = 4096;

export async function readServerClock(o: ReadClockOptions): Promise<ClockReading> {
  const now = o.now ?? Date.now;
  const dispatcher = createAgent({ connectMs: TIMEOUT_MS, headersMs: TIMEOUT_MS, bodyMs: TIMEOUT_MS, responseMs: TIMEOUT_MS }, o.caCert);
  try {
    if (isLoopbackHost(new URL(o.origin).hostname)) {
      const health = await exchange(dispatcher, o.origin + EMULATOR_HEALTH, now, o.signal, true);
      if (health.status === 200 && health.json?.ok === true && health.serverMs !== undefined) {
        const scale = health.json.timeScale;
        return { serverMs: health.serverMs, runnerMs: health.runnerMs, emulator: true, ...(typeof scale === "number" && scale > 0 && Number.isFinite(scale) ? { timeScale: scale } : {}) };
      }
    }
    const r = await exchange(dispatcher, o.apiBase, now, o.signal, false);
    return r.serverMs === undefined ? { runnerMs: r.runnerMs, error: "its answer had no usable Date header" } : { serverMs: r.serverMs, runnerMs: r.runnerMs };
  } catch (e) {
    return { runnerMs: now(), error: (e as Error).message.split("\n")[0]!.slice(0, 200) };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

interface Exchange {
  readonly status: number;
  readonly serverMs?: number;
  readonly runnerMs: number;
  readonly json?: Record<string, unknown>;
}

async function exchange(dispatcher: Dispatcher, url: string, now: () => number, signal: AbortSignal | undefined, readJson: boolean): Promise<Exchange> {
  const { request } = await import("undici");
  const sent = now();
  const res = await request(url, { method: "GET", dispatcher, signal: signal ?? AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
  const runnerMs = (sent + now()) / 2;
  const dateHeader = res.headers.date;
  const ms = typeof dateHeader === "string" ? Date.parse(dateHeader) : NaN;
  let json: Record<string, unknown> | undefined;
  if (readJson && res.statusCode === 200) {
    const text = await boundedText(res.body, MAX_HEALTH_BYTES);
    try {
      const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  } else {
    await res.body.dump({ limit: MAX_HEALTH_BYTES }).catch(() => undefined);
  }
  return { status: res.statusCode, runnerMs, ...(Number.isNaN(ms) ? {} : { serverMs: ms }), ...(json ? { json } : {}) };
}

/** The body as text, or undefined past `max` bytes (the rest is dropped with the connection). */
async function boundedText(body: Dispatcher.ResponseData["body"], max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > max) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

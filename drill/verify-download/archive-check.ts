/**
 * One archive, streamed once: its size, its SHA-1, and whether it is a readable `.tar.gz` of
 * WiredTiger files, without writing it anywhere or holding more than a chunk in memory.
 *
 * A delivery URL is a secret (it carries the access token, or the token travels in a header), so
 * nothing here ever puts the URL, a header value or an undici / OS message in an error: failures
 * are described from status codes, error codes and byte counts only.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { Parser } from "tar";
import { request, type Dispatcher } from "undici";
import { isLoopbackHost } from "../../provider/atlas";
import { formatBytes } from "../../provider/atlas/bounded-body";
import { describeFailure, DownloadCheckError } from "./failures";

/** Where one archive is and how to fetch it. Every field is a secret but `part`. */
export interface ArchiveSource {
  /** The part's name, for messages (shard / replica set name, or job id). */
  readonly part: string;
  readonly url: string;
  /** Sent with the request, e.g. `{ Authorization: "Bearer …" }` for a legacy `urlV2`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ArchiveBounds {
  /** Largest archive read; a larger one is reported, not read to the end. */
  readonly maxBytes: number;
  /** From sending the request to the last byte. */
  readonly totalMs: number;
}

/** What the stream showed. */
export interface ArchiveFacts {
  readonly bytes: number;
  /** Hex SHA-1 of every byte received. */
  readonly sha1: string;
  /** Files named `WiredTiger` or `*.wt`. */
  readonly wiredTigerFiles: number;
  readonly entries: number;
  /** Why the archive is not a readable tar.gz (the transfer itself completed). */
  readonly unreadable?: string;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const isWiredTigerFile = (path: string): boolean => {
  const name = basename(path);
  return name === "WiredTiger" || name.endsWith(".wt");
};

/**
 * GET `source.url` through `dispatcher` and read the body to its end (bounded), feeding it to a
 * strict tar parser on the way. Throws DownloadCheckError when the transfer fails (status, size,
 * time, connection); a completed transfer whose bytes are not a tar.gz resolves with `unreadable`
 * so its checksum can still be compared.
 */
export async function checkArchive(source: ArchiveSource, dispatcher: Dispatcher, bounds: ArchiveBounds, signal?: AbortSignal): Promise<ArchiveFacts> {
  assertUrl(source.url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), bounds.totalMs);
  timer.unref?.();
  const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
  let received = 0;
  let declared: number | undefined;
  try {
    // No redirects: a redirect would carry the token header to a host nobody named.
    const res = await request(source.url, { method: "GET", headers: { ...source.headers }, dispatcher, signal: combined });
    declared = contentLength(res.headers["content-length"]);
    if (res.statusCode !== 200) {
      const code = await errorCodeOf(res.body);
      throw new DownloadCheckError(statusMessage(res.statusCode, code));
    }
    const type = String(res.headers["content-type"] ?? "");
    if (/text\/html/i.test(type)) {
      await res.body.dump({ limit: 0 }).catch(() => undefined);
      throw new DownloadCheckError(`answered an HTML page (content-type ${type.split(";")[0]}), not a .tar.gz: a login or error page, or a proxy in between`);
    }
    if (declared !== undefined && declared > bounds.maxBytes) {
      await res.body.dump({ limit: 0 }).catch(() => undefined);
      throw new DownloadCheckError(`is ${formatBytes(declared)} (Content-Length), over maxBytes ${formatBytes(bounds.maxBytes)}: not read; raise maxBytes to verify an archive this size`);
    }
    const tar = tarReader();
    const hash = createHash("sha1");
    let head = Buffer.alloc(0);
    for await (const chunk of res.body) {
      const bytes = chunk as Buffer;
      received += bytes.length;
      if (received > bounds.maxBytes) {
        res.body.destroy();
        throw new DownloadCheckError(`is larger than maxBytes ${formatBytes(bounds.maxBytes)}: stopped after ${received} bytes; raise maxBytes to verify an archive this size`);
      }
      hash.update(bytes);
      if (head.length < 2) head = Buffer.concat([head, bytes.subarray(0, 2)]);
      if (head.length >= 2 && !isGzip(head)) tar.fail(notGzip(head));
      await tar.write(bytes);
    }
    if (declared !== undefined && received !== declared) {
      throw new DownloadCheckError(`ended after ${received} of the ${declared} bytes announced`);
    }
    if (received === 0) tar.fail("is empty (0 bytes)");
    else if (!isGzip(head)) tar.fail(notGzip(head));
    const listing = await tar.end();
    return { bytes: received, sha1: hash.digest("hex"), ...listing };
  } catch (e) {
    if (e instanceof DownloadCheckError) throw e;
    throw new DownloadCheckError(describeFailure(e, { received, declared, deadlineFired: controller.signal.aborted, totalMs: bounds.totalMs }));
  } finally {
    clearTimeout(timer);
  }
}

function assertUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DownloadCheckError("has no valid download URL");
  }
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return;
  throw new DownloadCheckError(`has a download URL that is not https (${url.protocol.replace(":", "")}): refused, the link carries its access token`);
}

function contentLength(v: string | string[] | undefined): number | undefined {
  const text = Array.isArray(v) ? v[0] : v;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The Atlas `errorCode` of an error answer, if its (small) body has one; nothing else of it. */
async function errorCodeOf(body: Dispatcher.ResponseData["body"]): Promise<string | undefined> {
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > 16_384) break;
      chunks.push(chunk as Buffer);
    }
    body.destroy();
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { errorCode?: unknown };
    return typeof parsed.errorCode === "string" && /^[A-Z0-9_]{1,64}$/.test(parsed.errorCode) ? parsed.errorCode : undefined;
  } catch {
    return undefined;
  }
}

/** What a status means for a download link, as data. */
const STATUS_HINTS: Readonly<Record<number, string>> = {
  401: "the link's token was refused",
  403: "access refused",
  404: "not found, or not ready yet",
  410: "the link expired or its downloads are used up",
};

function statusMessage(status: number, code: string | undefined): string {
  const hint = STATUS_HINTS[status] ?? (status >= 300 && status < 400 ? "a redirect, not followed" : undefined);
  return `answered HTTP ${status}${code ? ` ${code}` : ""}${hint ? ` (${hint})` : ""}`;
}

const isGzip = (head: Buffer): boolean => head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];

function notGzip(head: Buffer): string {
  return head[0] === 0x3c ? "is not gzip data: it starts with '<', like an HTML page" : "is not gzip data (no gzip header)";
}

/** A strict tar parser fed chunk by chunk; it stops being fed at the first failure. */
function tarReader() {
  let entries = 0;
  let wiredTigerFiles = 0;
  let failure: string | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      entries += 1;
      if (/File$/.test(entry.type) && isWiredTigerFile(entry.path)) wiredTigerFiles += 1;
      entry.resume();
    },
  });
  const done = new Promise<void>((resolve) => {
    parser.on("error", (e: Error & { code?: string }) => {
      failure ??= `is not a readable tar.gz (${e.code ?? e.name}: ${e.message.replace(/^(?:[A-Z_]+|zlib): /, "")})`;
      resolve();
    });
    parser.on("end", () => resolve());
    parser.on("close", () => resolve());
  });
  return {
    fail(reason: string): void {
      failure ??= reason;
    },
    async write(chunk: Buffer): Promise<void> {
      if (failure !== undefined) return;
      if (!parser.write(chunk)) await Promise.race([new Promise((r) => parser.once("drain", r)), done]);
    },
    async end(): Promise<Pick<ArchiveFacts, "entries" | "wiredTigerFiles" | "unreadable">> {
      if (failure === undefined) {
        parser.end();
        await done;
      }
      return { entries, wiredTigerFiles, ...(failure !== undefined ? { unreadable: failure } : {}) };
    },
  };
}

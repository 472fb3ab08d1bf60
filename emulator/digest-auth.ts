/**
 * HTTP Digest like Atlas (atlas-restore-api.md §6): the documented challenge with `qop="auth"`
 * (the doc's `op=` is a typo) and ", " separators, because MongoDB's Go digest transport splits
 * on exactly that; a fresh 32-char base64 nonce per challenge; RFC 7616 `qop=auth` verification.
 *
 * Nonces: valid for `nonceTtlMs` of real time; a nonce may be reused with any nc it has not seen
 * yet (clients pipeline requests, so nc may arrive out of order) but never with the same nc
 * twice. A correct digest over an unknown or expired nonce earns `stale=true`.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const REALM = "MMS Public API";
export type DigestAlgorithm = "MD5" | "SHA-256";

export interface DigestOptions {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly algorithm: DigestAlgorithm;
  readonly nonceTtlMs: number;
  /** Real-time source (ms). */
  readonly clock: () => number;
}

export type DigestVerdict = { readonly ok: true } | { readonly ok: false; readonly stale: boolean; readonly reason: string };

/** Upper bound on remembered nonces, so a long-running emulator cannot grow without limit. */
const MAX_NONCES = 100_000;

export class DigestAuth {
  private readonly nonces = new Map<string, { issuedAt: number; seenNc: Set<number> }>();

  constructor(private readonly opts: DigestOptions) {}

  /** A `WWW-Authenticate` value with a new nonce. */
  challenge(stale: boolean): string {
    const nonce = randomBytes(24).toString("base64"); // 32 characters, like observed Atlas nonces
    this.sweep();
    this.nonces.set(nonce, { issuedAt: this.opts.clock(), seenNc: new Set() });
    return `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=${this.opts.algorithm}, qop="auth", stale=${stale}`;
  }

  verify(method: string, requestUri: string, header: string | undefined): DigestVerdict {
    const fail = (reason: string, stale = false): DigestVerdict => ({ ok: false, stale, reason });
    if (!header || !/^digest\s/i.test(header)) return fail("no Digest authorization");
    const p = parseParams(header.slice(header.indexOf(" ") + 1));
    const { username, realm, nonce, uri, response, cnonce, qop, nc } = p;
    if (!username || !realm || !nonce || !uri || !response || !cnonce || !nc) return fail("incomplete Digest parameters");
    if (username !== this.opts.publicKey) return fail("unknown user");
    if (realm !== REALM) return fail("wrong realm");
    if (uri !== requestUri) return fail("uri does not match the request");
    if (qop !== "auth") return fail("qop must be auth");
    if (!/^[0-9a-f]{8}$/i.test(nc)) return fail("malformed nc");
    // RFC 7616 §3.4: an absent algorithm means MD5.
    if ((p.algorithm ?? "MD5").toUpperCase() !== this.opts.algorithm) return fail("wrong algorithm");
    const H = (s: string) => createHash(this.opts.algorithm === "MD5" ? "md5" : "sha256").update(s).digest("hex");
    const ha1 = H(`${username}:${REALM}:${this.opts.privateKey}`);
    const ha2 = H(`${method}:${uri}`);
    const expected = H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
    if (!sameText(expected, response.toLowerCase())) return fail("wrong response (password)");
    const entry = this.nonces.get(nonce);
    if (!entry || this.opts.clock() - entry.issuedAt > this.opts.nonceTtlMs) {
      this.nonces.delete(nonce);
      return fail("unknown or expired nonce", true);
    }
    const count = Number.parseInt(nc, 16);
    if (entry.seenNc.has(count)) return fail("replayed nc");
    entry.seenNc.add(count);
    return { ok: true };
  }

  private sweep(): void {
    if (this.nonces.size < 1_000) return;
    const now = this.opts.clock();
    for (const [n, e] of this.nonces) if (now - e.issuedAt > this.opts.nonceTtlMs) this.nonces.delete(n);
    // Map iteration is insertion order: drop the oldest beyond the cap.
    for (const n of this.nonces.keys()) {
      if (this.nonces.size < MAX_NONCES) break;
      this.nonces.delete(n);
    }
  }
}

/** `k=v, k="v, with comma"` → record (keys lower-cased). */
export function parseParams(s: string): Record<string, string | undefined> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out[(m[1] ?? "").toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "");
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

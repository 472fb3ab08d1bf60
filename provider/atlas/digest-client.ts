/**
 * HTTP Digest authentication (`atlas-restore-api.md` §6) on top of digest-fetch 3.1.1, adapted
 * by subclassing. digest-fetch is ESM-only: it is `require`d inside the factory (Node >= 20.19
 * loads ESM through require; jest transforms that one package), which also keeps loading this
 * module cheap inside the Pulumi plugin.
 *
 * Never log the options object digest-fetch passes around: it mutates `options.headers` to carry
 * the `Authorization` value. The digest-fetch `logger` option is therefore never set.
 */

/** A fully buffered response: digest-fetch reads only `status` and `headers.get()`. */
export interface BufferedResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface ExchangeInit {
  method: string;
  /** A plain object: digest-fetch adds `Authorization` to it in place. */
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** One HTTP exchange (the transport). Each call is one request on the wire. */
export type ExchangeFn = (url: string, init: ExchangeInit) => Promise<BufferedResponse>;

export interface DigestFetcher {
  /** Send with digest auth: on a 401 challenge (or stale nonce) re-authenticate once. */
  fetch(url: string, init: ExchangeInit): Promise<BufferedResponse>;
}

/** The parts of digest-fetch's DigestClient we use or override. */
interface DigestClientBase {
  digest: { nc: number; algorithm: string; nonce?: string };
  hasAuth: boolean;
  fetch(url: string, options: ExchangeInit): Promise<BufferedResponse>;
  getClient(): Promise<unknown>;
  parseAuth(header: string | null): void;
  addAuth(url: string, options: ExchangeInit): ExchangeInit;
  hashWithAlgorithm(data: string): string;
  makeNonce(): string;
}
type DigestClientClass = new (user: string, password: string, options: object) => DigestClientBase;

/** Challenge `algorithm=` values we honour, mapped to node:crypto hash names. */
const HASHES: Readonly<Record<string, string>> = {
  MD5: "md5",
  "SHA-256": "sha256",
  "SHA-512-256": "sha512-256",
};

/** Canonical algorithm token for a challenge value (`sha-256-sess` → `SHA-256-sess`). */
export function canonicalAlgorithm(raw: string | null | undefined): string | undefined {
  const text = (raw ?? "MD5").replace(/"/g, "").trim();
  const sess = /-sess$/i.test(text);
  const base = text.replace(/-sess$/i, "").toUpperCase();
  return base in HASHES ? `${base}${sess ? "-sess" : ""}` : undefined;
}

export function createDigestFetcher(
  publicKey: string,
  privateKey: string,
  exchange: ExchangeFn,
): DigestFetcher {
  const { DigestClient } = require("digest-fetch") as { DigestClient: DigestClientClass };
  const crypto = require("node:crypto") as typeof import("node:crypto");

  class AtlasDigestClient extends DigestClient {
    private ncCounter = 0;
    private lastNonce: string | undefined;

    // Why: digest-fetch calls the global fetch; ours goes through the undici dispatcher we own.
    override async getClient(): Promise<ExchangeFn> {
      return exchange;
    }

    // Why: digest-fetch takes the algorithm only from its constructor; the challenge decides
    // (Atlas for Government uses SHA-256), and a new nonce restarts nc at 1 (RFC 7616 §3.4).
    override parseAuth(header: string | null): void {
      super.parseAuth(header);
      const match = /algorithm=("[^"]*"|[^,\s]*)/i.exec(header ?? "");
      this.digest.algorithm = canonicalAlgorithm(match?.[1]) ?? "MD5";
      if (this.digest.nonce !== this.lastNonce) {
        this.lastNonce = this.digest.nonce;
        this.ncCounter = 0;
      }
    }

    // Why: node:crypto, keyed on the per-challenge algorithm rather than the constructor's.
    override hashWithAlgorithm(data: string): string {
      const name = HASHES[this.digest.algorithm.replace(/-sess$/, "")] ?? "md5";
      return crypto.createHash(name).update(data).digest("hex");
    }

    // Why: digest.nc is shared and bumped only after a response, so concurrent requests would
    // reuse an nc (a replay the server rejects); claim a fresh one synchronously per request.
    override addAuth(url: string, options: ExchangeInit): ExchangeInit {
      if (this.hasAuth) this.digest.nc = ++this.ncCounter;
      return super.addAuth(url, options);
    }

    // Why: digest-fetch builds the cnonce from Math.random; use a CSPRNG.
    override makeNonce(): string {
      return crypto.randomBytes(16).toString("hex");
    }
  }

  const client = new AtlasDigestClient(publicKey, privateKey, {});
  let challenge: Promise<unknown> | undefined;
  return {
    // Why: until a nonce is known every request draws its own 401 challenge (200 concurrent
    // creates cost 400 requests). One request fetches the challenge; the others wait for it and
    // then reuse the nonce with their own nc. If that request fails, they go on their own.
    async fetch(url, init) {
      while (!client.hasAuth && challenge) await challenge.catch(() => undefined);
      if (client.hasAuth) return client.fetch(url, init);
      const first = client.fetch(url, init);
      challenge = first;
      try {
        return await first;
      } finally {
        if (challenge === first) challenge = undefined;
      }
    },
  };
}

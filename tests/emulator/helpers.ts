/**
 * Test helpers: a tiny HTTP Digest client (RFC 7616, qop=auth) over undici, written here rather
 * than imported from provider/ so the emulator is checked against an independent client.
 */
import { createHash, randomBytes } from "node:crypto";
import { request } from "undici";
import type { Dispatcher } from "undici";
import { startEmulator } from "../../emulator";
import type { Emulator, EmulatorOptions } from "../../emulator";

export { FIXTURE_IDS } from "../../emulator";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON body (undefined when not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

export function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)=(?:"([^"]*)"|([^\s,]*))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) out[(m[1] ?? "").toLowerCase()] = m[2] ?? m[3] ?? "";
  return out;
}

export interface DigestInput {
  method: string;
  uri: string;
  user: string;
  pass: string;
  realm: string;
  nonce: string;
  nc: number;
  cnonce?: string;
  algorithm?: "MD5" | "SHA-256";
  /** Override the computed response (to send a wrong one). */
  response?: string;
}

export function digestAuthorization(d: DigestInput): string {
  const algorithm = d.algorithm ?? "MD5";
  const H = (s: string) => createHash(algorithm === "MD5" ? "md5" : "sha256").update(s).digest("hex");
  const nc = d.nc.toString(16).padStart(8, "0");
  const cnonce = d.cnonce ?? randomBytes(8).toString("hex");
  const ha1 = H(`${d.user}:${d.realm}:${d.pass}`);
  const ha2 = H(`${d.method}:${d.uri}`);
  const response = d.response ?? H(`${ha1}:${d.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${d.user}", realm="${d.realm}", nonce="${d.nonce}", uri="${d.uri}", ` +
    `response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
}

export async function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; dispatcher?: Dispatcher } = {},
): Promise<Reply> {
  const res = await request(url, {
    method: (init.method ?? "GET") as Dispatcher.HttpMethod,
    headers: init.headers,
    body: init.body,
    dispatcher: init.dispatcher,
  });
  const text = await res.body.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, body };
}

/** Like MongoDB's Go transport: every request gets its own challenge, then nc=1 (§6). */
export class DigestTestClient {
  constructor(
    private readonly emu: Pick<Emulator, "baseUrl" | "publicKey" | "privateKey">,
    private readonly opts: { algorithm?: "MD5" | "SHA-256"; dispatcher?: Dispatcher } = {},
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const url = this.emu.baseUrl + path;
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const base = { "content-type": "application/json", accept: "application/json", ...headers };
    const first = await raw(url, { method, headers: base, body: payload, dispatcher: this.opts.dispatcher });
    if (first.status !== 401) return first;
    const challenge = parseChallenge(String(first.headers["www-authenticate"] ?? ""));
    const authorization = digestAuthorization({
      method, uri: path, user: this.emu.publicKey, pass: this.emu.privateKey,
      realm: challenge.realm ?? "", nonce: challenge.nonce ?? "", nc: 1, algorithm: this.opts.algorithm,
    });
    return raw(url, { method, headers: { ...base, authorization }, body: payload, dispatcher: this.opts.dispatcher });
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.call("GET", path, undefined, headers);
  }

  post(path: string, body: unknown): Promise<Reply> {
    return this.call("POST", path, body);
  }
}

export const API = "/api/atlas/v1.0";

export function jobsPath(projectId: string, cluster: string, prefix = API): string {
  return `${prefix}/groups/${projectId}/clusters/${cluster}/restoreJobs`;
}

/** A started emulator plus client, with a movable fake clock. */
export async function setup(options: EmulatorOptions = {}): Promise<{
  emu: Emulator;
  client: DigestTestClient;
  advance: (ms: number) => void;
}> {
  let now = Date.parse("2026-03-01T12:00:00Z");
  const emu = await startEmulator({ clock: () => now, rateLimit: false, ...options });
  return { emu, client: new DigestTestClient(emu, { algorithm: options.digestAlgorithm }), advance: (ms) => (now += ms) };
}

/** Go's url.QueryEscape (what MongoDB's SDK applies to the id and secret before Basic encoding). */
export const queryEscape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, "+");

/** `Authorization: Basic …` of a service account, as MongoDB's SDK sends it. */
export const basicAuthorization = (id: string, secret: string) => `Basic ${Buffer.from(`${queryEscape(id)}:${queryEscape(secret)}`).toString("base64")}`;

/** POST /api/oauth/token with `emu`'s service account (or the given one). */
export function tokenRequest(emu: Pick<Emulator, "baseUrl" | "clientId" | "clientSecret">, o: { id?: string; secret?: string; body?: string } = {}): Promise<Reply> {
  return raw(`${emu.baseUrl}/api/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", authorization: basicAuthorization(o.id ?? emu.clientId, o.secret ?? emu.clientSecret) },
    body: o.body ?? "grant_type=client_credentials",
  });
}

/** A fresh access token of `emu`'s service account, minted outside the code under test. */
export async function mintToken(emu: Pick<Emulator, "baseUrl" | "clientId" | "clientSecret">): Promise<string> {
  const r = await tokenRequest(emu);
  if (r.status !== 200) throw new Error(`token request answered ${r.status}`);
  return r.body.access_token as string;
}

/**
 * Shared pieces of the reliability suites: counting what the emulator saw, capturing the
 * `Authorization` headers it received, and a secret scanner with its own control.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Emulator, RequestLogEntry } from "../../emulator";
import { FIXTURE_IDS } from "../../emulator";
import { ResourceInitError } from "../../local-engine/plugin";

export const IDS = FIXTURE_IDS;
export type Props = Record<string, unknown>;

/** Keys no scan can match by accident: a random UUID-shaped private key, a random public key. */
export function distinctiveKeys(): { publicKey: string; privateKey: string } {
  return { publicKey: `pub${randomBytes(6).toString("hex")}`, privateKey: randomUUID() };
}

/** 24-hex ids that exist nowhere in the fixtures. */
let idCounter = 0;
export function freshId(): string {
  idCounter += 1;
  return `7e${Date.now().toString(16).padStart(12, "0").slice(-12)}${idCounter.toString(16).padStart(10, "0")}`;
}

/** A replica-set cluster fixture with one snapshot, for clusters added at run time. */
export function replicaSetFixture(name: string, snapshotId = freshId()) {
  return {
    name,
    id: freshId(),
    type: "REPLICA_SET" as const,
    snapshots: [{ id: snapshotId, created: "2026-01-01T00:00:00Z", timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } }],
  };
}

/** Adds a project with one replica set per name; returns the project id and each cluster's snapshot. */
export function addProjectWithClusters(emu: Emulator, names: string[], extra: { accessList?: string[] } = {}) {
  const projectId = freshId();
  const snapshots: Record<string, string> = {};
  const clusters = names.map((n) => {
    snapshots[n] = freshId();
    return replicaSetFixture(n, snapshots[n]);
  });
  emu.addProject({ id: projectId, name: `reliability ${projectId}`, clusters, ...extra });
  return { projectId, snapshots };
}

const onPath = (e: RequestLogEntry, clusterName?: string, projectId?: string) =>
  (clusterName === undefined || e.path.includes(`/clusters/${clusterName}/`)) && (projectId === undefined || e.projectId === projectId);

/** Restores the emulator holds for a cluster: distinct batches (a sharded restore is one batch of parts). */
export function restoresAt(emu: Emulator, clusterName?: string, projectId?: string): number {
  return new Set(emu.jobs({ clusterName, projectId }).map((j) => j.batchId ?? j.id)).size;
}

/** Restore POSTs that passed digest auth and reached the emulated API (whatever happened next). */
export function postsSent(emu: Emulator, clusterName?: string, projectId?: string): number {
  return emu.requestLog.filter((e) => e.method === "POST" && e.authenticated && onPath(e, clusterName, projectId)).length;
}

/** Every API request that reached the emulator (digest challenges included). */
export function apiRequests(emu: Emulator): number {
  return emu.requestLog.filter((e) => e.path.startsWith("/api/")).length;
}

/** Polls `predicate` every 50 ms until true (or throws after `limitMs`, a generous safety net). */
export async function until(predicate: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Plain data of an error the engine surfaced: message, and for a partial failure its id and state. */
export function errorText(e: unknown): string {
  if (e instanceof ResourceInitError) return `${e.message}\n${e.id}\n${JSON.stringify(e.properties)}\n${e.reasons.join("\n")}`;
  if (e instanceof Error) return `${e.name}: ${e.message}\n${e.stack ?? ""}\n${JSON.stringify({ ...e })}`;
  return String(e);
}

/** Runs `p`, expecting it to fail; returns the error. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure, but it succeeded");
}

/**
 * Every `Authorization` header any HTTP server in this process received (the emulator runs
 * in-process), through Node's `http.server.request.start` diagnostics channel.
 */
export class AuthorizationCapture {
  readonly values = new Set<string>();
  private readonly onRequest = (message: unknown) => {
    const value = (message as { request: IncomingMessage }).request.headers.authorization;
    if (value) this.values.add(value);
  };

  start(): this {
    subscribe("http.server.request.start", this.onRequest);
    return this;
  }

  stop(): void {
    unsubscribe("http.server.request.start", this.onRequest);
  }

  /** The full header values plus the secret-bearing parts of each (`response=`, `cnonce=`, a Bearer token, a Basic value). */
  needles(): string[] {
    const out = new Set<string>();
    for (const v of this.values) {
      out.add(v);
      const scheme = /^(?:Bearer|Basic)\s+(\S{16,})$/i.exec(v);
      if (scheme) out.add(scheme[1]);
      for (const m of v.matchAll(/\b(?:response|cnonce)="?([^",\s]+)"?/g)) if (m[1].length >= 16) out.add(m[1]);
    }
    return [...out];
  }
}

export interface Finding {
  where: string;
  secret: string;
  form: string;
}

/**
 * The forms a secret could take in text: as is, URL-encoded, JSON-escaped, base64 (e.g. a Basic
 * header or a serialized buffer) and hex.
 */
function formsOf(value: string): [string, string][] {
  const forms: [string, string][] = [
    ["raw", value],
    ["url-encoded", encodeURIComponent(value)],
    ["json-escaped", JSON.stringify(value).slice(1, -1)],
    ["base64", Buffer.from(value).toString("base64").replace(/=+$/, "")],
    ["hex", Buffer.from(value).toString("hex")],
  ];
  return forms.filter(([, v], i) => forms.findIndex(([, w]) => w === v) === i);
}

/** Every place in `corpus` where a secret of `secrets` occurs, in any of its forms. */
export function scanForSecrets(corpus: Map<string, string>, secrets: Record<string, string>): Finding[] {
  const findings: Finding[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    for (const [form, needle] of formsOf(value)) {
      for (const [where, text] of corpus) if (text.includes(needle)) findings.push({ where, secret: name, form });
    }
  }
  return findings;
}

/** Collects everything a user or an operator could see: state, outputs, logs, errors. */
export class Corpus {
  readonly items = new Map<string, string>();
  private n = 0;

  add(where: string, value: unknown): void {
    const text = typeof value === "string" ? value : value instanceof Error ? errorText(value) : JSON.stringify(value);
    this.items.set(`${++this.n} ${where}`, text ?? "");
  }

  get size(): number {
    return this.items.size;
  }

  get bytes(): number {
    let total = 0;
    for (const t of this.items.values()) total += t.length;
    return total;
  }
}

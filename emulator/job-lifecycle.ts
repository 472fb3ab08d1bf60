/**
 * Pure: the state of a restore job at an (emulated) instant, and its wire rendering (§3.3).
 * Nothing is scheduled; every read computes the state from creation time + behaviour, so the
 * lifecycle is cheap, deterministic and driven only by the clock.
 *
 * No source documents the state machine (§3.4); this follows the inference there:
 *   job      IN_PROGRESS ──(jobDurationMs)──▶ FINISHED            (or BROKEN / KILLED)
 *   delivery NOT_STARTED ─(prep/2)─▶ IN_PROGRESS ─(deliveryPrepMs)─▶ READY
 *            READY ─(expires)─▶ EXPIRED;  READY ─(maxDownloads used)─▶ MAX_DOWNLOADS_EXCEEDED
 */
import type { BsonTimestamp, DeliveryStatus, JobStatus, Link, RestoreJob } from "../provider/atlas/models";
import type { RestoreBehaviour, RestoreOutcome } from "./fixture-schema";

/** A stored restore job: what was decided at creation. Mutable only in its download counters. */
export interface JobRecord {
  readonly id: string;
  /** Creation order of the batch (one per POST) and position within it; lists sort by these. */
  readonly batchSeq: number;
  readonly partIndex: number;
  readonly groupId: string;
  readonly clusterName: string;
  /** Replica set restored: the cluster itself, or one shard / the config server. */
  readonly clusterId: string;
  readonly batchId?: string;
  /** Emulated epoch ms. */
  readonly createdAt: number;
  readonly snapshotId?: string;
  readonly pointInTime: boolean;
  readonly encryptionEnabled: boolean;
  readonly masterKeyUUID?: string;
  readonly timestamp: BsonTimestamp;
  readonly methodName: "HTTP" | "AUTOMATED_RESTORE";
  readonly expirationHours?: number;
  readonly maxDownloads?: number;
  readonly target?: { readonly groupId: string; readonly clusterId: string; readonly clusterName: string };
  readonly behaviour: RestoreBehaviour;
  readonly fileName: string;
  readonly token: string;
  /** Completed downloads plus those in flight (reserved so concurrent pulls cannot exceed the limit). */
  downloads: number;
  /** SHA-1 of the served archive, set after the first completed download (§3.3 `hashes`). */
  hash?: string;
}

export interface JobPhase {
  readonly jobStatus: JobStatus;
  readonly deliveryStatus: DeliveryStatus;
  /** Set once an HTTP delivery has been READY (emulated ms). */
  readonly readyAt?: number;
  readonly expiresAt?: number;
}

/** Policy as data: what each failure outcome shows from `failAfterMs` on. */
const FAILURES: Record<Exclude<RestoreOutcome, "FINISHED">, { job: JobStatus; delivery?: DeliveryStatus }> = {
  BROKEN: { job: "BROKEN" }, // delivery stays where it was
  KILLED: { job: "KILLED" },
  DELIVERY_FAILED: { job: "BROKEN", delivery: "FAILED" },
  DELIVERY_INTERRUPTED: { job: "BROKEN", delivery: "INTERRUPTED" },
};

const HOUR_MS = 3_600_000;

export function phaseAt(job: JobRecord, now: number): JobPhase {
  const b = job.behaviour;
  const prep = b.deliveryPrepMs ?? b.jobDurationMs;
  const elapsed = Math.max(0, now - job.createdAt);
  const progress = (t: number): DeliveryStatus => (t >= prep ? "READY" : t >= prep / 2 ? "IN_PROGRESS" : "NOT_STARTED");
  if (b.outcome !== "FINISHED") {
    const failAt = b.failAfterMs ?? b.jobDurationMs / 2;
    const capped = (t: number): DeliveryStatus => (progress(t) === "READY" ? "IN_PROGRESS" : progress(t));
    if (elapsed < failAt) return { jobStatus: "IN_PROGRESS", deliveryStatus: capped(elapsed) };
    const f = FAILURES[b.outcome];
    return { jobStatus: f.job, deliveryStatus: f.delivery ?? capped(failAt) };
  }
  const jobStatus: JobStatus = elapsed >= b.jobDurationMs ? "FINISHED" : "IN_PROGRESS";
  const delivery = progress(elapsed);
  if (delivery !== "READY" || job.methodName !== "HTTP") return { jobStatus, deliveryStatus: delivery };
  const readyAt = job.createdAt + prep;
  // "Number of hours the download URL is valid once the restore job is complete" (§2.1).
  const expiresAt = readyAt + (job.expirationHours ?? 1) * HOUR_MS;
  const status: DeliveryStatus =
    job.downloads >= (job.maxDownloads ?? 1) ? "MAX_DOWNLOADS_EXCEEDED" : now >= expiresAt ? "EXPIRED" : "READY";
  return { jobStatus, deliveryStatus: status, readyAt, expiresAt };
}

/** ISO-8601 UTC with second precision, as Atlas renders dates (§4). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export interface RenderContext {
  /** "http://host:port". */
  readonly origin: string;
  /** "/api/atlas/v1.0" or "/api/public/v1.0". */
  readonly apiPrefix: string;
  /** How the request addressed the cluster (name, or id on /api/public/v1.0). */
  readonly clusterRef: string;
  /** Get-one adds the cluster/snapshot/group rels; list entries carry only `self` (§3.2). */
  readonly detailLinks: boolean;
}

export function downloadUrls(job: JobRecord, origin: string): { url: string; urlV2: string } {
  return {
    url: `${origin}/backup/restore/v2/pull/${job.id}/${job.token}/${job.fileName}`,
    urlV2: `${origin}/backup/restore/v3/pull/${job.id}/${job.fileName}`,
  };
}

export function renderJob(job: JobRecord, now: number, ctx: RenderContext): RestoreJob {
  const phase = phaseAt(job, now);
  const clusterHref = `${ctx.origin}${ctx.apiPrefix}/groups/${job.groupId}/clusters/${ctx.clusterRef}`;
  const links: Link[] = [{ href: `${clusterHref}/restoreJobs/${job.id}`, rel: "self" }];
  if (ctx.detailLinks) {
    links.push({ href: clusterHref, rel: "http://mms.mongodb.com/cluster" });
    if (job.snapshotId) links.push({ href: `${clusterHref}/snapshots/${job.snapshotId}`, rel: "http://mms.mongodb.com/snapshot" });
    // §3.2: the group rel points at /api/public/v1.0 even on the Atlas API.
    links.push({ href: `${ctx.origin}/api/public/v1.0/groups/${job.groupId}`, rel: "http://mms.mongodb.com/group" });
  }
  const delivery: RestoreJob["delivery"] = { methodName: "HTTP", statusName: phase.deliveryStatus };
  if (job.methodName === "HTTP") {
    delivery.expirationHours = job.expirationHours;
    delivery.maxDownloads = job.maxDownloads;
    if (phase.readyAt !== undefined && phase.expiresAt !== undefined) {
      Object.assign(delivery, downloadUrls(job, ctx.origin), {
        authHeader: "Authorization",
        authValue: `Bearer ${job.token}`,
        expires: isoSeconds(phase.expiresAt),
      });
    }
  } else if (job.target) {
    delivery.targetGroupId = job.target.groupId;
    delivery.targetClusterId = job.target.clusterId;
    delivery.targetClusterName = job.target.clusterName;
  }
  const out: RestoreJob = {
    id: job.id,
    groupId: job.groupId,
    clusterId: job.clusterId,
    clusterName: job.clusterName,
    ...(job.batchId ? { batchId: job.batchId } : {}),
    created: isoSeconds(job.createdAt),
    ...(job.snapshotId ? { snapshotId: job.snapshotId } : {}),
    pointInTime: job.pointInTime,
    encryptionEnabled: job.encryptionEnabled,
    ...(job.masterKeyUUID ? { masterKeyUUID: job.masterKeyUUID } : {}),
    statusName: phase.jobStatus,
    timestamp: { ...job.timestamp },
    delivery,
    links,
  };
  if (job.hash) out.hashes = [{ typeName: "SHA1", fileName: job.fileName, hash: job.hash }];
  return out;
}

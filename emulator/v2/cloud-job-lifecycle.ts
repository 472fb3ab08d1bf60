/**
 * Pure: the state of a Cloud Backup (v2) restore job at an emulated instant, and its wire shape
 * (atlas-v2-and-auth.md §1.4). Like the legacy lifecycle, nothing is scheduled: every read
 * derives the flags from creation time + the cluster's RestoreBehaviour at creation.
 *
 *   download   URL appears at deliveryPrepMs (default jobDurationMs), no finishedAt (REC);
 *              expiresAt = URL ready + 1 h (REC); expired once past it
 *   automated  finishedAt at jobDurationMs; deliveryUrl stays [] (REC)
 *   pointInTime as automated
 *   failure    outcome other than FINISHED: failed = true from failAfterMs (default half the duration)
 *   cancel     DELETE sets cancelledAt: cancelled = true, no URL from then on
 */
import type { RestoreBehaviour } from "../fixture-schema";
import { isoSeconds } from "../job-lifecycle";

export const CLOUD_DELIVERY_TYPES = ["download", "automated", "pointInTime"] as const;
export type CloudDeliveryType = (typeof CLOUD_DELIVERY_TYPES)[number];

/** REC: a download link stays valid about one hour after it appears. */
export const DOWNLOAD_LINK_TTL_MS = 60 * 60 * 1000;

export interface CloudJobRecord {
  readonly id: string;
  readonly groupId: string;
  readonly clusterName: string;
  /** Emulated epoch ms. */
  readonly createdAt: number;
  readonly deliveryType: CloudDeliveryType;
  readonly snapshotId?: string;
  /** `createdAt` of the snapshot restored (the job's `timestamp`). */
  readonly snapshotTime?: string;
  readonly pointInTimeUTCSeconds?: number;
  readonly oplogTs?: number;
  readonly oplogInc?: number;
  readonly target?: { readonly groupId: string; readonly clusterName: string; readonly deploymentItemName: string };
  /** Sharded source: shard and config-server replica set names, in layout order. */
  readonly components: readonly string[];
  readonly privateEndpointId?: string;
  readonly behaviour: RestoreBehaviour;
  readonly token: string;
  /** Emulated ms of a successful DELETE. */
  cancelledAt?: number;
}

export interface CloudJobPhase {
  readonly cancelled: boolean;
  readonly failed: boolean;
  readonly expired: boolean;
  /** Download: when the URL appeared. */
  readonly readyAt?: number;
  readonly expiresAt?: number;
  /** Automated / PIT. */
  readonly finishedAt?: number;
}

export function cloudPhaseAt(job: CloudJobRecord, now: number): CloudJobPhase {
  const b = job.behaviour;
  const failAt = job.createdAt + (b.failAfterMs ?? b.jobDurationMs / 2);
  const failed = b.outcome !== "FINISHED" && now >= failAt && !(job.cancelledAt !== undefined && job.cancelledAt < failAt);
  const cancelled = job.cancelledAt !== undefined && !failed;
  if (failed || cancelled) return { cancelled, failed, expired: false };
  if (job.deliveryType === "download") {
    const readyAt = job.createdAt + (b.deliveryPrepMs ?? b.jobDurationMs);
    if (now < readyAt) return { cancelled, failed, expired: false };
    const expiresAt = readyAt + DOWNLOAD_LINK_TTL_MS;
    return { cancelled, failed, expired: now >= expiresAt, readyAt, expiresAt };
  }
  const finishedAt = job.createdAt + b.jobDurationMs;
  return { cancelled, failed, expired: false, ...(now >= finishedAt ? { finishedAt } : {}) };
}

/** Still holding a download slot (the 20-per-project and one-per-snapshot limits). */
export function isActiveDownload(job: CloudJobRecord, now: number): boolean {
  const p = cloudPhaseAt(job, now);
  return job.deliveryType === "download" && !p.cancelled && !p.failed && !p.expired;
}

/** An automated / PIT restore still writing to its target (a second one gets 409). */
export function isRestoringTarget(job: CloudJobRecord, now: number): boolean {
  const p = cloudPhaseAt(job, now);
  return job.deliveryType !== "download" && !p.cancelled && !p.failed && p.finishedAt === undefined;
}

export interface CloudRenderContext {
  readonly origin: string;
  readonly apiPrefix: string;
}

export function downloadFile(job: CloudJobRecord, component?: string): string {
  return `restore-${job.snapshotId ?? job.id}${component ? `-${component}` : ""}.tar.gz`;
}

function downloadUrl(job: CloudJobRecord, origin: string, component?: string): string {
  return `${origin}/backup/restore/cloud/${job.id}/${job.token}/${downloadFile(job, component)}`;
}

function privateUrls(job: CloudJobRecord, origin: string, component?: string): { deliveryUrl: string; endpointId: string }[] {
  if (!job.privateEndpointId) return [];
  const url = downloadUrl(job, origin, component).replace(/^http:\/\//, "http://private.");
  return [{ deliveryUrl: url, endpointId: job.privateEndpointId }];
}

/**
 * The wire job. Follows REC where it differs from the schema: `desiredTimestamp` carries a
 * `time` key and is all-null for non-PIT jobs; automated jobs carry the undocumented
 * `targetDeploymentItemName`; there is no `createdAt`.
 */
export function renderCloudJob(job: CloudJobRecord, now: number, ctx: CloudRenderContext): Record<string, unknown> {
  const p = cloudPhaseAt(job, now);
  const ready = p.readyAt !== undefined && !p.expired;
  const clusterHref = `${ctx.origin}${ctx.apiPrefix}/groups/${job.groupId}/clusters/${job.clusterName}`;
  const pit = job.deliveryType === "pointInTime";
  const pitSeconds = job.pointInTimeUTCSeconds ?? job.oplogTs;
  const out: Record<string, unknown> = {
    cancelled: p.cancelled,
    deliveryType: job.deliveryType,
    // "One or more URLs … for manual download" (SPEC): a sharded download lists its components' too
    // (inference; the Atlas CLI's `restores watch` waits for a non-empty deliveryUrl on every download).
    deliveryUrl: !ready || job.deliveryType !== "download" ? [] : job.components.length === 0 ? [downloadUrl(job, ctx.origin)] : job.components.map((c) => downloadUrl(job, ctx.origin, c)),
    desiredTimestamp: pit && pitSeconds !== undefined
      ? { date: isoSeconds(pitSeconds * 1000), increment: job.oplogInc ?? null, time: pitSeconds }
      : { increment: null, time: null, date: null },
    expired: p.expired,
    failed: p.failed,
    id: job.id,
    links: [
      { href: `${clusterHref}/backup/restoreJobs/${job.id}`, rel: "self" },
      ...(job.snapshotId ? [{ href: `${clusterHref}/backup/snapshots/${job.snapshotId}`, rel: "https://cloud.mongodb.com/snapshot" }] : []),
      { href: clusterHref, rel: "https://cloud.mongodb.com/cluster" },
      { href: `${ctx.origin}${ctx.apiPrefix}/groups/${job.groupId}`, rel: "https://cloud.mongodb.com/group" },
    ],
  };
  if (job.snapshotId) out.snapshotId = job.snapshotId;
  if (job.snapshotTime) out.timestamp = job.snapshotTime;
  if (p.expiresAt !== undefined) out.expiresAt = isoSeconds(p.expiresAt);
  if (p.finishedAt !== undefined) out.finishedAt = isoSeconds(p.finishedAt);
  if (job.target) {
    out.targetClusterName = job.target.clusterName;
    out.targetGroupId = job.target.groupId;
    out.targetDeploymentItemName = job.target.deploymentItemName;
  }
  if (job.pointInTimeUTCSeconds !== undefined) out.pointInTimeUTCSeconds = job.pointInTimeUTCSeconds;
  if (job.oplogTs !== undefined) out.oplogTs = job.oplogTs;
  if (job.oplogInc !== undefined) out.oplogInc = job.oplogInc;
  if (job.components.length > 0) {
    out.components = job.components.map((name) => ({
      replicaSetName: name,
      ...(ready && job.deliveryType === "download" ? { downloadUrl: downloadUrl(job, ctx.origin, name) } : {}),
      privateDownloadDeliveryUrls: ready ? privateUrls(job, ctx.origin, name) : [],
    }));
  }
  if (ready && job.components.length === 0 && job.privateEndpointId) out.privateDownloadDeliveryUrls = privateUrls(job, ctx.origin);
  return out;
}

import type { DeliveryMethod, RestoreHash, RestoreJob } from "../atlas/models";
import { batchStatus, type RestoreStatus } from "./status";
import { wrapSecret } from "../restore-core/wire-secrets";

/** One part of a restore as exposed in the `jobs` output. URL and auth fields are secrets. */
export interface RestoreJobPart {
  id: string;
  clusterId?: string;
  clusterName?: string;
  statusName: string;
  snapshotId?: string;
  created: string;
  timestamp?: { date: string; increment: number };
  delivery: {
    methodName: string;
    statusName: string;
    url?: string;
    urlV2?: string;
    authHeader?: string;
    authValue?: string;
    expires?: string;
    expirationHours?: number;
    maxDownloads?: number;
    targetGroupId?: string;
    targetClusterName?: string;
    targetClusterId?: string;
  };
  hashes?: RestoreHash[];
}

export type { RestorePartTiming } from "../restore-core/timing";

/** Computed outputs of a RestoreJob (besides the inputs, which are kept in state too). */
export interface RestoreJobOutputs {
  batchId?: string;
  jobIds: string[];
  jobs: RestoreJobPart[];
  deliveryUrls: string[];
  status: RestoreStatus;
  /** Per-part status lines, e.g. `5a69…add FINISHED/READY (READY)`. */
  statusDetail: string[];
  createdAt?: string;
  expiresAt?: string;
}

/** Paths inside the outputs that must be stored as secrets. */
export const SECRET_OUTPUT_PATHS = {
  topLevel: ["deliveryUrls"],
  perJobDelivery: ["url", "urlV2", "authValue"],
} as const;

export function toOutputs(jobs: RestoreJob[], method: DeliveryMethod): RestoreJobOutputs {
  const s = batchStatus(jobs, method);
  const expiries = jobs.map((j) => j.delivery?.expires).filter((e): e is string => !!e).sort();
  const created = jobs.map((j) => j.created).filter(Boolean).sort();
  return omitUndefined({
    batchId: jobs.find((j) => j.batchId)?.batchId,
    jobIds: jobs.map((j) => j.id),
    jobs: jobs.map(toPart),
    // `url` carries its verification key, so a runbook can fetch it as is; `urlV2` (with
    // authHeader/authValue, in `jobs`) is the fallback where Atlas gives only that.
    deliveryUrls: jobs.map((j) => j.delivery?.url ?? j.delivery?.urlV2).filter((u): u is string => !!u),
    status: s.status,
    statusDetail: s.parts,
    createdAt: created[0],
    // The batch is only fully downloadable until its earliest link expires.
    expiresAt: expiries[0],
  });
}

function toPart(j: RestoreJob): RestoreJobPart {
  const d = j.delivery ?? { methodName: "HTTP", statusName: "NOT_STARTED" };
  return omitUndefined({
    id: j.id,
    clusterId: j.clusterId,
    clusterName: j.clusterName,
    statusName: j.statusName,
    snapshotId: j.snapshotId,
    created: j.created,
    timestamp: j.timestamp,
    delivery: omitUndefined({
      methodName: d.methodName,
      statusName: d.statusName,
      url: d.url,
      urlV2: d.urlV2,
      authHeader: d.authHeader,
      authValue: d.authValue,
      expires: d.expires,
      expirationHours: d.expirationHours,
      maxDownloads: d.maxDownloads,
      targetGroupId: d.targetGroupId,
      targetClusterName: d.targetClusterName,
      targetClusterId: d.targetClusterId,
    }),
    hashes: j.hashes,
  });
}

/** Pulumi state cannot hold `undefined`; leave such keys out. */
function omitUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The outputs with delivery URLs and download auth values wrapped as secrets. Nested wrapping
 * keeps statuses in `jobs` readable.
 */
export function markSecrets(outputs: RestoreJobOutputs): Record<string, unknown> {
  const result: Record<string, unknown> = { ...outputs };
  for (const key of SECRET_OUTPUT_PATHS.topLevel) result[key] = wrapSecret(result[key]);
  result.jobs = outputs.jobs.map((job) => {
    const delivery: Record<string, unknown> = { ...job.delivery };
    for (const key of SECRET_OUTPUT_PATHS.perJobDelivery) if (delivery[key] !== undefined) delivery[key] = wrapSecret(delivery[key]);
    return { ...job, delivery };
  });
  return result;
}

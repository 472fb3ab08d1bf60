import type { Emulator } from "../../emulator";
import { FIXTURE_IDS } from "../../emulator";

export const IDS = FIXTURE_IDS;

/** Restore POSTs the emulator acted on: answered 200, or committed with the answer dropped. */
export function acceptedPosts(emulator: Emulator): number {
  return emulator.requestLog.filter((e) => e.method === "POST" && e.authenticated && (e.status === 200 || e.fault === "dropNextResponse")).length;
}

/** Every API request that reached the emulator (challenges included). */
export function apiRequests(emulator: Emulator): number {
  return emulator.requestLog.filter((e) => e.path.startsWith("/api/")).length;
}

export const httpSeed = (providerText: string, extra: Record<string, unknown> = {}) => ({
  __provider: providerText,
  projectId: IDS.projectId,
  clusterName: IDS.cluster0.name,
  snapshotId: IDS.cluster0.snapshotId,
  delivery: { methodName: "HTTP", expirationHours: 2, maxDownloads: 3 },
  ...extra,
});

export const automatedReplicaSet = (providerText: string, extra: Record<string, unknown> = {}) => ({
  __provider: providerText,
  projectId: IDS.projectId,
  clusterName: IDS.replicaSet0.name,
  snapshotId: IDS.replicaSet0.snapshotId,
  delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: IDS.drProjectId, targetClusterName: IDS.drReplicaSet0.name },
  ...extra,
});

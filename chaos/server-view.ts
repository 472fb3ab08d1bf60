/**
 * What the conformance scenarios and the chaos campaign count at the emulator, for both APIs: the
 * creates a cluster got, the restores it holds, the ones cancelled; and another client of the
 * same project starting a restore. Counted at the server, so nothing the provider says about
 * itself is taken on trust.
 */
import { AtlasClient, CloudBackupClient } from "../provider/atlas";
import type { Emulator } from "../emulator";
import type { Api, SourceCluster, TargetCluster } from "./world";

const onCluster = (path: string, name: string) => new RegExp(`/clusters/${name}/(backup/)?restoreJobs$`).test(path);

/** Create requests that reached the API for the cluster (acted on or not). */
export function creates(emu: Emulator, source: SourceCluster): number {
  return emu.requestLog.filter((e) => e.method === "POST" && e.authenticated && onCluster(e.path, source.name)).length;
}

/** The restores the server holds for the cluster (a legacy batch counts once). */
export function restores(emu: Emulator, api: Api, source: SourceCluster): { id: string; cancelled: boolean }[] {
  if (api === "legacy") {
    const ids = new Set(emu.jobs({ clusterName: source.name, projectId: source.projectId }).map((j) => j.batchId ?? j.id));
    return [...ids].map((id) => ({ id, cancelled: false }));
  }
  return emu.cloudJobs({ clusterName: source.name, projectId: source.projectId }).map((j) => ({ id: String(j.id), cancelled: j.cancelled === true }));
}

/** The create path the fault rules match: the cluster's restore-job list (POST to create, GET to list). */
export const createPath = (source: SourceCluster) => new RegExp(`/clusters/${source.name}/(backup/)?restoreJobs$`);

/** Another client of the same project (not the provider): starts a restore the stack knows nothing of. */
export async function someoneElsesRestore(emu: Emulator, api: Api, source: SourceCluster, target?: TargetCluster): Promise<string> {
  if (api === "legacy") {
    const client = new AtlasClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey });
    try {
      const delivery = target ? { methodName: "AUTOMATED_RESTORE" as const, targetGroupId: target.projectId, targetClusterName: target.name } : { methodName: "HTTP" as const, maxDownloads: 3, expirationHours: 2 };
      const jobs = await client.createRestoreJobs(source.projectId, source.name, { delivery, snapshotId: source.snapshotId });
      return jobs[0].batchId ?? jobs[0].id;
    } finally {
      await client.close();
    }
  }
  const client = new CloudBackupClient({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey, warn: () => undefined });
  try {
    const job = await client.createRestoreJob(
      source.projectId,
      source.name,
      target ? { deliveryType: "automated", snapshotId: source.snapshotId, targetGroupId: target.projectId, targetClusterName: target.name } : { deliveryType: "download", snapshotId: source.snapshotId },
    );
    return job.id;
  } finally {
    await client.close();
  }
}

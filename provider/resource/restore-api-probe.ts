import * as pulumi from "@pulumi/pulumi";
import { CloudBackupClient, isAtlasApiError, isAtlasConfigError } from "../atlas";
import type { ResolvedApi } from "../dr-plan/child-inputs";
import { chooseCredential } from "./credentials";
import { clientOptionsFrom, configurationError, readSettings } from "./settings";

/**
 * How `api: "auto"` is decided: one read-only GET of the source cluster's Cloud Backup snapshot
 * list (Admin API v2), in the program process, with the stack's provider settings. 200 means
 * the cluster uses Cloud Backup; 400 `INCORRECT_BACKUP_API_ENDPOINT` (what Atlas answers on a
 * Cloud Backup path for a legacy-backup cluster) means legacy restore jobs; a Cloud Manager /
 * Ops Manager base URL means legacy without any request. Anything else is an error asking for
 * an explicit `api`. It runs in preview too (one GET per auto entry; never a POST).
 */
export async function probeRestoreApis(clusters: readonly { projectId: string; clusterName: string }[]): Promise<ResolvedApi[]> {
  if (clusters.length === 0) return [];
  const all = readSettings((key) => pulumi.runtime.getConfig(key));
  const credential = chooseCredential(all);
  let client: CloudBackupClient;
  try {
    client = new CloudBackupClient({ ...clientOptionsFrom({ ...all, ...credential.settings }), warn: () => undefined });
  } catch (e) {
    // Only Atlas has Cloud Backup: a Cloud/Ops Manager server serves legacy restore jobs.
    if (isAtlasConfigError(e) && e.option === "baseUrl" && /Cloud Manager \/ Ops Manager/.test(e.message)) return clusters.map(() => "legacy");
    throw isAtlasConfigError(e) ? configurationError(e) : e;
  }
  try {
    return await Promise.all(clusters.map((c) => probeOne(client, c)));
  } finally {
    await client.close();
  }
}

async function probeOne(client: CloudBackupClient, c: { projectId: string; clusterName: string }): Promise<ResolvedApi> {
  try {
    await client.listSnapshots(c.projectId, c.clusterName);
    return "cloudBackup";
  } catch (e) {
    if (isAtlasApiError(e) && e.status === 400 && e.errorCode === "INCORRECT_BACKUP_API_ENDPOINT") return "legacy";
    throw new Error(
      `api "auto": could not tell which restore API cluster ${c.clusterName} (project ${c.projectId}) uses (${(e as Error).message}). ` +
        'No restore was started. Set the entry\'s api to "cloudBackup" or "legacy".',
    );
  }
}

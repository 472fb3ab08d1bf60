import { AtlasClient, CloudBackupClient, type CloudBackupClientOptions } from "../atlas";
import { clientOptionsFrom, readSettings } from "./settings";

export interface ListSnapshotsOptions extends Partial<CloudBackupClientOptions> {
  projectId: string;
  clusterName: string;
  /**
   * `"cloud"`: a Cloud Backup cluster (Admin API v2; use with CloudBackupRestoreJob).
   * `"legacy"`: a legacy-backup cluster, Cloud Manager or Ops Manager (use with RestoreJob).
   * @default "cloud"
   */
  backup?: "cloud" | "legacy";
}

/** One Cloud Backup snapshot, as a program choosing a restore point needs it. */
export interface SnapshotSummary {
  id: string;
  /** Absent while the snapshot is queued or in progress. */
  createdAt?: string;
  /** queued | inProgress | completed | failed */
  status?: string;
  /** scheduled | onDemand | fallback */
  snapshotType?: string;
  frequencyType?: string;
  /** A fallback snapshot "may contain inconsistent data" and is a last resort. */
  fallback: boolean;
}

/**
 * Lists a cluster's snapshots (Cloud Backup by default, or legacy backup), newest first, for programs that want
 * to choose the restore point themselves. Credentials and base URL default to the provider's
 * settings (`MONGODB_ATLAS_PUBLIC_KEY`, `MONGODB_ATLAS_PRIVATE_KEY`, `MONGODB_ATLAS_BASE_URL`).
 *
 * **Pin what you choose.** Passing "the newest snapshot right now" as `snapshotId` changes the
 * input whenever Atlas takes a snapshot, which replaces the resource and restores again on the
 * next `pulumi up` (terraform-provider-mongodbatlas #2804). Either record the chosen id (stack
 * config, code), or use the resource's `snapshot: { latest: true }` selector, which is resolved
 * once at create and never again.
 *
 */
export async function listSnapshots(o: ListSnapshotsOptions): Promise<SnapshotSummary[]> {
  const { projectId, clusterName, backup = "cloud", ...clientOptions } = o;
  const defaults = clientOptions.publicKey && clientOptions.privateKey ? {} : clientOptionsFrom(readSettings(() => undefined));
  const options = { ...defaults, ...clientOptions } as CloudBackupClientOptions;
  const summaries = backup === "legacy" ? await legacySnapshots(options, projectId, clusterName) : await cloudSnapshots(options, projectId, clusterName);
  return summaries.sort((a, b) => (Date.parse(b.createdAt ?? "") || Infinity) - (Date.parse(a.createdAt ?? "") || Infinity));
}

async function cloudSnapshots(options: CloudBackupClientOptions, projectId: string, clusterName: string): Promise<SnapshotSummary[]> {
  const client = new CloudBackupClient(options);
  try {
    return (await client.listSnapshots(projectId, clusterName)).map((s) => ({
      id: s.id,
      ...(s.createdAt ? { createdAt: s.createdAt } : {}),
      ...(s.status ? { status: s.status } : {}),
      ...(s.snapshotType ? { snapshotType: s.snapshotType } : {}),
      ...(s.frequencyType ? { frequencyType: s.frequencyType } : {}),
      fallback: s.snapshotType === "fallback",
    }));
  } finally {
    await client.close();
  }
}

/** Legacy snapshots have no status or type: complete ones are "completed". */
async function legacySnapshots(options: CloudBackupClientOptions, projectId: string, clusterName: string): Promise<SnapshotSummary[]> {
  const client = new AtlasClient(options);
  try {
    return (await client.listSnapshots(projectId, clusterName)).map((s) => ({
      id: s.id,
      ...(s.created?.date ? { createdAt: s.created.date } : {}),
      status: s.complete === false ? "inProgress" : "completed",
      fallback: false,
    }));
  } finally {
    await client.close();
  }
}

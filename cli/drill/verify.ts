/**
 * `verify: "download"` entries of one finished stack: each READY download restore's archives
 * streamed and checked (drill/verify-download.ts), from this process with the drill's own
 * credentials. The clients read the jobs (and their delivery links) into memory only; nothing
 * here prints or returns a URL.
 */
import { verifyCloudBackupDownload, verifyLegacyDownload } from "../../drill/verify-download";
import type { DrillVerification } from "../../drill/report/model";
import { AtlasClient, CloudBackupClient } from "../../provider/atlas";
import type { DisasterRecoveryPlanArgs } from "../../provider/dr-plan/plan-args";
import { clientOptionsFrom, type ProviderSettings } from "../../provider/resource/settings";
import type { StateResource } from "./stack-run";

/** Statuses whose download links are usable (legacy, Cloud Backup). */
const READY = new Set(["READY", "COMPLETED"]);

export interface VerifyStackOptions {
  readonly planName: string;
  readonly args: DisasterRecoveryPlanArgs;
  readonly resources: readonly StateResource[];
  /**
   * Entries reused from an earlier run, with its id: not verified again (each verification uses
   * one of a legacy link's `maxDownloads`), a note says so instead.
   */
  readonly reused: ReadonlyMap<string, string | undefined>;
  /** The drill's provider settings (one credential chosen). */
  readonly settings: ProviderSettings;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface StackVerifications {
  /** Verifications by entry key, for the entries that ask for one and whose restore is ready. */
  readonly results: Record<string, DrillVerification[]>;
  /** What each verification used of the links, or why none ran, by entry key. */
  readonly notes: Record<string, string[]>;
}

export async function verifyStackDownloads(o: VerifyStackOptions): Promise<StackVerifications> {
  const wanted = Object.entries(o.args.entries).filter(([, e]) => e.verify === "download" && e.delivery.type === "download");
  const results: Record<string, DrillVerification[]> = {};
  const notes: Record<string, string[]> = {};
  const toVerify = wanted.filter(([key]) => {
    if (!o.reused.has(key)) return true;
    const run = o.reused.get(key);
    notes[key] = [
      `download verification not repeated: the restore is reused from ${run ? `run ${run}` : "an earlier run"}, whose report holds its verification; verifying again would use up another of its links' downloads`,
    ];
    return false;
  });
  if (toVerify.length === 0) return { results, notes };
  const options = clientOptionsFrom(o.settings);
  const legacy = new AtlasClient(options);
  const cloud = new CloudBackupClient({ ...options, warn: () => undefined });
  try {
    for (const [key, entry] of toVerify) {
      const child = o.resources.find((r) => r.urn.endsWith(`::${o.planName}-${key}`) && /dynamic\/atlas:/.test(r.type));
      if (!child || !READY.has(String(child.outputs?.status))) continue;
      const { projectId, clusterName } = entry.source;
      const log = (line: string) => o.log(`${key}: ${line}`);
      const cloudBackup = child.type.endsWith(":CloudBackupRestoreJob");
      results[key] = cloudBackup
        ? await verifyCloudBackupDownload(cloud, { projectId, clusterName, jobId: String(child.outputs?.jobId) }, { log, signal: o.signal })
        : await verifyLegacyDownload(legacy, { projectId, clusterName, jobIds: (child.outputs?.jobIds as string[] | undefined) ?? [] }, { log, signal: o.signal });
      notes[key] = [downloadsUsed(cloudBackup, entry.delivery.type === "download" ? entry.delivery.maxDownloads : undefined)];
    }
  } finally {
    await Promise.all([legacy.close(), cloud.close()]);
  }
  return { results, notes };
}

/** What one verification takes from the links: said in the report, so no download is used silently. */
function downloadsUsed(cloudBackup: boolean, maxDownloads: number | undefined): string {
  if (cloudBackup) return "download verification downloaded each archive once (Cloud Backup counts no downloads; its links expire with the job)";
  const left = maxDownloads === undefined ? "" : maxDownloads > 1 ? `; ${maxDownloads - 1} left for you` : "; none left for you: set a larger maxDownloads to keep one";
  return `download verification used 1 of each link's ${maxDownloads ?? "allowed"} downloads (maxDownloads)${left}`;
}

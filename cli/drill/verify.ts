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
  /** The drill's provider settings (one credential chosen). */
  readonly settings: ProviderSettings;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Verifications by entry key, for the entries that ask for one and whose restore is ready. */
export async function verifyStackDownloads(o: VerifyStackOptions): Promise<Record<string, DrillVerification[]>> {
  const wanted = Object.entries(o.args.entries).filter(([, e]) => e.verify === "download" && e.delivery.type === "download");
  if (wanted.length === 0) return {};
  const options = clientOptionsFrom(o.settings);
  const legacy = new AtlasClient(options);
  const cloud = new CloudBackupClient({ ...options, warn: () => undefined });
  const out: Record<string, DrillVerification[]> = {};
  try {
    for (const [key, entry] of wanted) {
      const child = o.resources.find((r) => r.urn.endsWith(`::${o.planName}-${key}`) && /dynamic\/atlas:/.test(r.type));
      if (!child || !READY.has(String(child.outputs?.status))) continue;
      const { projectId, clusterName } = entry.source;
      const log = (line: string) => o.log(`${key}: ${line}`);
      out[key] = child.type.endsWith(":CloudBackupRestoreJob")
        ? await verifyCloudBackupDownload(cloud, { projectId, clusterName, jobId: String(child.outputs?.jobId) }, { log, signal: o.signal })
        : await verifyLegacyDownload(legacy, { projectId, clusterName, jobIds: (child.outputs?.jobIds as string[] | undefined) ?? [] }, { log, signal: o.signal });
    }
  } finally {
    await Promise.all([legacy.close(), cloud.close()]);
  }
  return out;
}

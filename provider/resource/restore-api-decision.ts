import * as pulumi from "@pulumi/pulumi";
import { isAtlasApiError, type CloudBackupClient } from "../atlas";
import type { ResolvedApi } from "../dr-plan/child-inputs";
import { sameValue } from "../restore-core/same-value";
import { unwrapSecrets } from "../restore-core/wire-secrets";
import { restoreApiDecisionProvider } from "./provider-shim";

/**
 * `api: "auto"` as a decision taken once and pinned in state, like a snapshot selector's pick.
 * One RestoreApiDecision per auto entry of a DisasterRecoveryPlan: its check asks the server which
 * restore API the source cluster uses (one read-only GET of its Cloud Backup snapshot list; a
 * Cloud/Ops Manager base URL means legacy with no request) the first time, and from then on
 * returns the stored answer without a request. Only a changed source, restore point or trigger
 * decides again (a replacement). So a cluster moved from legacy backup to Cloud Backup between
 * two runs of an unchanged plan keeps its child's resource type: the engine never creates a
 * restore of the other type and deletes the old one (a second restore into the same target).
 * Deciding in check makes the answer visible in `pulumi preview` too, and a failed probe a
 * check failure naming the cause, with no restore request.
 */
export interface RestoreApiDecisionArgs {
  projectId: string;
  clusterName: string;
  /** What else re-decides when it changes: the entry's restore point and trigger, as text. */
  basis: string;
}

/** The inputs a decision is taken for; a change of any of them is a new decision. */
const DECISION_KEYS = ["projectId", "clusterName", "basis"] as const;

/**
 * The restore API of a DisasterRecoveryPlan entry with `api: "auto"`, asked once (a read-only
 * GET, never a restore) and pinned in state; the plan declares one per such entry. See
 * RestoreApiDecisionArgs for why it is a resource.
 */
export class RestoreApiDecision extends pulumi.dynamic.Resource {
  /** The restore API the source cluster used when the decision was taken. */
  declare readonly api: pulumi.Output<ResolvedApi>;

  constructor(name: string, args: RestoreApiDecisionArgs, opts?: pulumi.CustomResourceOptions) {
    super(restoreApiDecisionProvider, name, { ...args, api: undefined }, opts, "atlas", "RestoreApiDecision");
  }
}

type Props = Record<string, unknown>;

/** The probe's answer, as data: the status and code a GET of the Cloud Backup snapshot list got. */
function apiOf(e: unknown): ResolvedApi | undefined {
  // What Atlas answers on a Cloud Backup path for a legacy-backup cluster (atlas-v2-and-auth.md).
  return isAtlasApiError(e) && e.status === 400 && e.errorCode === "INCORRECT_BACKUP_API_ENDPOINT" ? "legacy" : undefined;
}

function probeFailure(c: { projectId: string; clusterName: string }, e: unknown): string {
  const message = (e as Error).message;
  if (isAtlasApiError(e) && (e.status === 401 || e.status === 403)) {
    return `api "auto": Atlas refused the provider's credentials when asked which restore API cluster ${c.clusterName} (project ${c.projectId}) uses: ${message} This is an authentication error, not a question of the entry's api; fix the credentials. No restore was started.`;
  }
  return (
    `api "auto": could not tell which restore API cluster ${c.clusterName} (project ${c.projectId}) uses (${message}). No restore was started. ` +
    'If the cluster exists and the server is reachable, set the entry\'s api to "cloudBackup" or "legacy".'
  );
}

/** The decision's provider operations, over the plugin's shared clients. */
export function restoreApiDecisionImpl(cloudClient: () => CloudBackupClient) {
  async function decide(c: { projectId: string; clusterName: string }): Promise<ResolvedApi> {
    let client: CloudBackupClient;
    try {
      client = cloudClient();
    } catch (e) {
      // Only Atlas has Cloud Backup: a Cloud/Ops Manager server serves legacy restore jobs.
      if (/Cloud Manager \/ Ops Manager/.test((e as Error).message)) return "legacy";
      throw e;
    }
    try {
      await client.listSnapshots(c.projectId, c.clusterName);
      return "cloudBackup";
    } catch (e) {
      const api = apiOf(e);
      if (api) return api;
      throw new Error(probeFailure(c, e));
    }
  }

  return {
    async check(rawOlds: Props, rawNews: Props) {
      const olds = unwrapSecrets(rawOlds ?? {});
      const news = unwrapSecrets(rawNews);
      const inputs: Props = Object.fromEntries(DECISION_KEYS.map((k) => [k, news[k]]).filter(([, v]) => v !== undefined));
      if (typeof inputs.projectId !== "string" || typeof inputs.clusterName !== "string") {
        return { inputs, failures: [{ property: "projectId", reason: "a restore API decision needs the source cluster's projectId and clusterName" }] };
      }
      const pinned = (olds.api === "legacy" || olds.api === "cloudBackup") && DECISION_KEYS.every((k) => sameValue(olds[k], news[k]));
      if (pinned) return { inputs: { ...inputs, api: olds.api }, failures: [] };
      try {
        return { inputs: { ...inputs, api: await decide(inputs as { projectId: string; clusterName: string }) }, failures: [] };
      } catch (e) {
        return { inputs, failures: [{ property: "api", reason: (e as Error).message }] };
      }
    },
    async diff(_id: string, rawOlds: Props, rawNews: Props) {
      const olds = unwrapSecrets(rawOlds);
      const news = unwrapSecrets(rawNews);
      const replaces = [...DECISION_KEYS.filter((k) => !sameValue(olds[k], news[k])), ...(sameValue(olds.api, news.api) ? [] : ["api"])];
      return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
    },
    async create(raw: Props) {
      const inputs = unwrapSecrets(raw);
      return { id: `${String(inputs.projectId)}/${String(inputs.clusterName)}/${String(inputs.api)}`, outs: inputs };
    },
    /** Pinned: refresh never asks again. */
    async read(id: string, props: Props) {
      return { id, props };
    },
    async update(_id: string, _olds: Props, news: Props) {
      return { outs: news };
    },
    async delete() {},
  };
}

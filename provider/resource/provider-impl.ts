import type * as pulumi from "@pulumi/pulumi";
import { AtlasClient, isAtlasConfigError } from "../atlas";
import {
  checkInputs,
  diffInputs,
  fetchRestore,
  formatResourceId,
  INPUT_KEYS,
  isRestoreError,
  methodOf,
  parseResourceId,
  readRestore,
  resolveSnapshotSelector,
  startRestore,
  toOutputs,
  waitPerInputs,
  type OperationContext,
  type RestoreJobInputs,
  type RestoreJobRef,
} from "../restore-job";
import type { RestoreJob } from "../atlas/models";
import { legacyTimingOutputs, observeReadyParts, readyTimesOf, type ReadyTimes } from "../restore-job/timing";
import { markSecrets, unwrapSecrets } from "./secret-outputs";
import { chooseCredential } from "./credentials";
import { revokeTokensOnExit } from "./exit-revocation";
import { clientOptionsFrom, configurationError, readSettings, type ProviderSettings } from "./settings";

/**
 * The RestoreJob provider, as the dynamic-provider plugin runs it. It is loaded at run time by
 * the tiny serialized shim (provider-shim.ts), so it is never copied into state: refresh and
 * delete always run the installed version of this code. Keep it a thin adapter: the lifecycle
 * lives in ../restore-job, the HTTP in ../atlas.
 */
type Props = Record<string, unknown>;

/** The CloudBackupRestoreJob's implementation, exported here so one module path serves both shims. */
export { cloudBackupRestoreJobProviderImpl } from "./cloud-backup-provider-impl";

let settings: ProviderSettings | undefined;
let client: AtlasClient | undefined;

const log = (line: string) => console.log(`[atlas-restore] ${line}`);

function context(): OperationContext {
  client ??= newClient();
  return { api: client, log };
}

function newClient(): AtlasClient {
  const all = settings ?? readSettings(() => undefined);
  const credential = chooseCredential(all);
  if (credential.warning) log(credential.warning);
  if (credential.settings.clientId) revokeTokensOnExit();
  const options = clientOptionsFrom({ ...all, ...credential.settings });
  try {
    return new AtlasClient({ ...options, log: process.env.ATLAS_RESTORE_DEBUG ? log : undefined });
  } catch (e) {
    throw isAtlasConfigError(e) ? configurationError(e) : e;
  }
}

/**
 * Inputs plus computed outputs, with secrets marked: what state holds for the resource.
 * `resolvedSnapshotId` is what a `snapshot` selector picked at create (kept, never re-resolved);
 * `ready` the parts' first-seen-usable times (timing.ts).
 */
function stateOf(rawInputs: Props, inputs: Partial<RestoreJobInputs>, jobs: RestoreJob[], resolvedSnapshotId: unknown, ready: ReadyTimes): Props {
  const resolved = typeof resolvedSnapshotId === "string" ? { resolvedSnapshotId } : {};
  return { ...rawInputs, ...markSecrets(toOutputs(jobs, methodOf(inputs, jobs))), ...legacyTimingOutputs(inputs, jobs, ready), ...resolved };
}

/**
 * Records first-seen-usable times while a restore is watched. Only a restore stored as
 * IN_PROGRESS (or just created) is watched: one already settled, or read with `RestoreJob.get`,
 * keeps what state says, so a refresh never dates an old readiness to now.
 */
function readyTracker(stored: Props, method: Parameters<typeof observeReadyParts>[2], watch: boolean) {
  let ready = readyTimesOf(stored.parts);
  return {
    observe: (jobs: RestoreJob[]) => void (watch && (ready = observeReadyParts(ready, jobs, method))),
    get times() {
      return ready;
    },
  };
}

/**
 * A failure after the restore exists: the dynamic provider's partial-failure error, so the
 * engine records the job (id and state, `__provider` included) instead of forgetting it.
 */
function recordedFailure(e: unknown, id: string, state: Props): Error {
  const advice =
    isRestoreError(e) && (e.code === "RESTORE_FAILED" || e.code === "RESTORE_EXPIRED")
      ? " The restore is recorded in state and will not be started again by itself; to run a new restore, change its restore point or run `pulumi up --replace <urn>`."
      : " The restore is recorded in state; the next `pulumi up` resumes waiting without starting another restore.";
  const message = `${(e as Error).message}${advice}`;
  return Object.assign(new Error(message), { id, properties: state, reasons: [message] });
}

export const restoreJobProviderImpl = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    settings = readSettings((key) => req.config.get(key));
    client = undefined;
  },

  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(unwrapSecrets(olds), unwrapSecrets(news));
  },

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const d = diffInputs(unwrapSecrets(olds), unwrapSecrets(news));
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  },

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
    const declared = unwrapSecrets(raw) as unknown as RestoreJobInputs;
    const ctx = context();
    // A `snapshot` selector is resolved here, once; state keeps the selector (raw) for diff.
    const { inputs, resolvedSnapshotId } = await resolveSnapshotSelector(client!, declared, log);
    const jobs = await startRestore(ctx, inputs); // fails with nothing created, or returns the jobs
    const ref: RestoreJobRef = { projectId: inputs.projectId, clusterName: inputs.clusterName, ref: jobs[0].batchId ?? jobs[0].id };
    const id = formatResourceId(ref);
    const how = inputs.adopt ? "adopted" : "started"; // adopting sends no request that creates anything
    log(`${inputs.clusterName}: restore ${ref.ref} ${how} (${jobs.length} part${jobs.length === 1 ? "" : "s"}); resource id ${id}`);
    const ready = readyTracker({}, methodOf(inputs, jobs), true);
    try {
      return { id, outs: stateOf(raw, inputs, await waitPerInputs(ctx, inputs, ref, jobs, ready.observe), resolvedSnapshotId, ready.times) };
    } catch (e) {
      throw recordedFailure(e, id, stateOf(raw, inputs, isRestoreError(e) && e.jobs.length ? e.jobs : jobs, resolvedSnapshotId, ready.times));
    }
  },

  async read(id: string, raw: Props): Promise<pulumi.dynamic.ReadResult> {
    const props = unwrapSecrets(raw ?? {});
    const ref = parseResourceId(id);
    const jobs = await readRestore(context(), ref, { batchId: props.batchId as string, jobIds: props.jobIds as string[] });
    if (jobs === "gone") {
      log(`${ref.clusterName}: Atlas reports restore ${ref.ref} does not exist; removing it from state`);
      return { id: "", props: {} };
    }
    const known = INPUT_KEYS.some((k) => props[k] !== undefined) ? {} : inputsOfAdopted(ref, jobs);
    const ready = readyTracker(props, methodOf({ ...props, ...known }, jobs), props.status === "IN_PROGRESS");
    ready.observe(jobs);
    return { id, props: stateOf({ ...raw, ...known }, { ...props, ...known }, jobs, props.resolvedSnapshotId, ready.times) };
  },

  async update(id: string, rawOlds: Props, rawNews: Props): Promise<pulumi.dynamic.UpdateResult> {
    const olds = unwrapSecrets(rawOlds);
    const inputs = unwrapSecrets(rawNews) as unknown as RestoreJobInputs;
    const ref = parseResourceId(id);
    const ctx = context();
    const owed = diffInputs(olds, inputs as unknown as Props).owed;
    if (owed) log(`restore ${ref.ref} of ${ref.clusterName} is stored as ${String(olds.status)}: re-reading it to ${owed} (no new restore is started)`);
    let jobs = await fetchRestore(ctx, ref, olds.batchId as string | undefined);
    // Links already seen READY may since have expired or been used: that is not a failure.
    const resolved = olds.resolvedSnapshotId;
    const settled = olds.status === "READY" || olds.status === "EXPIRED";
    const ready = readyTracker(olds, methodOf(inputs, jobs), !settled);
    if (settled) return { outs: stateOf(rawNews, inputs, jobs, resolved, ready.times) };
    try {
      jobs = await waitPerInputs(ctx, inputs, ref, jobs, ready.observe);
      return { outs: stateOf(rawNews, inputs, jobs, resolved, ready.times) };
    } catch (e) {
      throw recordedFailure(e, id, stateOf(rawNews, inputs, isRestoreError(e) && e.jobs.length ? e.jobs : jobs, resolved, ready.times));
    }
  },

  async delete(id: string): Promise<void> {
    // The legacy restore-jobs API has no cancel (reference §1): say so, and never fail destroy.
    log(
      `restore ${id} removed from the stack. Atlas has no way to cancel or delete a restore job: it stays in the project's restore history` +
        " (a running automated restore runs to completion; download links expire on their own).",
    );
  },
};

/** Inputs reconstructed from the jobs, for a restore read with `RestoreJob.get`. */
function inputsOfAdopted(ref: RestoreJobRef, jobs: RestoreJob[]): Props {
  const d = jobs[0]?.delivery;
  const automated = methodOf({}, jobs) === "AUTOMATED_RESTORE";
  return {
    projectId: ref.projectId,
    clusterName: ref.clusterName,
    adopt: ref.ref,
    delivery: automated
      ? { methodName: "AUTOMATED_RESTORE", targetProjectId: d?.targetGroupId, ...(d?.targetClusterName ? { targetClusterName: d.targetClusterName } : { targetClusterId: d?.targetClusterId }) }
      : { methodName: "HTTP", expirationHours: d?.expirationHours, maxDownloads: d?.maxDownloads },
    waitFor: "none",
  };
}

import { isAtlasError } from "../atlas/guards";
import { sleepFor, type ClusterRef, type RestoreApiAdapter, type RestoreContext } from "./adapter";
import { claimedRestores, claimRestore, othersSettled, trackCreate } from "./claims";
import { RestoreError } from "./errors";
import { describeDifferences } from "./field-match";
import { ambiguousLostAnswer, findCreatedRestore, findLostAnswerRestore } from "./lost-answer";
import { withTargetLock } from "./target-lock";

/** A restore this resource now manages, and how it came to. */
export interface StartedRestore<J> {
  parts: J[];
  /** "started": our create's answer; "reconciled": found after a lost answer; "adopted": `adopt`. */
  how: "started" | "reconciled" | "adopted";
  /** When Atlas took the request, on its clock (ISO 8601): the create answer's `Date`, else the jobs'. */
  requestedAt?: string;
  resolvedSnapshotId?: string;
}

/** Inputs every restore declaration has, whatever its API. */
export interface DeclarationBase extends ClusterRef {
  adopt?: string;
}

/** The key claims and locks use for a source cluster of one API. */
export const clusterKey = (adapter: Pick<RestoreApiAdapter, "resource">, c: ClusterRef) => `${adapter.resource}:${c.projectId}/${c.clusterName}`;

/**
 * Starts the declared restore: exactly one create, or none when adopting. The rules, for every API:
 * - the cluster's restores are listed first; none of them is ever taken for this create's;
 * - a restore into a cluster (which wipes it) is one critical section per target in this process,
 *   and is refused while another restore into that target is running;
 * - a create whose outcome is unknown is reconciled by listing (lost-answer.ts), never re-sent;
 * - `adopt` takes over only the declared restore (the field-match table), never one another
 *   declaration of this run manages.
 */
export async function startRestore<I extends DeclarationBase, J, Req, A>(
  ctx: RestoreContext<A>,
  adapter: RestoreApiAdapter<I, J, Req, A>,
  inputs: I,
): Promise<StartedRestore<J>> {
  if (inputs.adopt) return adoptDeclared(ctx, adapter, inputs);
  const { request, resolvedSnapshotId } = await adapter.decide(ctx, inputs);
  const target = adapter.targetOf(request);
  const run = async () => {
    const before = await adapter.list(ctx.api, inputs).catch((e: Error) => {
      // The cluster is named by the error itself, redacted there: a secret pasted as its name stays hidden.
      throw Object.assign(new Error(`${e.message} (This was the list of the cluster's restore jobs taken before the restore request: nothing was sent, no restore was started.)`), { cause: e });
    });
    const running = target ? runningIntoTarget(adapter, request, before) : undefined;
    if (running) throw alreadyRunning(adapter, inputs, target!, running);
    const started = await createOnce(ctx, adapter, inputs, request, new Set(before.map((j) => adapter.restoreIdOf(j))));
    return { ...started, ...(resolvedSnapshotId ? { resolvedSnapshotId } : {}) };
  };
  return target ? withTargetLock(target, describeDeclaration(adapter, inputs, target), run) : run();
}

function describeDeclaration<I extends ClusterRef>(adapter: Pick<RestoreApiAdapter<I>, "describeRestorePoint">, inputs: I, target: string): string {
  return `the restore of ${inputs.clusterName} (${adapter.describeRestorePoint(inputs)}) into ${target}`;
}

/** The newest restore of these jobs that restores into the request's target and still runs. */
function runningIntoTarget<J, Req>(adapter: RestoreApiAdapter<never, J, Req, unknown>, request: Req, jobs: J[]): J[] | undefined {
  const restores = groupRestores(adapter, jobs).filter((parts) => adapter.runningInto(request, parts));
  return restores.sort((a, b) => newestOf(adapter, b) - newestOf(adapter, a))[0];
}

const newestOf = <J>(adapter: Pick<RestoreApiAdapter<never, J>, "createdAt">, parts: J[]) => Math.max(...parts.map((p) => adapter.createdAt(p) ?? 0));

function groupRestores<J>(adapter: Pick<RestoreApiAdapter<never, J>, "restoreIdOf">, jobs: J[]): J[][] {
  const groups = new Map<string, J[]>();
  for (const job of jobs) groups.set(adapter.restoreIdOf(job), [...(groups.get(adapter.restoreIdOf(job)) ?? []), job]);
  return [...groups.values()];
}

async function createOnce<I extends DeclarationBase, J, Req, A>(
  ctx: RestoreContext<A>,
  adapter: RestoreApiAdapter<I, J, Req, A>,
  inputs: I,
  request: Req,
  existedBefore: ReadonlySet<string>,
): Promise<StartedRestore<J>> {
  const cluster = clusterKey(adapter, inputs);
  const sentAt = (ctx.now ?? Date.now)();
  try {
    const parts = await trackCreate(cluster, () => adapter.create(ctx.api, inputs, request), (answer) => {
      if (answer.length > 0) claimRestore(cluster, adapter.restoreIdOf(answer[0]));
    });
    const requestedAt = adapter.requestedAtOf(parts);
    return { parts, how: "started", ...(requestedAt ? { requestedAt } : {}) };
  } catch (e) {
    if (adapter.isTargetBusy(e)) throw await targetBusy(ctx, adapter, inputs, request, e as Error);
    if (!isAtlasError(e) || e.requestOutcome !== "unknown") throw e;
    ctx.log(`${inputs.clusterName}: the restore request's outcome is unknown (${(e as Error).message}); looking for the job it may have created instead of sending it again`);
    // Another declaration's create into this cluster may still be answering: its restore is not ours.
    await othersSettled(cluster);
    const parts = await findLostAnswerRestore({
      clusterName: inputs.clusterName,
      createError: e as Error,
      sentAt,
      adoptWhat: adapter.adoptIdWords,
      list: () => adapter.list(ctx.api, inputs),
      recheckMs: ctx.reconcileRecheckMs ?? 3_000,
      sleep: sleepFor(ctx),
      find: (jobs) => {
        const found = findCreatedRestore({
          jobs,
          restoreIdOf: (j) => adapter.restoreIdOf(j),
          createdAt: (j) => adapter.createdAt(j),
          compare: (parts) => adapter.compare(request, parts),
          sentAt,
          existedBefore,
          claimed: claimedRestores(cluster),
        });
        if (found.kind === "ambiguous") {
          const described = found.candidates.map((parts) => ({ id: adapter.restoreIdOf(parts[0]), created: adapter.requestedAtOf(parts) }));
          throw ambiguousLostAnswer(inputs.clusterName, e as Error, described);
        }
        if (found.kind !== "found") return undefined;
        const id = adapter.restoreIdOf(found.parts[0]);
        const unverified = found.unverified.length ? ` (${found.unverified.join(", ")}: not returned by Atlas, so not compared)` : "";
        ctx.log(`${inputs.clusterName}: found the restore the lost request started (${id}), created after it was sent and matching the declaration${unverified}; adopting it`);
        claimRestore(cluster, id);
        return found.parts;
      },
    });
    const requestedAt = adapter.requestedAtOf(parts);
    return { parts, how: "reconciled", ...(requestedAt ? { requestedAt } : {}) };
  }
}

/** A create refused because the target is busy: the same clear error as our own running check. */
async function targetBusy<I extends DeclarationBase, J, Req, A>(ctx: RestoreContext<A>, adapter: RestoreApiAdapter<I, J, Req, A>, inputs: I, request: Req, cause: Error): Promise<RestoreError> {
  const target = adapter.targetOf(request) ?? "the target";
  const running = await adapter.list(ctx.api, inputs).then((jobs) => runningIntoTarget(adapter, request, jobs), () => undefined);
  if (running) return alreadyRunning(adapter, inputs, target, running, cause);
  return new RestoreError(
    "RESTORE_ALREADY_RUNNING",
    `A restore into ${target} is still running (Atlas: ${cause.message}). No second restore was started: it would wipe the cluster again ` +
      "while the first one is writing to it. It was started from another cluster or outside this stack; wait for it to finish and run `pulumi up` again.",
  );
}

function alreadyRunning<J>(adapter: RestoreApiAdapter<never, J, unknown, unknown>, inputs: ClusterRef, target: string, parts: J[], cause?: Error): RestoreError<J> {
  const id = adapter.restoreIdOf(parts[0]);
  const created = adapter.requestedAtOf(parts);
  return new RestoreError(
    "RESTORE_ALREADY_RUNNING",
    `An automated restore from cluster ${inputs.clusterName} into ${target} (restore ${id}${created ? `, created ${created}` : ""}) is still running` +
      `${cause ? ` (Atlas: ${cause.message})` : ""}. No second restore was started: it would wipe the cluster again while the first one is ` +
      "writing to it. If this stack is replacing its own earlier restore, wait until that one has finished and run `pulumi up` again. " +
      "If it is not in this stack's state (most likely an earlier `pulumi up` was interrupted after starting it), set " +
      `\`adopt: "${id}"\` on this ${adapter.resource} to manage it instead.`,
    parts,
  );
}

/**
 * `adopt`: takes over the named restore only if it is the declared one (every restore-defining
 * field Atlas returns matches what the declaration would create). No request creates anything.
 */
async function adoptDeclared<I extends DeclarationBase, J, Req, A>(ctx: RestoreContext<A>, adapter: RestoreApiAdapter<I, J, Req, A>, inputs: I): Promise<StartedRestore<J>> {
  const id = inputs.adopt!;
  const parts = await adapter.lookup(ctx.api, inputs, id);
  if (!parts || parts.length === 0) {
    throw new RestoreError(
      "RESTORE_NOT_FOUND",
      `adopt: no restore with id ${id} exists for cluster ${inputs.clusterName} in project ${inputs.projectId}. Check the id given to adopt (${adapter.adoptIdWords}, from the cluster's restore history).`,
    );
  }
  const cluster = clusterKey(adapter, inputs);
  const restoreId = adapter.restoreIdOf(parts[0]);
  const { differences, unverified } = adapter.compare(adapter.declaredRequest(inputs), parts);
  if (differences.length > 0) {
    throw new RestoreError(
      "RESTORE_ADOPT_MISMATCH",
      `adopt: restore ${id} of cluster ${inputs.clusterName} is not the restore this ${adapter.resource} declares: ${describeDifferences(differences)}. ` +
        `Nothing was adopted. Set adopt to the id of the declared restore, or change the declaration to describe restore ${id}.`,
    );
  }
  if (unverified.length > 0) ctx.log(`${inputs.clusterName}: adopting ${id}; ${unverified.join(", ")}: not returned by Atlas, so not compared`);
  claimRestore(cluster, restoreId, "adopted");
  const requestedAt = adapter.requestedAtOf(parts);
  const snapshot = adapter.snapshotIdOf(inputs, parts);
  return { parts, how: "adopted", ...(requestedAt ? { requestedAt } : {}), ...(snapshot ? { resolvedSnapshotId: snapshot } : {}) };
}

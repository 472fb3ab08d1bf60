import type { RestoreJob } from "../atlas/models";

/**
 * What this plugin process knows about restores of each source cluster: the ones its
 * declarations started or adopted (claimed), and the POSTs still in flight. Reconciling a lost
 * POST waits for the others in flight, then leaves every claimed restore out: a restore another
 * declaration of this `pulumi up` started is never this one's, however well it matches.
 */
const claimed = new Map<string, Set<string>>();
const inFlight = new Map<string, Set<Promise<unknown>>>();

/** A restore's id: the batchId of a sharded restore, the job id of a replica-set one. */
export const restoreIdOf = (jobs: RestoreJob[]) => jobs[0].batchId ?? jobs[0].id;

export function claimRestore(cluster: string, jobs: RestoreJob[]): void {
  if (jobs.length === 0) return;
  claimed.set(cluster, (claimed.get(cluster) ?? new Set()).add(restoreIdOf(jobs)));
}

export function claimedRestores(cluster: string): ReadonlySet<string> {
  return claimed.get(cluster) ?? new Set();
}

/** Runs a POST, visible to reconciliations of the same cluster until it settles; claims its answer. */
export async function trackPost(cluster: string, post: () => Promise<RestoreJob[]>): Promise<RestoreJob[]> {
  const p = post();
  const set = inFlight.get(cluster) ?? new Set<Promise<unknown>>();
  inFlight.set(cluster, set.add(p));
  try {
    const jobs = await p;
    claimRestore(cluster, jobs);
    return jobs;
  } finally {
    set.delete(p);
  }
}

/** Settles once every POST in flight for the cluster has (their answers are then claimed). */
export async function othersSettled(cluster: string): Promise<void> {
  await Promise.allSettled([...(inFlight.get(cluster) ?? [])]);
}

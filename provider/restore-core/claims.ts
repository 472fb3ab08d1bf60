/**
 * What this plugin process knows about the restores of each source cluster: the ones its
 * declarations started or adopted (claimed), and the creates still in flight. Reconciling a lost
 * create waits for the others in flight, then leaves every claimed restore out: a restore another
 * declaration of this `pulumi up` started is never this one's, however well it matches. A delete
 * leaves a restore alone that another declaration of this run adopted (a resource renamed into an
 * `adopt` of its old restore must not lose it to the old one's delete).
 *
 * Keys are `<api>:<projectId>/<clusterName>`, so two APIs never share a claim.
 */
const claimed = new Map<string, Set<string>>();
const adoptedNow = new Map<string, Set<string>>();
const inFlight = new Map<string, Set<Promise<unknown>>>();

const add = (m: Map<string, Set<string>>, cluster: string, id: string) => m.set(cluster, (m.get(cluster) ?? new Set()).add(id));

/** Records a restore this process started or adopted; `adopted` marks an explicit `adopt`. */
export function claimRestore(cluster: string, restoreId: string, how: "started" | "adopted" = "started"): void {
  add(claimed, cluster, restoreId);
  if (how === "adopted") add(adoptedNow, cluster, restoreId);
}

export function claimedRestores(cluster: string): ReadonlySet<string> {
  return claimed.get(cluster) ?? new Set();
}

/** A declaration of this process adopted the restore (so a delete of another must not cancel it). */
export function adoptedInThisRun(cluster: string, restoreId: string): boolean {
  return adoptedNow.get(cluster)?.has(restoreId) ?? false;
}

/**
 * Runs a create, visible to reconciliations of the same cluster until it settles; its answer is
 * claimed (`claim`) before any of them looks, so none can mistake it for its own.
 */
export async function trackCreate<T>(cluster: string, create: () => Promise<T>, claim: (answer: T) => void): Promise<T> {
  const p = create();
  const set = inFlight.get(cluster) ?? new Set<Promise<unknown>>();
  inFlight.set(cluster, set.add(p));
  try {
    const answer = await p;
    claim(answer);
    return answer;
  } finally {
    set.delete(p);
  }
}

/** Settles once every create in flight for the cluster has (their answers are then claimed). */
export async function othersSettled(cluster: string): Promise<void> {
  await Promise.allSettled([...(inFlight.get(cluster) ?? [])]);
}

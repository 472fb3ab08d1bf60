import { RestoreError } from "./errors";
import type { RestoreComparison } from "./field-match";

/**
 * After a create whose outcome is unknown (the connection dropped after sending, the answer was
 * lost or cut, a 5xx from something that may have forwarded it, a timeout): find the restore it
 * may have started among the cluster's jobs, never by sending it again — a second create could
 * start a second restore, and an automated restore wipes its target.
 *
 * The rules, once for every API: a candidate must be created since the create was sent (less
 * the clock skew), must not have existed before it (listed just before the create), must not be
 * another declaration's of this process (claims.ts), and must match every restore-defining
 * field Atlas returns (the API's field-match table). One candidate is adopted; several are an
 * error naming them and the `adopt` value (never a guess); none, after listing twice, is an
 * error saying nothing was recorded and what to check.
 */
export interface CreatedRestoreQuery<J> {
  /** Every restore job of the cluster, grouped into restores by `restoreIdOf`. */
  jobs: readonly J[];
  restoreIdOf(job: J): string;
  createdAt(job: J): number | undefined;
  compare(parts: J[]): RestoreComparison;
  /** Local time the create was sent (ms). */
  sentAt: number;
  /** Tolerated difference between our clock and Atlas's. @default 120000 */
  clockSkewMs?: number;
  /** Restores listed just before the create: they are not its outcome. */
  existedBefore: ReadonlySet<string>;
  /** Restores other declarations of this process started or adopted. */
  claimed: ReadonlySet<string>;
}

/** What reconciliation found: the create's restore, nothing, or several candidates. */
export type CreatedRestore<J> =
  | { kind: "found"; parts: J[]; unverified: string[] }
  | { kind: "none" }
  | { kind: "ambiguous"; candidates: J[][] };

export function findCreatedRestore<J>(q: CreatedRestoreQuery<J>): CreatedRestore<J> {
  const since = q.sentAt - (q.clockSkewMs ?? 120_000);
  const candidates = groupBy(q.jobs, q.restoreIdOf)
    .filter(([id]) => !q.existedBefore.has(id) && !q.claimed.has(id))
    // A job that does not say when it was created cannot be told apart from an old one.
    .filter(([, parts]) => parts.every((p) => (q.createdAt(p) ?? -Infinity) >= since))
    .map(([, parts]) => ({ parts, comparison: q.compare(parts) }))
    .filter((c) => c.comparison.differences.length === 0);
  if (candidates.length === 0) return { kind: "none" };
  if (candidates.length > 1) {
    const newest = (parts: J[]) => Math.max(...parts.map((p) => q.createdAt(p) ?? 0));
    return { kind: "ambiguous", candidates: candidates.map((c) => c.parts).sort((a, b) => newest(b) - newest(a)) };
  }
  return { kind: "found", parts: candidates[0].parts, unverified: candidates[0].comparison.unverified };
}

/** Jobs grouped per restore (the parts of one batch together), in first-seen order. */
export function groupBy<J>(jobs: readonly J[], key: (job: J) => string): [string, J[]][] {
  const groups = new Map<string, J[]>();
  for (const job of jobs) groups.set(key(job), [...(groups.get(key(job)) ?? []), job]);
  return [...groups.entries()];
}

export interface LostAnswerSearch<J> {
  clusterName: string;
  /** The create's error (outcome unknown). */
  createError: Error;
  /** Local time the create was sent (ms). */
  sentAt: number;
  /** What the user would give `adopt`, for the message (e.g. "its job id"). */
  adoptWhat: string;
  /** The cluster's restore jobs. */
  list: () => Promise<J[]>;
  /** The restore the create started, if these jobs hold it (throws on ambiguity). */
  find: (jobs: J[]) => J[] | undefined;
  /** Pause before listing again. */
  recheckMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Lists the cluster's jobs once, then once more after a pause (a new job may not be listed yet). */
export async function findLostAnswerRestore<J>(s: LostAnswerSearch<J>): Promise<J[]> {
  for (const pause of [0, s.recheckMs]) {
    if (pause) await s.sleep(pause);
    let jobs: J[];
    try {
      jobs = await s.list();
    } catch (listError) {
      throw lostAnswerListFailed(s.clusterName, s.createError, listError as Error, s.adoptWhat);
    }
    const found = s.find(jobs);
    if (found !== undefined) return found;
  }
  throw lostAnswerNothingFound(s.clusterName, s.createError, s.sentAt);
}

/** Listing the cluster's jobs failed too: a restore may have started, unseen. */
function lostAnswerListFailed(clusterName: string, createError: Error, listError: Error, adoptWhat: string): RestoreError {
  return new RestoreError(
    "RESTORE_OUTCOME_UNKNOWN",
    `The restore request for cluster ${clusterName} got no usable answer (${createError.message}), and listing the cluster's ` +
      `restore jobs to see whether it started one failed too (${listError.message}). It was not sent again, so that a ` +
      "restore never runs twice. Nothing was recorded in state, but a restore may have started: check the cluster's restore jobs " +
      `in Atlas before running \`pulumi up\` again, and set \`adopt\` to ${adoptWhat} if it did.`,
  );
}

/** No matching job appeared: most likely nothing was started. */
function lostAnswerNothingFound(clusterName: string, createError: Error, sentAt: number): RestoreError {
  return new RestoreError(
    "RESTORE_OUTCOME_UNKNOWN",
    `The restore request for cluster ${clusterName} got no usable answer (${createError.message}), and no restore job ` +
      `matching it appeared on the cluster since ${new Date(sentAt).toISOString()}. It was not sent again, ` +
      "so that a restore never runs twice. Nothing was recorded in state: check the cluster's restore jobs in Atlas, then run `pulumi up` again.",
  );
}

/** Several restores match: which one is this create's cannot be told, so none is adopted. */
export function ambiguousLostAnswer(clusterName: string, cause: Error, candidates: { id: string; created?: string }[]): RestoreError {
  const list = candidates.map((c) => `${c.id}${c.created ? ` (created ${c.created})` : ""}`).join(", ");
  return new RestoreError(
    "RESTORE_AMBIGUOUS",
    `The restore request for cluster ${clusterName} got no usable answer (${cause.message}), and ${candidates.length} restores ` +
      `matching it appeared on the cluster since it was sent: ${list}. One of them may be this request's; which one cannot be told ` +
      `from what Atlas returns, so none was adopted and the request was not sent again. Nothing was recorded in state: check in Atlas ` +
      `which one is this declaration's and set \`adopt\` to it (e.g. \`adopt: "${candidates[0].id}"\`), then run \`pulumi up\` again.`,
  );
}

/**
 * After a create whose outcome is unknown: look for the restore it may have started by listing
 * the cluster's jobs (once, then once more after a pause, since a new job may not be listed yet),
 * never by sending it again. Shared by both resources (RestoreJob, CloudBackupRestoreJob); each
 * brings its own matcher. The two ways the search can end without an answer are worded here once:
 * both say that the request was not sent again, what may have happened, and what to check.
 */
export interface LostPostSearch<J, T> {
  clusterName: string;
  /** The create's error (outcome unknown). */
  postError: Error;
  /** Local time the create was sent (ms). */
  postStartedAt: number;
  /** What the user would give `adopt`, for the message (e.g. "its job id"). */
  adoptWhat: string;
  /** The cluster's restore jobs. */
  list: () => Promise<J[]>;
  /** The restore the create started, if these jobs hold it; may throw (e.g. several candidates). */
  find: (jobs: J[]) => T | undefined;
  /** Pause before listing again. */
  recheckMs: number;
  sleep: (ms: number) => Promise<void>;
}

export async function findLostPostRestore<J, T>(s: LostPostSearch<J, T>): Promise<T> {
  for (const pause of [0, s.recheckMs]) {
    if (pause) await s.sleep(pause);
    let jobs: J[];
    try {
      jobs = await s.list();
    } catch (listError) {
      throw lostPostListFailed(s.clusterName, s.postError, listError as Error, s.adoptWhat);
    }
    const found = s.find(jobs);
    if (found !== undefined) return found;
  }
  throw lostPostNothingFound(s.clusterName, s.postError, s.postStartedAt);
}

/** Listing the cluster's jobs failed too: a restore may have started, unseen. */
function lostPostListFailed(clusterName: string, postError: Error, listError: Error, adoptWhat: string): Error {
  return new Error(
    `The restore request for cluster ${clusterName} got no usable answer (${postError.message}), and listing the cluster's ` +
      `restore jobs to see whether it started one failed too (${listError.message}). It was not sent again, so that a ` +
      "restore never runs twice. Nothing was recorded in state, but a restore may have started: check the cluster's restore jobs " +
      `in Atlas before running \`pulumi up\` again, and set \`adopt\` to ${adoptWhat} if it did.`,
  );
}

/** No matching job appeared: most likely nothing was started. */
function lostPostNothingFound(clusterName: string, postError: Error, postStartedAt: number, what = "restore job"): Error {
  return new Error(
    `The restore request for cluster ${clusterName} got no usable answer (${postError.message}), and no ${what} ` +
      `matching it appeared on the cluster since ${new Date(postStartedAt).toISOString()}. It was not sent again, ` +
      "so that a restore never runs twice. Nothing was recorded in state: check the cluster's restore jobs in Atlas, then run `pulumi up` again.",
  );
}

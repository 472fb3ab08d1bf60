/**
 * The two ways a reconciliation after a create with an unknown outcome can end without an answer,
 * worded once for both resources (RestoreJob, CloudBackupRestoreJob). Both say that the request
 * was not sent again, what may have happened, and what the user should check.
 */

/** Listing the cluster's jobs failed too: a restore may have started, unseen. */
export function lostPostListFailed(clusterName: string, postError: Error, listError: Error, adoptWhat: string): Error {
  return new Error(
    `The restore request for cluster ${clusterName} got no usable answer (${postError.message}), and listing the cluster's ` +
      `restore jobs to see whether it started one failed too (${listError.message}). It was not sent again, so that a ` +
      "restore never runs twice. Nothing was recorded in state, but a restore may have started: check the cluster's restore jobs " +
      `in Atlas before running \`pulumi up\` again, and set \`adopt\` to ${adoptWhat} if it did.`,
  );
}

/** No matching job appeared: most likely nothing was started. */
export function lostPostNothingFound(clusterName: string, postError: Error, postStartedAt: number, what = "restore job"): Error {
  return new Error(
    `The restore request for cluster ${clusterName} got no usable answer (${postError.message}), and no ${what} ` +
      `matching it appeared on the cluster since ${new Date(postStartedAt).toISOString()}. It was not sent again, ` +
      "so that a restore never runs twice. Nothing was recorded in state: check the cluster's restore jobs in Atlas, then run `pulumi up` again.",
  );
}

import { RestoreError } from "./errors";

/**
 * A per-target critical section for automated restores within one plugin process. The engine
 * runs the creates of one `pulumi up` in parallel in one process: without it, two declarations
 * into the same cluster both pass the "already running" check before either POSTs, and two
 * overlapping restores wipe one cluster. A second declaration fails at once (it never waits: a
 * second restore into a cluster that is being restored is never what a user wants).
 *
 * Not covered: another process or stack (Atlas's list of running restores covers those once the
 * first POST is answered), and one target named by name here and by id there.
 */
const holders = new Map<string, string>();

/** Runs `critical` holding `key` for `holder` (a description of the declaration); fails if held. */
export async function withTargetLock<T>(key: string, holder: string, critical: () => Promise<T>): Promise<T> {
  const held = holders.get(key);
  if (held !== undefined) {
    throw new RestoreError(
      "RESTORE_ALREADY_RUNNING",
      `Two automated restores into ${key} (target project/cluster) were started at the same time: ${held} is being started, so ` +
        `${holder} was not (no request sent): two restores into one cluster overwrite each other. Declare one restore per target cluster.`,
    );
  }
  holders.set(key, holder);
  try {
    return await critical();
  } finally {
    holders.delete(key);
  }
}

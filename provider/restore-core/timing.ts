/**
 * First-seen-usable times of a restore's parts (part → ISO 8601, on the server's clock): the
 * legacy API gives no finish time and a Cloud Backup download none either, so a part is ready
 * at the `Date` of the first answer that showed it usable (precise to one poll interval).
 * First-seen times are kept from state, never re-stamped by a later poll.
 */
export type ReadyTimes = Readonly<Record<string, string>>;

/**
 * Records first-seen times while a restore is watched. Only a restore stored as running (or just
 * created) is watched: one already settled, or read with `.get`, keeps what state says, so a
 * refresh never dates an old readiness to now.
 */
export function readyTracker<J>(initial: ReadyTimes, watch: boolean, observe: (seen: ReadyTimes, parts: J[]) => ReadyTimes) {
  let ready = initial;
  return {
    observe: (parts: J[]) => void (watch && (ready = observe(ready, parts))),
    get times(): ReadyTimes {
      return ready;
    },
  };
}

/**
 * One part of a restore on a timeline (a job of a legacy batch, a Cloud Backup component, or
 * the whole job): never holds a secret, so a report can show it as is.
 */
export interface RestorePartTiming {
  /** Replica set / shard name, or the job id where no name is known. */
  name: string;
  jobId?: string;
  /** The part's status as the API reports it (legacy `statusName/delivery.statusName`). */
  status: string;
  /** When the part was requested, server clock (ISO 8601). */
  requestedAt?: string;
  /** When the part was first seen usable, server clock (ISO 8601). */
  readyAt?: string;
}

import type { ClusterRef, RestoreApiAdapter, RestoreContext, RestoreMemo } from "./adapter";
import { cancelOnDelete, DELETE_LINES } from "./cancel";
import type { Clock } from "./clock";
import { runChecks, type CheckResult } from "./check-engine";
import { diffRestore, endedAfterUse, STATUS_OUTCOMES, wasUsable } from "./diff";
import { isRestoreError, SETTLED_BADLY } from "./errors";
import { readRestore } from "./read";
import { formatResourceId, parseResourceId, type RestoreJobRef } from "./resource-id";
import { withSlot } from "./slots";
import { startRestore, type DeclarationBase } from "./start";
import { readyTracker } from "./timing";
import { waitForRestore, type WaitSettings } from "./wait";
import { unwrapSecrets } from "./wire-secrets";

type Props = Record<string, unknown>;

/** Inputs the lifecycle itself reads, whatever the API. */
export interface LifecycleInputs extends DeclarationBase, WaitSettings {}

/** One resource's provider operations, as both doors (the dynamic provider, the packaged plugin) call them. */
export interface RestoreLifecycle {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

export interface LifecycleDeps<A> {
  /** The API client, made on first use (so check, diff and a legacy delete send nothing). */
  client(): A;
  log(line: string): void;
  /** The clock waits are taken on (an emulator's faster one); real time when absent. */
  clock?(): Clock | undefined;
}

/**
 * The provider operations of a restore resource, the same for every API: the adapter answers
 * questions about its API, this decides. What each operation guarantees:
 * - check: no request; every mistake names its property.
 * - diff: restore-defining changes replace, settings update in place, `adopt` follows the rule in
 *   diff.ts; an outcome still owed (a failure, an unfinished wait) forces an update even after a
 *   refresh.
 * - create: exactly one restore per declaration (start.ts), within the concurrency limit, then
 *   the wait; a failure after the restore exists is recorded in state, never forgotten.
 * - read: "gone" only when Atlas says so twice; first-seen times never re-stamped.
 * - update: never starts a restore; re-reads it, fails again for one that ended badly before it
 *   was usable, resumes an unfinished wait.
 * - delete: cancels only what this resource started or adopted, and only while usable (cancel.ts).
 */
export function restoreLifecycle<I extends ClusterRef & LifecycleInputs, J, Req, A>(adapter: RestoreApiAdapter<I, J, Req, A>, deps: LifecycleDeps<A>): RestoreLifecycle {
  const ctx = (): RestoreContext<A> => {
    const clock = deps.clock?.();
    return {
      get api() {
        return deps.client();
      },
      log: deps.log,
      ...(clock ? { now: clock.now, sleep: clock.sleep } : {}),
    };
  };
  const diffKeys = { restoreDefiningKeys: adapter.restoreDefiningKeys, settingKeys: adapter.settingKeys, defaults: adapter.check.defaults };
  const storedIds = (id: string, olds: Props) => {
    try {
      return adapter.storedIds(parseResourceId(id), olds);
    } catch {
      return [];
    }
  };
  const tracker = (inputs: Partial<I>, stored: Props, watch: boolean) => readyTracker<J>(adapter.storedReadyTimes(stored), watch, (seen, parts) => adapter.observeReady(seen, parts, inputs));
  const memoOf = (stored: Props, parts: J[], ready: RestoreMemo["ready"], resolvedSnapshotId = stored.resolvedSnapshotId): RestoreMemo => {
    const requestedAt = adapter.requestedAtOf(parts) ?? (typeof stored.requestedAt === "string" ? stored.requestedAt : undefined);
    return { ready, ...(typeof resolvedSnapshotId === "string" ? { resolvedSnapshotId } : {}), ...(requestedAt ? { requestedAt } : {}) };
  };

  return {
    async check(olds, news) {
      return runChecks(adapter.check, unwrapSecrets(olds), unwrapSecrets(news), Date.now());
    },

    async diff(id, olds, news) {
      const stored = unwrapSecrets(olds);
      const d = diffRestore(diffKeys, stored, unwrapSecrets(news), storedIds(id, stored));
      return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.replaces.length > 0 && adapter.deleteBeforeReplace(stored) };
    },

    async create(raw) {
      const inputs = unwrapSecrets(raw) as unknown as I;
      const c = ctx();
      return withSlot(inputs.concurrencyLimit, async () => {
        const started = await startRestore(c, adapter, inputs); // nothing created, or the restore
        const ref: RestoreJobRef = { projectId: inputs.projectId, clusterName: inputs.clusterName, ref: adapter.restoreIdOf(started.parts[0]) };
        const id = formatResourceId(ref);
        const n = started.parts.length;
        const from = started.resolvedSnapshotId ? ` from snapshot ${started.resolvedSnapshotId}` : "";
        deps.log(`${inputs.clusterName}: restore ${ref.ref} ${started.how} (${n} part${n === 1 ? "" : "s"})${from}; resource id ${id}`);
        const ready = tracker(inputs, {}, true);
        const state = (parts: J[]) => adapter.state(raw, inputs, parts, memoOf({}, parts, ready.times, started.resolvedSnapshotId));
        try {
          return { id, outs: state(await waitForRestore(c, adapter, inputs, ref, state(started.parts), started.parts, ready.observe)) };
        } catch (e) {
          throw recordedFailure(e, id, state(lastParts(e, started.parts)));
        }
      }, (ahead) => deps.log(`${inputs.clusterName}: waiting for a slot of "${inputs.concurrencyLimit!.group}" (at most ${inputs.concurrencyLimit!.max} restores at once; ${ahead} queued ahead)`));
    },

    async read(id, raw) {
      const props = unwrapSecrets(raw ?? {});
      const ref = parseResourceId(id);
      const parts = await readRestore(ctx(), adapter, ref, props);
      if (parts === "gone") {
        deps.log(`${ref.clusterName}: Atlas reports restore ${ref.ref} does not exist; removing it from state`);
        return { id: "", props: {} };
      }
      // `.get` reads a restore with no declaration: its inputs come from the restore itself.
      const known = adapter.check.inputKeys.some((k) => props[k] !== undefined) ? {} : adapter.inputsOf(ref, parts);
      const inputs = { ...props, ...known } as Partial<I>;
      const ready = tracker(inputs, props, STATUS_OUTCOMES.get(String(props.status)) === "running");
      ready.observe(parts);
      return { id, props: adapter.state({ ...raw, ...known }, inputs, parts, memoOf(props, parts, ready.times)) };
    },

    async update(id, rawOlds, rawNews) {
      const olds = unwrapSecrets(rawOlds);
      const inputs = unwrapSecrets(rawNews) as unknown as I;
      const ref = parseResourceId(id);
      const c = ctx();
      const owed = diffRestore(diffKeys, olds, inputs as unknown as Props, storedIds(id, olds)).owed;
      if (owed) deps.log(`restore ${ref.ref} of ${ref.clusterName} is stored as ${String(olds.status)}: re-reading it to ${owed} (no new restore is started)`);
      let parts = await adapter.fetch(c.api, ref, olds);
      // A restore seen usable once is done: links that expired or were used up since are no
      // failure. One cancelled or failed since (now or as stored) is, and the wait reports it.
      const usable = wasUsable(olds);
      const ready = tracker(inputs, olds, !usable);
      const state = (p: J[]) => adapter.state(rawNews, inputs, p, memoOf(olds, p, ready.times));
      const now = adapter.statusOf(parts, inputs);
      if (usable && (now.settled !== "bad" || endedAfterUse(now.status, olds))) return { outs: state(parts) };
      try {
        parts = await withSlot(inputs.concurrencyLimit, () => waitForRestore(c, adapter, inputs, ref, olds, parts, ready.observe));
        return { outs: state(parts) };
      } catch (e) {
        throw recordedFailure(e, id, state(lastParts(e, parts)));
      }
    },

    async delete(id, raw) {
      const ref = parseResourceId(id);
      const outcome = await cancelOnDelete(ctx(), adapter, ref, unwrapSecrets(raw ?? {}));
      deps.log(`restore ${ref.ref} of ${ref.clusterName} ${DELETE_LINES[outcome]}.`);
    },
  };
}

const lastParts = <J>(e: unknown, fallback: J[]): J[] => (isRestoreError<J>(e) && e.jobs.length > 0 ? e.jobs : fallback);

/**
 * A failure after the restore exists: the dynamic provider's partial-failure error, so the
 * engine records the restore (id and state) instead of forgetting it, and the next `up` owes it.
 */
function recordedFailure(e: unknown, id: string, state: Props): Error {
  const settled = isRestoreError(e) && SETTLED_BADLY.has(e.code);
  const advice = settled
    ? " The restore is recorded in state and will not be started again by itself; to run a new restore, change `trigger` (or the restore point) or run `pulumi up --replace <urn>`."
    : " The restore is recorded in state; the next `pulumi up` resumes waiting without starting another restore.";
  const message = `${(e as Error).message}${advice}`;
  return Object.assign(new Error(message), { id, properties: state, reasons: [message] });
}

/**
 * A restore's create path and wait, without Pulumi: what `create` does, for tools and benchmarks
 * that measure it. Returns the parts last seen and the restore's reference.
 */
export async function createAndWait<I extends ClusterRef & LifecycleInputs, J, Req, A>(ctx: RestoreContext<A>, adapter: RestoreApiAdapter<I, J, Req, A>, inputs: I): Promise<{ parts: J[]; ref: RestoreJobRef }> {
  const started = await startRestore(ctx, adapter, inputs);
  const ref: RestoreJobRef = { projectId: inputs.projectId, clusterName: inputs.clusterName, ref: adapter.restoreIdOf(started.parts[0]) };
  const hint = adapter.state({}, inputs, started.parts, { ready: {} });
  return { parts: await waitForRestore(ctx, adapter, inputs, ref, hint, started.parts), ref };
}

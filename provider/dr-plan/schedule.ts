import type { DisasterRecoveryPlanArgs } from "./plan-args";

/** When one entry may start, as Pulumi dependencies. */
export interface ScheduledEntry {
  key: string;
  /** Entries this one's child `dependsOn`: exactly its `after` entries (declared order, never a lane). */
  dependsOn: string[];
  /** Entries that run `after` this one (declared order): its child's `awaitedBy`, so its wait polls sooner. */
  awaitedBy: string[];
  /**
   * The entries of the longest `after` chain that starts with this one, itself included (1: nothing
   * runs after it). Under `maxConcurrentRestores` a freed slot goes to the highest rank first, so
   * the longest chain is never held back behind entries that end one.
   */
  rank: number;
}

/**
 * The order a plan's children are declared in and what each waits for. Entries are taken in
 * topological order, among those ready the highest rank first, then declaration order (so the
 * engine asks for the restores that start the longest chains first); each depends on its `after`
 * entries only. `maxConcurrentRestores` is not a dependency: the children share a concurrency limit
 * (restore-core/slots.ts) that a failed restore frees. Dependency lanes would have made every
 * later entry of a lane a dependent of a failure, and the engine skips the dependents of a
 * failed resource: independent entries would not have run. An entry others run `after` is
 * awaited: its child's wait polls sooner (restore-core/awaited.ts), since each link of an `after`
 * chain starts only once the previous restore is seen ready. Expects an acyclic plan whose
 * `after` names existing entries (checkPlan's after-exists / after-acyclic rules).
 */
export function schedulePlan(plan: DisasterRecoveryPlanArgs): ScheduledEntry[] {
  const keys = Object.keys(plan.entries);
  const entries = topologicalOrder(plan).map((key) => ({ key, dependsOn: [...afterOf(plan, key)], awaitedBy: keys.filter((k) => afterOf(plan, k).includes(key)), rank: 1 }));
  const byKey = new Map(entries.map((e) => [e.key, e]));
  // In reverse topological order every entry's dependents are ranked before it.
  for (const e of [...entries].reverse()) e.rank = 1 + Math.max(0, ...e.awaitedBy.map((k) => byKey.get(k)!.rank));
  return topologicalOrder(plan, (k) => byKey.get(k)!.rank).map((k) => byKey.get(k)!);
}

const afterOf = (plan: DisasterRecoveryPlanArgs, key: string): readonly string[] => plan.entries[key].after ?? [];

/** Kahn's algorithm, stable: among entries ready at once, the highest `priority` first, then declaration order. */
export function topologicalOrder(plan: DisasterRecoveryPlanArgs, priority: (key: string) => number = () => 0): string[] {
  const keys = Object.keys(plan.entries);
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < keys.length) {
    const ready = keys.filter((k) => !done.has(k) && afterOf(plan, k).every((a) => done.has(a) || !Object.hasOwn(plan.entries, a)));
    const next = ready.reduce<string | undefined>((best, k) => (best === undefined || priority(k) > priority(best) ? k : best), undefined);
    if (next === undefined) throw new Error(`The plan's after entries form a cycle (${findCycle(plan)?.join(", ")}); checkPlan reports it.`);
    done.add(next);
    order.push(next);
  }
  return order;
}

/** One cycle of `after` edges, each entry waiting for the next (the last for the first), or undefined. Unknown names are ignored. */
export function findCycle(plan: DisasterRecoveryPlanArgs): string[] | undefined {
  const state = new Map<string, "open" | "closed">();
  const stack: string[] = [];
  const visit = (k: string): string[] | undefined => {
    if (state.get(k) === "closed") return undefined;
    if (state.get(k) === "open") return stack.slice(stack.indexOf(k));
    state.set(k, "open");
    stack.push(k);
    for (const a of afterOf(plan, k)) {
      if (a === k || !Object.hasOwn(plan.entries, a)) continue; // after-exists reports these
      const cycle = visit(a);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(k, "closed");
    return undefined;
  };
  for (const k of Object.keys(plan.entries)) {
    const cycle = visit(k);
    if (cycle) return cycle;
  }
  return undefined;
}

import type { DisasterRecoveryPlanArgs } from "./plan-args";

/** When one entry may start, as Pulumi dependencies. */
export interface ScheduledEntry {
  key: string;
  /** Entries this one's child `dependsOn`: its `after` entries, plus the previous one in its lane. */
  dependsOn: string[];
  /** Its lane (0-based) under `maxConcurrentRestores`; undefined when unbounded. */
  lane?: number;
}

/**
 * The order a plan's children are declared in and what each waits for. Entries are taken in
 * topological order (declaration order among those ready). With `maxConcurrentRestores: n`, each
 * goes into one of n lanes and depends on the previous entry of its lane, so at most n restores
 * run at once: a lane whose last entry the new one already waits for (via `after`) is preferred,
 * so ordering does not cost a second lane; otherwise the shortest lane. Pulumi's own dependency
 * mechanism enforces it; nothing else coordinates the children. Expects an acyclic plan whose
 * `after` names existing entries (checkPlan's after-exists / after-acyclic rules).
 */
export function schedulePlan(plan: DisasterRecoveryPlanArgs): ScheduledEntry[] {
  const order = topologicalOrder(plan);
  const bound = plan.maxConcurrentRestores;
  if (bound === undefined || bound >= order.length) return order.map((key) => ({ key, dependsOn: [...afterOf(plan, key)] }));
  const lanes: string[][] = Array.from({ length: bound }, () => []);
  return order.map((key) => {
    const after = afterOf(plan, key);
    const tails = lanes.map((l) => l[l.length - 1]);
    const reuse = tails.findIndex((t) => t !== undefined && after.includes(t));
    const lane = reuse >= 0 ? reuse : lanes.reduce((best, l, i) => (l.length < lanes[best].length ? i : best), 0);
    const previous = tails[lane];
    lanes[lane].push(key);
    return { key, dependsOn: [...new Set([...after, ...(previous !== undefined ? [previous] : [])])], lane };
  });
}

const afterOf = (plan: DisasterRecoveryPlanArgs, key: string): readonly string[] => plan.entries[key].after ?? [];

/** Kahn's algorithm, stable: among entries ready at once, declaration order. */
export function topologicalOrder(plan: DisasterRecoveryPlanArgs): string[] {
  const keys = Object.keys(plan.entries);
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < keys.length) {
    const next = keys.find((k) => !done.has(k) && afterOf(plan, k).every((a) => done.has(a) || !Object.hasOwn(plan.entries, a)));
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

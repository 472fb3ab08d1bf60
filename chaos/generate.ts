/**
 * The schedule generator: a pure function of (seed, index) — schedule `index` of seed `seed` is
 * the same whether generated alone (a replay) or as part of a campaign. How often each thing
 * happens is the table below (policies as data); a fault or change that makes no sense for a
 * declaration (an `api` change of a RestoreJob, a 401 to an API key) is never generated.
 */
import { forSchedule, type Random } from "./prng";
import {
  apiOfSubject, isPlanEntry, SUBJECT_NAMES,
  type AdoptRef, type DeclarationSpec, type FaultKind, type FaultSpec, type FaultTarget, type InputChange, type OutsideAction, type Schedule, type Step,
} from "./schedule";

/** The campaign's frequencies. Weights are relative; `p…` are probabilities. */
export const POLICY = {
  declarations: { 1: 11, 2: 6, 3: 3 },
  steps: { min: 3, max: 6 },
  op: { up: 14, refresh: 3, destroy: 3 },
  pServiceAccount: 0.25,
  /** Every schedule's client timeout, short enough for a latency fault to exceed it at little cost. */
  requestTimeoutSeconds: 2,
  pAutomated: 0.5,
  /** A declaration after the first restores from an earlier one's source cluster. */
  pSharedSource: 0.3,
  /** A legacy source is a sharded cluster (restores are batches of parts). */
  pSharded: 0.2,
  /** The restore point is `snapshot: { latest: true }` (decided once, at create). */
  pLatest: 0.2,
  restoreMs: { 5000: 3, 10000: 4, 20000: 2, 200000: 1 },
  pBroken: 0.08,
  pBoundedPlan: 0.4,
  /** A new plugin process costs ~0.7 s of CPU (loading @pulumi/pulumi and the provider): the budget's largest item. */
  pNewProcess: 0.08,
  pKill: 0.08,
  pRevoke: 0.3,
  atRequest: { min: 1, max: 5 },
  /** Per declaration and step. */
  pChange: 0.3,
  change: { trigger: 3, adopt: 3, waitFor: 1, waitTimeoutMinutes: 1, api: 1, allowTarget: 0.3 },
  adopt: { held: 3, previous: 1, other: 2, missing: 1, remove: 3 },
  waitTimeoutMinutes: [0.5, 1, 2, 5],
  pOtherClient: 0.12,
  pOtherMatching: 0.6,
  /** After another client's restore, the user adopts it in the same step. */
  pAdoptTheirs: 0.5,
  pNewSnapshot: 0.06,
  pRestoreOutcome: 0.06,
  faultsPerStep: { 0: 3, 1: 4, 2: 2, 3: 1 },
  faultKind: { drop: 3, reset: 2, truncate: 2, html502: 2, atlas5xx: 2, atlas503: 2, rate429: 1, slow: 1, timeout: 1, slowBody: 0.5, unauthorized: 1, wrongApi: 0.5 } satisfies Record<FaultKind, number>,
  faultTarget: { create: 4, list: 2, job: 3, cancel: 1, snapshots: 1, any: 2 } satisfies Record<FaultTarget, number>,
  skip: { 0: 6, 1: 2, 2: 1 },
  count: { 1: 6, 2: 2, 3: 1 },
} as const;

const num = (r: Random, weights: Readonly<Record<number, number>>) => Number(r.weighted(weights as Record<string, number>));

export function generateSchedule(seed: number, index: number): Schedule {
  const r = forSchedule(seed, index);
  const credential = r.chance(POLICY.pServiceAccount) ? "serviceAccount" : "apiKey";
  const declarations = generateDeclarations(r);
  const planEntries = declarations.filter((d) => isPlanEntry(d.subject)).length;
  const schedule: Schedule = {
    seed,
    index,
    credential,
    requestTimeoutSeconds: POLICY.requestTimeoutSeconds,
    ...(planEntries >= 2 && r.chance(POLICY.pBoundedPlan) ? { maxConcurrentRestores: 1 } : {}),
    declarations,
    steps: [],
  };
  const steps = r.int(POLICY.steps.min, POLICY.steps.max);
  let triggers = 0;
  for (let i = 0; i < steps; i++) schedule.steps.push(generateStep(r, schedule, i === 0, () => `t${++triggers}`));
  return schedule;
}

function generateDeclarations(r: Random): DeclarationSpec[] {
  const out: DeclarationSpec[] = [];
  const count = num(r, POLICY.declarations);
  for (let i = 0; i < count; i++) {
    const name = `d${i}`;
    const latest = r.chance(POLICY.pLatest) ? { latest: true } : {};
    const owners = out.filter((d) => !d.sharesSourceOf);
    if (owners.length > 0 && r.chance(POLICY.pSharedSource)) {
      const owner = r.pick(owners);
      const api = apiOfSubject(owner.subject);
      const downloads = out.filter((d) => (d.sharesSourceOf ?? d.name) === owner.name && d.delivery === "download");
      // Its signature must differ from the others' on the source: an automated restore has a
      // target of its own; a legacy download a maxDownloads of its own; Atlas allows one
      // active Cloud Backup download per snapshot.
      const freeUses = [3, 1, 2].find((m) => !downloads.some((d) => d.maxDownloads === m));
      const download = r.chance(0.5) && (api === "legacy" ? freeUses !== undefined : downloads.length === 0);
      out.push({
        name,
        subject: r.pick(SUBJECT_NAMES.filter((x) => apiOfSubject(x) === api)),
        delivery: download ? "download" : "automated",
        restoreMs: owner.restoreMs,
        outcome: owner.outcome,
        sharesSourceOf: owner.name,
        ...(owner.sharded ? { sharded: true } : {}),
        ...(download && api === "legacy" ? { maxDownloads: freeUses } : {}),
        ...latest,
      });
      continue;
    }
    const subject = r.pick(SUBJECT_NAMES);
    const legacy = apiOfSubject(subject) === "legacy";
    const delivery = r.chance(POLICY.pAutomated) ? "automated" : "download";
    out.push({
      name,
      subject,
      delivery,
      restoreMs: num(r, POLICY.restoreMs),
      outcome: r.chance(POLICY.pBroken) ? "BROKEN" : "FINISHED",
      ...(legacy && r.chance(POLICY.pSharded) ? { sharded: true } : {}),
      ...(legacy && delivery === "download" ? { maxDownloads: 3 } : {}),
      ...latest,
    });
  }
  return out;
}

function generateStep(r: Random, s: Schedule, first: boolean, newTrigger: () => string): Step {
  const op = first ? "up" : r.weighted(POLICY.op);
  const step: Step = { op };
  if (!first && r.chance(POLICY.pNewProcess)) step.newProcess = true;
  if (op === "up") {
    const changes = s.declarations.flatMap((d) => (!first && r.chance(POLICY.pChange) ? [generateChange(r, d, newTrigger)] : []));
    if (changes.length > 0) step.changes = changes;
  }
  const actions: OutsideAction[] = [];
  for (const d of s.declarations) {
    if (r.chance(POLICY.pOtherClient)) {
      actions.push({ action: "otherClient", decl: d.name, matching: r.chance(POLICY.pOtherMatching) });
      if (op === "up" && !first && r.chance(POLICY.pAdoptTheirs) && !step.changes?.some((c) => c.decl === d.name)) {
        step.changes = [...(step.changes ?? []), { decl: d.name, set: "adopt", value: "other" }];
      }
    }
    if (r.chance(POLICY.pRestoreOutcome)) actions.push({ action: "restoreOutcome", decl: d.name, outcome: r.chance(0.6) ? "BROKEN" : "FINISHED", restoreMs: num(r, POLICY.restoreMs) });
    if (r.chance(POLICY.pNewSnapshot)) actions.push({ action: "newSnapshot", decl: d.name });
  }
  if (actions.length > 0) step.actions = actions;
  const faults = Array.from({ length: num(r, POLICY.faultsPerStep) }, () => generateFault(r, s));
  if (faults.length > 0) step.faults = faults;
  if (r.chance(POLICY.pKill)) step.kill = { atRequest: r.int(POLICY.atRequest.min, POLICY.atRequest.max) };
  if (s.credential === "serviceAccount" && r.chance(POLICY.pRevoke)) step.revokeTokens = { atRequest: r.int(POLICY.atRequest.min, POLICY.atRequest.max) };
  return step;
}

function generateChange(r: Random, d: DeclarationSpec, newTrigger: () => string): InputChange {
  const plan = isPlanEntry(d.subject);
  const kinds = { ...POLICY.change, waitFor: plan ? 0 : POLICY.change.waitFor, api: plan ? POLICY.change.api : 0, allowTarget: plan && d.delivery === "automated" ? POLICY.change.allowTarget : 0 };
  const decl = d.name;
  switch (r.weighted(kinds)) {
    case "trigger":
      return { decl, set: "trigger", value: r.chance(0.15) ? null : newTrigger() };
    case "adopt": {
      const ref = r.weighted(POLICY.adopt);
      return { decl, set: "adopt", value: ref === "remove" ? null : (ref as AdoptRef) };
    }
    case "waitFor":
      return { decl, set: "waitFor", value: r.chance(0.5) ? "none" : "ready" };
    case "waitTimeoutMinutes":
      return { decl, set: "waitTimeoutMinutes", value: r.pick(POLICY.waitTimeoutMinutes) };
    case "api":
      return { decl, set: "api", value: r.chance(0.5) ? "explicit" : "auto" };
    default:
      return { decl, set: "allowTarget", value: r.chance(0.5) };
  }
}

function generateFault(r: Random, s: Schedule): FaultSpec {
  const d = r.pick(s.declarations);
  const kinds = { ...POLICY.faultKind, unauthorized: s.credential === "serviceAccount" ? POLICY.faultKind.unauthorized : 0 };
  const kind = r.weighted(kinds);
  // The cluster's API is told by its snapshot list (the plan's auto decision, the latest selector).
  const on = kind === "wrongApi" ? "snapshots" : r.weighted(POLICY.faultTarget);
  // A latency costs its real time on every request it hits: once is enough.
  const count = kind === "slow" || kind === "timeout" || kind === "slowBody" ? 1 : num(r, POLICY.count);
  const fault: FaultSpec = { kind, decl: d.name, on, skip: num(r, POLICY.skip), count };
  if (kind === "atlas5xx") fault.status = r.pick([500, 502, 504]);
  if (kind === "slow") fault.ms = r.int(100, 600);
  if (kind === "timeout") fault.ms = r.int(POLICY.requestTimeoutSeconds * 1000 + 500, POLICY.requestTimeoutSeconds * 1000 + 2000);
  return fault;
}

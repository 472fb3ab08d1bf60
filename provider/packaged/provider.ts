import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import type { DisasterRecoveryPlanArgs } from "../dr-plan/plan-args";
import { knownValue } from "../resource/output-internals";
import { DisasterRecoveryPlan } from "../resource/disaster-recovery-plan";
import { cloudBackupRestoreJobProviderImpl, restoreApiDecisionProviderImpl, restoreJobProviderImpl } from "../resource/provider-impl";
import { isWrappedSecret, wrapSecret } from "../restore-core/wire-secrets";
import { PACKAGED_PLAN_CLASSES } from "./children";
import { asOperationOf } from "./engine-log";
import { TOKENS, typeOfUrn } from "./tokens";

type Props = Record<string, unknown>;

/**
 * The packaged provider: a second thin door onto the same providers the dynamic one runs
 * (../resource/provider-impl.ts, the safety core's lifecycles over each API's adapter), chosen by
 * the resource's type token, and `construct` of the same DisasterRecoveryPlan with this package's
 * resource classes. Nothing here decides anything about a restore.
 *
 * Secrets: the engine sends secret inputs wrapped (this plugin accepts secrets) and the lifecycles
 * unwrap them; what they return marks secret outputs in the wire form the SDK defines
 * (`runtime.specialSecretSig`), which the engine keeps secret. `check` returns plain values, so
 * the secret-ness of each given input is put back here.
 */
const LIFECYCLES: Record<string, (typeof restoreJobProviderImpl) | (typeof restoreApiDecisionProviderImpl)> = {
  [TOKENS.RestoreJob]: restoreJobProviderImpl,
  [TOKENS.CloudBackupRestoreJob]: cloudBackupRestoreJobProviderImpl,
  [TOKENS.RestoreApiDecision]: restoreApiDecisionProviderImpl,
};

function lifecycleOf(urn: string) {
  const type = typeOfUrn(urn);
  const lifecycle = LIFECYCLES[type];
  if (!lifecycle) throw new Error(`atlas-restore: unknown resource type ${type}; this provider serves ${Object.keys(LIFECYCLES).join(", ")}`);
  return lifecycle;
}

/** `inputs` with every top-level input that was given as a secret wrapped again. */
function keepSecretness(given: Props, inputs: Props): Props {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, isWrappedSecret(given[k]) && !isWrappedSecret(v) ? wrapSecret(v) : v]));
}

export function packagedProvider(version: string, schema: string): provider.Provider {
  return {
    version,
    schema,
    check: (urn, olds, news) =>
      asOperationOf(urn, async () => {
        const r = await lifecycleOf(urn).check(olds, news);
        return { inputs: keepSecretness(news, r.inputs), failures: r.failures };
      }),
    diff: (id, urn, olds, news) => asOperationOf(urn, () => lifecycleOf(urn).diff(id, olds, news)),
    create: (urn, inputs) => asOperationOf(urn, () => lifecycleOf(urn).create(inputs)),
    read: (id, urn, props) => asOperationOf(urn, () => lifecycleOf(urn).read(id, props ?? {})),
    update: (id, urn, olds, news) => asOperationOf(urn, () => lifecycleOf(urn).update(id, olds, news)),
    delete: (id, urn, props) => asOperationOf(urn, () => lifecycleOf(urn).delete(id, props)),

    async construct(name, type, inputs, options) {
      if (type !== TOKENS.DisasterRecoveryPlan) throw new Error(`atlas-restore: unknown component type ${type}`);
      const plan = new DisasterRecoveryPlan(name, (await plainPlan(inputs)) as unknown as DisasterRecoveryPlanArgs, options, PACKAGED_PLAN_CLASSES);
      return { urn: plan.urn, state: { entries: plan.entries, summary: plan.summary, deliveryUrls: plan.deliveryUrls } };
    },
  };
}

/**
 * The plan as plain data, as the component requires (it is checked whole before any child is
 * declared). An input that comes as an Output (a secret, or a value with dependencies) is awaited;
 * one not known yet (preview of a value another resource computes) is left as it is, and the
 * plan's shape check names it.
 */
async function plainPlan(inputs: pulumi.Inputs): Promise<Props> {
  const resolve = async (v: unknown): Promise<unknown> => {
    if (pulumi.Output.isInstance(v)) {
      const known = await knownValue(v as pulumi.Output<unknown>);
      return known === undefined ? v : resolve(known);
    }
    if (Array.isArray(v)) return Promise.all(v.map(resolve));
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await resolve(x)])));
    }
    return v;
  };
  return (await resolve(inputs)) as Props;
}

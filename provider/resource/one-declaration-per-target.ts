import * as pulumi from "@pulumi/pulumi";
import type { RestoreDeliveryArgs } from "./restore-job";

/**
 * Two RestoreJobs of one program restoring into the same cluster fail before any request. This
 * runs in the program process, which sees every resource (the plugin sees one create at a time):
 * each automated restore's resolved target is registered, and after the turn in which the
 * program declared its resources, every declaration that shares a target fails, naming all.
 *
 * How far it goes: targets known while the program declares its resources (plain values, config,
 * values resolved in the same turn). A target that resolves later (another resource's output),
 * another program or stack, or one cluster named by name here and by id there are left to the
 * plugin's per-target lock and to Atlas's list of running restores.
 */
const declared = new Map<string, Set<string>>();

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `delivery`, resolving only once no other declaration of this program shares its target. */
export function onlyDeclarationOfTarget(name: string, delivery: pulumi.Input<RestoreDeliveryArgs>): pulumi.Output<pulumi.Unwrap<RestoreDeliveryArgs>> {
  return pulumi.output(delivery).apply(async (d) => {
    if (d?.methodName !== "AUTOMATED_RESTORE") return d;
    const target = `${d.targetProjectId}/${d.targetClusterName ?? d.targetClusterId}`;
    const key = `${pulumi.getProject()}/${pulumi.getStack()}/${target}`;
    const names = declared.get(key) ?? new Set<string>();
    declared.set(key, names.add(name));
    await nextTurn();
    const all = [...names];
    // Forget it a turn later, once every declaration of this turn has looked (a long-lived
    // Automation API process runs the program again).
    setImmediate(() => names.delete(name));
    if (all.length > 1) {
      throw new Error(
        `RestoreJobs ${all.map((n) => `"${n}"`).join(" and ")} all restore into cluster ${target} (target project/cluster): ` +
          `each automated restore wipes that cluster, so they would overwrite each other. No restore was started. Declare one RestoreJob per target cluster.`,
      );
    }
    return d;
  });
}

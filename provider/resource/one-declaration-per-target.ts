import * as pulumi from "@pulumi/pulumi";

/**
 * Two restores of one program (RestoreJob or CloudBackupRestoreJob, in any mix) restoring into
 * the same cluster fail before any request. This
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

/**
 * `value` (the input that names the target), resolving only once no other declaration of this
 * program shares its target; `targetOf` reads `<projectId>/<cluster>` from it (undefined: no
 * target, e.g. a download).
 */
export function onlyDeclarationOfTarget<T>(name: string, value: pulumi.Input<T>, targetOf: (v: pulumi.Unwrap<T>) => string | undefined): pulumi.Output<pulumi.Unwrap<T>> {
  return pulumi.output(value).apply(async (v) => {
    const target = targetOf(v as pulumi.Unwrap<T>);
    if (target === undefined) return v as pulumi.Unwrap<T>;
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
        `Restores ${all.map((n) => `"${n}"`).join(" and ")} all restore into cluster ${target} (target project/cluster): ` +
          `each automated restore wipes that cluster, so they would overwrite each other. No restore was started. Declare one restore per target cluster.`,
      );
    }
    return v as pulumi.Unwrap<T>;
  });
}

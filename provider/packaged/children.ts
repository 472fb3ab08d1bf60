import * as pulumi from "@pulumi/pulumi";
import { CLOUD_OUTPUT_KEYS } from "../cloud-backup-job/inputs";
import { CLOUD_SECRET_OUTPUTS } from "../cloud-backup-job/outputs";
import type { PlanResourceClasses } from "../resource/disaster-recovery-plan";
import { OUTPUT_KEYS } from "../restore-job/outputs-keys";
import { SECRET_OUTPUT_PATHS } from "../restore-job/outputs";
import { TOKENS } from "./tokens";

/**
 * The resource classes a DisasterRecoveryPlan declares its children with inside the plugin's
 * `construct`: custom resources of this package's own types, served by this same plugin (the
 * engine routes them to its default `atlas-restore` provider). The plan's code is the dynamic
 * door's (../resource/disaster-recovery-plan.ts); only the classes differ.
 */
function packagedResource(type: string, outputKeys: readonly string[], secretOutputs: readonly string[]) {
  return class extends pulumi.CustomResource {
    constructor(name: string, args: object, opts?: pulumi.CustomResourceOptions) {
      const outputs = Object.fromEntries(outputKeys.map((k) => [k, undefined]));
      super(type, name, { ...args, ...outputs }, { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretOutputs] });
    }
  };
}

export const PACKAGED_PLAN_CLASSES = {
  type: TOKENS.DisasterRecoveryPlan,
  RestoreJob: packagedResource(TOKENS.RestoreJob, OUTPUT_KEYS, SECRET_OUTPUT_PATHS.topLevel),
  CloudBackupRestoreJob: packagedResource(TOKENS.CloudBackupRestoreJob, CLOUD_OUTPUT_KEYS, CLOUD_SECRET_OUTPUTS),
  RestoreApiDecision: packagedResource(TOKENS.RestoreApiDecision, ["api"], []),
} as unknown as PlanResourceClasses;

/**
 * The user's program of a chaos stack: every declaration of one schedule, as a user writes them —
 * `RestoreJob`s, `CloudBackupRestoreJob`s, and one `DisasterRecoveryPlan` holding the plan
 * entries — read from stack config (`chaos:program`, JSON of `ProgramDeclarations`). The program
 * host (chaos/host) runs it once per `pulumi up`. A plan its constructor refuses fails the `up`
 * the way a throwing program does; the resources declared before it still run.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudBackupRestoreJob, DisasterRecoveryPlan, RestoreJob, type CloudBackupRestoreJobArgs, type RestoreJobArgs } from "../../provider";
import type { ProgramDeclarations } from "../host/protocol";

// `export =`: the host imports the module as a language host does, and calls `module.exports`.
export = async function chaosProgram(): Promise<Record<string, unknown>> {
  const declared = new pulumi.Config("chaos").requireObject<ProgramDeclarations>("program");
  // One top-level output per resource: the host settles each, so the run ends only once every
  // registration has (an output nested in an object would not be waited for).
  const outputs: Record<string, unknown> = {};
  for (const r of declared.resources) {
    const resource = r.type === "RestoreJob" ? new RestoreJob(r.name, r.inputs as unknown as RestoreJobArgs) : new CloudBackupRestoreJob(r.name, r.inputs as unknown as CloudBackupRestoreJobArgs);
    outputs[r.name] = resource.status;
  }
  if (!declared.plan) return outputs;
  try {
    const plan = new DisasterRecoveryPlan(declared.plan.name, declared.plan.args);
    return { ...outputs, summary: plan.summary };
  } catch (e) {
    return { ...outputs, planError: (e as Error).message };
  }
};

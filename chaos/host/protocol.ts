/**
 * The messages between the chaos campaign and a program host (one child process per lane, as the
 * language host is per `pulumi up`): operations on a stack, and control of the host's
 * dynamic-provider plugin process (start it anew, kill it).
 */
import type { ResourceState, Step } from "../../local-engine/engine";
import type { DisasterRecoveryPlanArgs } from "../../provider";

/** What one `up` of the chaos program (chaos/program) declares. */
export interface ProgramDeclarations {
  resources: { name: string; type: "RestoreJob" | "CloudBackupRestoreJob"; inputs: Record<string, unknown> }[];
  plan?: { name: string; args: DisasterRecoveryPlanArgs };
}

/** Stack config of the plugin: full keys; `{ secret }` marks a secret value. */
export type PluginConfig = Record<string, string | { secret: string }>;

export type HostRequest =
  /** Config for the plugin processes started from now on (a running one is kept until `newProcess`). */
  | { op: "configure"; config: PluginConfig }
  /** The next operation runs in a new plugin process, as the next `pulumi up` would (the old one exits cleanly). */
  | { op: "newProcess" }
  /** SIGKILL the plugin now, whatever it is doing (a crash, or an `up` killed mid-operation). */
  | { op: "kill" }
  | { op: "up"; stack: string; program: ProgramDeclarations }
  | { op: "refresh" | "destroy"; stack: string }
  /** Drop a stack's state (the schedule is over). */
  | { op: "forget"; stack: string };

/** What one operation left. */
export interface HostResult {
  /** Every error the operation surfaced; `urn` where it is one resource's; `check` for a check failure. */
  errors: { urn?: string; check?: boolean; message: string }[];
  /** The plan's constructor refused the plan (it threw in the program). */
  planError?: string;
  steps: Step[];
  /** The stack's state after the operation. */
  resources: ResourceState[];
  /** The operation started a new plugin process (the first, after a kill, or after `newProcess`). */
  pluginStarted: boolean;
  /** The plugin's log lines during the operation (bounded). */
  logs: string[];
}

export interface HostMessage {
  id: number;
  request: HostRequest;
}

export interface HostReply {
  id: number;
  result?: HostResult;
  /** The host itself failed (never a stack operation's failure: those are in `result.errors`). */
  hostError?: string;
}

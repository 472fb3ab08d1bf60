import type * as pulumi from "@pulumi/pulumi";
import { cloudRestoreAdapter } from "../cloud-backup-job/adapter";
import { restoreLifecycle, type RestoreLifecycle } from "../restore-core/lifecycle";
import { legacyRestoreAdapter } from "../restore-job/adapter";
import { ProviderClients } from "./clients";
import { restoreApiDecisionImpl } from "./restore-api-decision";

/**
 * The providers as the dynamic-provider plugin runs them. They are loaded at run time by the tiny
 * serialized shim (provider-shim.ts), so they are never copied into state: refresh and delete
 * always run the installed version of this code. Each is the safety core's lifecycle over one
 * API's adapter, plus configure: no resource owns a rule of its own.
 */
let sink = (line: string) => console.log(`[atlas-restore] ${line}`);
const log = (line: string) => sink(line);

/**
 * Where the providers' progress lines go: the dynamic-provider plugin's stdout by default (the
 * engine shows it); the packaged plugin sends them to the engine's log instead (its stdout is
 * only logged at debug level).
 */
export function logProvidersTo(next: (line: string) => void): void {
  sink = next;
}
const clients = new ProviderClients(log);

type ProviderImpl = RestoreLifecycle & { configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> };

/**
 * Gives every provider of this process its settings: `config(key)` answers a stack config key of
 * SETTING_SOURCES (e.g. `mongodbatlas:publicKey`). The dynamic provider calls it from configure;
 * the packaged plugin (../packaged) from its Configure, with its own namespace's values.
 */
export function configureProviders(config: (key: string) => string | undefined): void {
  clients.configure(config);
}

const withConfigure = (lifecycle: RestoreLifecycle): ProviderImpl => ({
  ...lifecycle,
  async configure(req) {
    configureProviders((key) => req.config.get(key));
  },
});

/** RestoreJob: legacy restore jobs. */
export const restoreJobProviderImpl = withConfigure(restoreLifecycle(legacyRestoreAdapter, { client: () => clients.legacy(), log, clock: () => clients.clock() }));
/** CloudBackupRestoreJob: Atlas Cloud Backup (Admin API v2). */
export const cloudBackupRestoreJobProviderImpl = withConfigure(restoreLifecycle(cloudRestoreAdapter, { client: () => clients.cloud(), log, clock: () => clients.clock() }));
/** RestoreApiDecision: a DR plan's `api: "auto"`, decided once and pinned. */
export const restoreApiDecisionProviderImpl = { ...restoreApiDecisionImpl(() => clients.cloud()), configure: restoreJobProviderImpl.configure };

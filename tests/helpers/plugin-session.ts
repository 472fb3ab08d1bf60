import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalEngine, type StackState } from "../../local-engine/engine";
import { ProviderPlugin } from "../../local-engine/plugin";
import { cloudBackupRestoreJobProvider, restoreJobProvider } from "../../provider/resource/provider-shim";

export const REPO_ROOT = resolve(__dirname, "../..");
export const RESTORE_JOB_TYPE = "pulumi-nodejs:dynamic/atlas:RestoreJob";
export const CLOUD_BACKUP_RESTORE_JOB_TYPE = "pulumi-nodejs:dynamic/atlas:CloudBackupRestoreJob";

/**
 * A throwaway Pulumi project folder shaped like a user's: this package is installed in its
 * node_modules (as a link to this checkout), so the serialized provider's
 * `require("pulumi-atlas-restore/…")` resolves exactly as it does for users.
 */
export function makeUserProject(name = "restore-test"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "atlas-restore-project-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "pulumi-atlas-restore"), "dir");
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The provider text exactly as `pulumi.dynamic.Resource` stores it in `__provider`. */
export async function serializedProvider(provider: pulumi.dynamic.ResourceProvider = restoreJobProvider): Promise<string> {
  // Same closure shape as `serializeProvider(provider)` in @pulumi/pulumi/dynamic/index.js.
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return text;
}

/** The plugin's log lines arrive on its stdout, which may trail the RPC reply: wait for one. */
export async function waitForLog(logs: string[], pattern: RegExp, timeoutMs = 5_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = logs.find((l) => pattern.test(l));
    if (line || Date.now() > deadline) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface PluginSession {
  plugin: ProviderPlugin;
  engine: LocalEngine;
  state: StackState;
  providerText: string;
  /** The CloudBackupRestoreJob's provider text, for sessions that declare both resources. */
  cloudProviderText: string;
  logs: string[];
  /** A new plugin process on the same state, as the next `pulumi up` would start. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  close(): Promise<void>;
}

export interface SessionOptions {
  apiBase: string;
  /** An API key pair, or (instead) a service account's clientId / clientSecret. */
  publicKey?: string;
  privateKey?: string;
  clientId?: string;
  clientSecret?: string;
  extraConfig?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  state?: StackState;
  /** The provider serialized into `providerText`. @default restoreJobProvider */
  provider?: pulumi.dynamic.ResourceProvider;
}

/** Stack config of the session's credential: the service account when one is given, else the API key. */
export function credentialConfig(o: Pick<SessionOptions, "publicKey" | "privateKey" | "clientId" | "clientSecret">): Record<string, string | { secret: string }> {
  if (o.clientId !== undefined) return { "mongodbatlas:clientId": o.clientId, "mongodbatlas:clientSecret": { secret: o.clientSecret ?? "" } };
  return { "mongodbatlas:publicKey": o.publicKey ?? "", "mongodbatlas:privateKey": { secret: o.privateKey ?? "" } };
}

/** Starts the SDK's dynamic-provider plugin in a user-shaped project and configures it with stack config. */
export async function openPluginSession(o: SessionOptions): Promise<PluginSession> {
  const project = makeUserProject();
  const logs: string[] = [];
  const state: StackState = o.state ?? { resources: {} };
  const providerText = await serializedProvider(o.provider);
  const cloudProviderText = await serializedProvider(cloudBackupRestoreJobProvider);
  const start = async () => {
    const plugin = await ProviderPlugin.start({ cwd: project.dir, project: "restore-test", env: o.env, onLog: (l) => logs.push(l) });
    await plugin.configure({
      ...credentialConfig(o),
      "mongodbatlas:baseUrl": o.apiBase,
      ...o.extraConfig,
    });
    return plugin;
  };
  const session: PluginSession = {
    plugin: await start(),
    engine: undefined as unknown as LocalEngine,
    state,
    providerText,
    cloudProviderText,
    logs,
    async restart(signal) {
      await session.plugin.stop(signal);
      session.plugin = await start();
      session.engine = new LocalEngine(session.plugin, state, "restore-test", "dev");
    },
    async close() {
      await session.plugin.stop();
      project.remove();
    },
  };
  session.engine = new LocalEngine(session.plugin, state, "restore-test", "dev");
  return session;
}

/**
 * The environment of every Pulumi CLI run of the repository's own tooling (npm start, the
 * real-engine tests): a local file backend, a passphrase secrets provider, its own PULUMI_HOME,
 * and nothing that reaches for the internet (cli/pulumi-env.ts).
 */
import { pulumiEnv } from "../../cli/pulumi-env";

export interface OfflineEnvOptions {
  /** Absolute path of the state folder (`file://` backend). */
  backendDir: string;
  /** PULUMI_HOME: plugins, credentials and logs stay here, not in ~/.pulumi. */
  homeDir: string;
  /** Encrypts the stack's secrets. */
  passphrase: string;
}

export function offlinePulumiEnv(o: OfflineEnvOptions): Record<string, string> {
  return pulumiEnv({ backendUrl: `file://${o.backendDir}`, homeDir: o.homeDir, passphrase: o.passphrase });
}

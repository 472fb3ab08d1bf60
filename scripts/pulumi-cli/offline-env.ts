/**
 * The environment every run of the Pulumi CLI gets here: a local file backend, a passphrase
 * secrets provider, its own PULUMI_HOME, and nothing that reaches for the internet (no update
 * check, no plugin download: a missing plugin fails at once instead of fetching from GitHub).
 */
export interface OfflineEnvOptions {
  /** Absolute path of the state folder (`file://` backend). */
  backendDir: string;
  /** PULUMI_HOME: plugins, credentials and logs stay here, not in ~/.pulumi. */
  homeDir: string;
  /** Encrypts the stack's secrets. */
  passphrase: string;
}

export function offlinePulumiEnv(o: OfflineEnvOptions): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${o.backendDir}`,
    PULUMI_HOME: o.homeDir,
    PULUMI_CONFIG_PASSPHRASE: o.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  };
}

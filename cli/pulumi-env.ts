/**
 * The environment every `pulumi` run of this package gets: a backend, optionally its own
 * PULUMI_HOME and a passphrase secrets provider, and nothing that reaches for the internet (no
 * update check, no plugin download: a missing plugin fails at once instead of fetching from
 * GitHub; the dynamic provider needs only the plugin bundled with the CLI).
 */
export interface PulumiEnvOptions {
  /** PULUMI_BACKEND_URL, e.g. `file:///abs/state` or `s3://bucket/path`. */
  readonly backendUrl: string;
  /** PULUMI_HOME: plugins, credentials and logs stay here instead of ~/.pulumi. */
  readonly homeDir?: string;
  /** Encrypts the stack's secrets; absent: the caller's PULUMI_CONFIG_PASSPHRASE(_FILE) applies. */
  readonly passphrase?: string;
}

export function pulumiEnv(o: PulumiEnvOptions): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: o.backendUrl,
    ...(o.homeDir ? { PULUMI_HOME: o.homeDir } : {}),
    ...(o.passphrase ? { PULUMI_CONFIG_PASSPHRASE: o.passphrase } : {}),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
  };
}

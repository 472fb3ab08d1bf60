import { readFileSync } from "node:fs";

/**
 * Where the provider's credentials and endpoint come from. Stack config first (read in the
 * plugin's `configure`, secrets decrypted), then environment variables. The keys are the official
 * Atlas provider's, so one stack config serves both providers.
 */
export interface ProviderSettings {
  /** Programmatic API key: its public part (HTTP digest user name). */
  publicKey?: string;
  /** Programmatic API key: its private part. **Secret.** */
  privateKey?: string;
  /** Service account (OAuth 2.0 client credentials); wins over the API key (credentials.ts). */
  clientId?: string;
  /** The service account's client secret. **Secret.** */
  clientSecret?: string;
  /** A pre-minted service-account token; wins over both. **Secret.** */
  accessToken?: string;
  /** The Admin API's address: Atlas's by default; a Cloud / Ops Manager URL, or a local emulator's. */
  baseUrl?: string;
  /** PEM file of a private CA (Ops Manager behind an internal certificate authority). */
  caCertFile?: string;
  /** Allow plain http:// to a host other than loopback (never needed for Atlas). */
  allowInsecureHttp?: boolean;
  /** Per-project request budget of this process, at most 100000. @default 100 */
  requestsPerMinute?: number;
  /**
   * How long one request may wait for Atlas to start answering, and between two chunks of the
   * answer (fractions allowed); a whole answer may take 4 times as long. A request that times
   * out is retried if it is a GET; a POST is reconciled by listing restore jobs, never re-sent.
   * At most 3600. @default 30
   */
  requestTimeoutSeconds?: number;
  /**
   * The window `requestsPerMinute` is counted over, in seconds. Atlas counts per minute; change
   * it only for a server with another window (an Ops Manager with a custom limit, a test server).
   * At most 86400. @default 60
   */
  rateLimitWindowSeconds?: number;
  /**
   * How many times faster than real time the server's clock runs: an emulator started with
   * `--time-scale N` (never Atlas). Waits, polls and pauses are then taken in the server's time,
   * so a drill against the emulator polls as often, in emulated minutes, as it would Atlas.
   * @default 1
   */
  serverTimeScale?: number;
}

/**
 * Each setting: its stack config key, then its environment variable, then aliases read after it
 * (the official Terraform provider's and Atlas CLI's names, atlas-v2-and-auth.md §3.2).
 */
export const SETTING_SOURCES: Record<keyof ProviderSettings, readonly [configKey: string, envVar: string, ...aliases: string[]]> = {
  publicKey: ["mongodbatlas:publicKey", "MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PUBLIC_API_KEY", "MCLI_PUBLIC_API_KEY"],
  privateKey: ["mongodbatlas:privateKey", "MONGODB_ATLAS_PRIVATE_KEY", "MONGODB_ATLAS_PRIVATE_API_KEY", "MCLI_PRIVATE_API_KEY"],
  clientId: ["mongodbatlas:clientId", "MONGODB_ATLAS_CLIENT_ID"],
  clientSecret: ["mongodbatlas:clientSecret", "MONGODB_ATLAS_CLIENT_SECRET"],
  accessToken: ["mongodbatlas:accessToken", "MONGODB_ATLAS_ACCESS_TOKEN"],
  baseUrl: ["mongodbatlas:baseUrl", "MONGODB_ATLAS_BASE_URL"],
  caCertFile: ["atlas-restore:caCertFile", "ATLAS_RESTORE_CA_CERT_FILE"],
  allowInsecureHttp: ["atlas-restore:allowInsecureHttp", "ATLAS_RESTORE_ALLOW_INSECURE_HTTP"],
  requestsPerMinute: ["atlas-restore:requestsPerMinute", "ATLAS_RESTORE_REQUESTS_PER_MINUTE"],
  requestTimeoutSeconds: ["atlas-restore:requestTimeoutSeconds", "ATLAS_RESTORE_REQUEST_TIMEOUT_SECONDS"],
  rateLimitWindowSeconds: ["atlas-restore:rateLimitWindowSeconds", "ATLAS_RESTORE_RATE_LIMIT_WINDOW_SECONDS"],
  serverTimeScale: ["atlas-restore:serverTimeScale", "ATLAS_RESTORE_SERVER_TIME_SCALE"],
};

/** Settings whose values are secrets (stored encrypted, never shown): the packaged schema marks them so. */
export const SECRET_SETTINGS: ReadonlySet<keyof ProviderSettings> = new Set(["privateKey", "clientSecret", "accessToken"] as const);

/**
 * Settings that are numbers: the unit their error message names, and the largest value accepted.
 * Every bound keeps the timers built from it far below what a JavaScript timer can hold (2^31 − 1
 * ms, 24.8 days: a longer delay fires after 1 ms), and above anything a real server needs.
 */
export const MAX_REQUESTS_PER_MINUTE = 100_000;
const NUMERIC_SETTINGS = {
  requestsPerMinute: { unit: "requests per minute", max: MAX_REQUESTS_PER_MINUTE, maxText: String(MAX_REQUESTS_PER_MINUTE) },
  // A whole answer may take 4 times this: 4 hours at most.
  requestTimeoutSeconds: { unit: "seconds", max: 3_600, maxText: "3600 (1 hour)" },
  rateLimitWindowSeconds: { unit: "seconds", max: 86_400, maxText: "86400 (1 day)" },
  // An emulator runs at most a few thousand times real time (its --time-scale).
  serverTimeScale: { unit: "times real time", max: 100_000, maxText: "100000" },
} as const;
type NumericSetting = keyof typeof NUMERIC_SETTINGS;

/** Throws naming the setting (its config key and variables) when a numeric one is not a positive number within its bound. */
export function checkNumericSettings(s: ProviderSettings): void {
  for (const [k, { unit, max, maxText }] of Object.entries(NUMERIC_SETTINGS) as [NumericSetting, (typeof NUMERIC_SETTINGS)[NumericSetting]][]) {
    const v = s[k];
    if (v === undefined || (v > 0 && v <= max)) continue;
    // Only a number is shown: a non-number may be a secret pasted into the wrong variable.
    const got = Number.isNaN(v) ? "not a number" : `got ${v}`;
    throw new Error(`${SETTING_SOURCES[k].join(" / ")} must be a positive number of ${unit}, at most ${maxText}: ${got}.`);
  }
}

/** Read from ONE source, as the official provider does: stack config if it holds any of them, else the environment. */
const CREDENTIAL_SETTINGS: ReadonlySet<keyof ProviderSettings> = new Set(["publicKey", "privateKey", "clientId", "clientSecret", "accessToken"] as const);

export function readSettings(config: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const given = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);
  const fromConfig = (k: keyof ProviderSettings) => given(config(SETTING_SOURCES[k][0]));
  const fromEnv = (k: keyof ProviderSettings) => SETTING_SOURCES[k].slice(1).map((name) => given(env[name])).find((v) => v !== undefined);
  // Why: a stack whose config names the emulator's key must not pick up a real service account
  // from the shell (it would win by priority), nor pair a config key with an env secret.
  const credentialsInConfig = [...CREDENTIAL_SETTINGS].some((k) => fromConfig(k) !== undefined);
  const raw = (k: keyof ProviderSettings) => {
    if (CREDENTIAL_SETTINGS.has(k)) return credentialsInConfig ? fromConfig(k) : fromEnv(k);
    return fromConfig(k) ?? fromEnv(k);
  };
  const num = (k: NumericSetting) => {
    const v = raw(k);
    return v === undefined ? undefined : Number(v);
  };
  return {
    publicKey: raw("publicKey"),
    privateKey: raw("privateKey"),
    clientId: raw("clientId"),
    clientSecret: raw("clientSecret"),
    accessToken: raw("accessToken"),
    baseUrl: raw("baseUrl"),
    caCertFile: raw("caCertFile"),
    allowInsecureHttp: raw("allowInsecureHttp") === "true",
    requestsPerMinute: num("requestsPerMinute"),
    requestTimeoutSeconds: num("requestTimeoutSeconds"),
    rateLimitWindowSeconds: num("rateLimitWindowSeconds"),
    serverTimeScale: num("serverTimeScale"),
  };
}

/** The client options; pass settings holding one credential (`chooseCredential` in credentials.ts). */
export function clientOptionsFrom(s: ProviderSettings) {
  checkNumericSettings(s);
  const timeoutSeconds = s.requestTimeoutSeconds;
  const timeoutMs = timeoutSeconds === undefined ? undefined : Math.max(1, Math.round(timeoutSeconds * 1000));
  const windowSeconds = s.rateLimitWindowSeconds;
  return {
    publicKey: s.publicKey,
    privateKey: s.privateKey,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    accessToken: s.accessToken,
    baseUrl: s.baseUrl,
    allowInsecureHttp: s.allowInsecureHttp,
    caCert: s.caCertFile ? readFileSync(s.caCertFile, "utf8") : undefined,
    requestsPerMinute: s.requestsPerMinute,
    rateLimitWindowMs: windowSeconds === undefined ? undefined : Math.round(windowSeconds * 1000),
    ...(timeoutMs === undefined ? {} : { timeouts: { connectMs: Math.min(10_000, timeoutMs), headersMs: timeoutMs, bodyMs: timeoutMs, responseMs: 4 * timeoutMs } }),
  };
}

/** AtlasClient options (as named in an AtlasConfigError) and the provider setting behind each. */
const SETTING_OF_OPTION: Record<string, keyof ProviderSettings> = {
  publicKey: "publicKey",
  privateKey: "privateKey",
  clientId: "clientId",
  clientSecret: "clientSecret",
  accessToken: "accessToken",
  baseUrl: "baseUrl",
  requestsPerMinute: "requestsPerMinute",
  rateLimitWindowMs: "rateLimitWindowSeconds",
  "timeouts.connectMs": "requestTimeoutSeconds",
  "timeouts.headersMs": "requestTimeoutSeconds",
  "timeouts.bodyMs": "requestTimeoutSeconds",
  "timeouts.responseMs": "requestTimeoutSeconds",
};

/**
 * The client's configuration error, told in the provider's terms: the stack config key and the
 * environment variable to fix, not the AtlasClient option (a Pulumi user has no `baseUrl` option).
 */
export function configurationError(e: { option: string; message: string }): Error {
  const key = SETTING_OF_OPTION[e.option];
  const where = key ? `${SETTING_SOURCES[key][0]} (or the environment variable ${SETTING_SOURCES[key][1]})` : "the provider configuration";
  const message = e.message
    .replace(/set allowInsecureHttp: true/, `set ${SETTING_SOURCES.allowInsecureHttp[0]} (or the environment variable ${SETTING_SOURCES.allowInsecureHttp[1]}) to true`)
    .replace(/goes in publicKey \/ privateKey/, `goes in ${SETTING_SOURCES.publicKey[0]} / ${SETTING_SOURCES.privateKey[0]}`);
  return new Error(`Invalid ${where}: ${message}`);
}

/**
 * What the runners (`atlas-restore drill`, `npm start`) take from the environment about Atlas,
 * checked before anything runs, and the secrets they must never print.
 *
 * A value pasted into the wrong variable is the classic leak: a private key in
 * MONGODB_ATLAS_BASE_URL would be echoed by every header line and error that shows the base URL.
 * So a base URL that is not a URL is never shown, one that is shows its origin only, and every
 * line the runners print or write passes through `redact` with the environment's secrets.
 */
import { resolveApiBase } from "../provider/atlas/base-url";
import { redact } from "../provider/atlas/redact";
import { checkNumericSettings, configurationError, SETTING_SOURCES, type ProviderSettings } from "../provider/resource/settings";

/** Settings whose values are secrets, as the provider reads them (every alias too). */
const SECRET_SETTINGS = ["privateKey", "clientSecret", "accessToken"] as const;
/** Pulumi's own secrets a run may carry in its environment. */
const PULUMI_SECRETS = ["PULUMI_CONFIG_PASSPHRASE", "PULUMI_ACCESS_TOKEN"];

/**
 * Literal secrets shorter than this are left to the patterns: replacing a 4-letter passphrase
 * everywhere would mangle ordinary words of the console and the report (and its enum values).
 */
const MIN_LITERAL_SECRET = 8;

/** The secret values in `env`: credentials (every variable the provider reads one from) and Pulumi's passphrase and token. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const names = [...SECRET_SETTINGS.flatMap((k) => SETTING_SOURCES[k].slice(1)), ...PULUMI_SECRETS];
  return literalSecrets(names.map((n) => env[n]));
}

/** The values worth replacing wherever they appear (set, long enough), once each. */
export function literalSecrets(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => typeof v === "string" && v.length >= MIN_LITERAL_SECRET))];
}

/** An output stream whose every write is redacted with the secrets known at the time of the write. */
export function redactingStream(stream: { write(text: string): unknown }, secrets: () => readonly string[]): { write(text: string): unknown } {
  return { write: (text: string) => stream.write(redact(text, secrets())) };
}

export interface AtlasServer {
  /** e.g. `https://cloud.mongodb.com`. */
  readonly origin: string;
  /** e.g. `https://cloud.mongodb.com/api/atlas/v1.0`. */
  readonly apiBase: string;
}

const BASE_URL_VAR = SETTING_SOURCES.baseUrl[1];

/**
 * The server the settings name (Atlas when no base URL is set), after the provider's own checks
 * of the base URL and of every numeric setting. Throws an Error whose message never holds the
 * base URL's value beyond its origin.
 */
export function atlasServer(settings: ProviderSettings, secrets: readonly string[]): AtlasServer {
  checkNumericSettings(settings);
  const given = settings.baseUrl?.trim();
  if (given !== undefined && !URL.canParse(given)) {
    throw new Error(
      `${BASE_URL_VAR} is not an absolute URL (its value is not shown: it may be a secret pasted into the wrong variable). ` +
        "Use e.g. https://cloud.mongodb.com (Atlas), https://cloud.mongodbgov.com (Atlas for Government) or https://opsmanager.example.com:8443 (Ops Manager), or unset it for Atlas.",
    );
  }
  const url = given === undefined ? undefined : new URL(given);
  // Everything but the origin is kept out of its messages: a path, query or user-info could be anything.
  const hidden = [...secrets, ...(url ? [url.pathname.replace(/\/+$/, ""), url.search, url.hash, url.username, url.password] : [])].filter((h) => h.length > 1);
  try {
    const resolved = resolveApiBase(given, { allowInsecureHttp: settings.allowInsecureHttp, secrets: hidden });
    return { origin: resolved.origin, apiBase: resolved.apiBase };
  } catch (e) {
    throw new Error(redact(configurationError(e as { option: string; message: string }).message, hidden));
  }
}

/**
 * Which credential the provider uses, as the official provider decides (atlas-v2-and-auth.md
 * §3.2): a pre-minted access token, then a service account, then an API key. Several configured:
 * the first is used and a warning names what was ignored. Half of a pair: an error naming the
 * missing half (whichever credential would have won), so a typo never silently falls back.
 */
import { SETTING_SOURCES, type ProviderSettings } from "./settings";

type CredentialSetting = "accessToken" | "clientId" | "clientSecret" | "publicKey" | "privateKey";

interface CredentialRow {
  /** What the user calls it, in messages. */
  name: string;
  settings: readonly CredentialSetting[];
}

/** In priority order. */
const CREDENTIALS: readonly CredentialRow[] = [
  { name: "access token", settings: ["accessToken"] },
  { name: "service account", settings: ["clientId", "clientSecret"] },
  { name: "API key", settings: ["publicKey", "privateKey"] },
];

const CREDENTIAL_SETTINGS: readonly CredentialSetting[] = CREDENTIALS.flatMap((c) => c.settings);

/** `mongodbatlas:clientSecret (or the environment variable MONGODB_ATLAS_CLIENT_SECRET)`; aliases are in the README. */
function whereToSet(k: keyof ProviderSettings): string {
  const [configKey, envVar] = SETTING_SOURCES[k];
  return `${configKey} (or the environment variable ${envVar})`;
}

const keys = (row: CredentialRow) => row.settings.map((k) => SETTING_SOURCES[k][0]).join(" / ");

export interface ChosenCredential {
  /** Every credential setting: the chosen credential's as given, the others undefined. */
  settings: Pick<ProviderSettings, CredentialSetting>;
  /** Set when another credential was configured too and is ignored. */
  warning?: string;
}

export function chooseCredential(s: ProviderSettings): ChosenCredential {
  const set = (k: CredentialSetting) => Boolean(s[k]);
  for (const row of CREDENTIALS) {
    const missing = row.settings.filter((k) => !set(k));
    if (missing.length > 0 && missing.length < row.settings.length) {
      const given = row.settings.filter(set).map((k) => SETTING_SOURCES[k][0]);
      throw new Error(
        `The ${row.name} is half configured: ${given.join(", ")} is set but ${missing.map(whereToSet).join(" and ")} is not. ` +
          `Set both, or remove ${given.join(", ")}.`,
      );
    }
  }
  const configured = CREDENTIALS.filter((row) => row.settings.every(set));
  const chosen = configured[0];
  if (!chosen) {
    const how = (["publicKey", "privateKey"] as const).map(whereToSet);
    throw new Error(
      `The Atlas API key is not configured: set ${how.join(" and ")}. For example: ` +
        "`pulumi config set mongodbatlas:publicKey <public key>` and `pulumi config set --secret mongodbatlas:privateKey <private key>`. " +
        `Or use a service account: ${whereToSet("clientId")} and ${whereToSet("clientSecret")} (a secret).`,
    );
  }
  const settings = Object.fromEntries(CREDENTIAL_SETTINGS.map((k) => [k, chosen.settings.includes(k) ? s[k] : undefined]));
  const ignored = configured.slice(1);
  const warning = ignored.length === 0
    ? undefined
    : `warning: several Atlas credentials are configured; using the ${chosen.name} (${keys(chosen)}) and ignoring the ` +
      `${ignored.map((r) => `${r.name} (${keys(r)})`).join(" and the ")}, the official provider's priority (access token > service account > API key).`;
  return { settings, ...(warning ? { warning } : {}) };
}

/**
 * One credential as environment variables for a provider process that inherits a shell's
 * environment (a `pulumi` run): every other credential variable, ours and the official tools'
 * aliases, is blanked, so a real key or service account in the shell can never win over the
 * chosen one by priority (credentials.ts).
 */
import { SETTING_SOURCES } from "./settings";

type EnvCredential = { readonly publicKey: string; readonly privateKey: string } | { readonly clientId: string; readonly clientSecret: string };

/** Every environment variable the provider reads a credential from. */
export const CREDENTIAL_ENV_VARS: readonly string[] = (["publicKey", "privateKey", "clientId", "clientSecret", "accessToken"] as const).flatMap((k) => SETTING_SOURCES[k].slice(1));

export function exclusiveCredentialEnv(credential: EnvCredential, baseUrl: string): Record<string, string> {
  const blank = Object.fromEntries(CREDENTIAL_ENV_VARS.map((name) => [name, ""]));
  const chosen = Object.fromEntries(Object.entries(credential).map(([k, v]) => [SETTING_SOURCES[k as keyof typeof SETTING_SOURCES][1], v as string]));
  return { ...blank, ...chosen, [SETTING_SOURCES.baseUrl[1]]: baseUrl };
}

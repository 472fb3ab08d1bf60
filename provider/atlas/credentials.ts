/**
 * Which credential an AtlasClient authenticates with, validated before any I/O. The priority is
 * the official provider's (atlas-v2-and-auth.md §3.2): a pre-minted access token, then a service
 * account (OAuth 2.0 client credentials), then a digest API key pair. The Pulumi provider warns
 * about the ignored ones (provider/resource/credentials.ts); here they are simply ignored.
 */
import { AtlasConfigError } from "./errors";

/** A digest API key pair (legacy, still supported by Atlas). */
export interface ApiKeyCredential {
  kind: "api-key";
  publicKey: string;
  privateKey: string;
}

/** A service account: tokens are minted at `POST {origin}/api/oauth/token`. */
export interface ServiceAccountCredential {
  kind: "service-account";
  clientId: string;
  clientSecret: string;
}

/** A token minted elsewhere (valid one hour); never renewed nor revoked by this client. */
export interface AccessTokenCredential {
  kind: "access-token";
  accessToken: string;
}

export type Credential = ApiKeyCredential | ServiceAccountCredential | AccessTokenCredential;
export type CredentialKind = Credential["kind"];

export interface CredentialOptions {
  publicKey?: string;
  privateKey?: string;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
}

type CredentialField = keyof CredentialOptions;

/** Stack config key and environment variable named in messages, per option. */
const WHERE: Readonly<Record<CredentialField, readonly [configKey: string, envVar: string]>> = {
  publicKey: ["mongodbatlas:publicKey", "MONGODB_ATLAS_PUBLIC_KEY"],
  privateKey: ["mongodbatlas:privateKey", "MONGODB_ATLAS_PRIVATE_KEY"],
  clientId: ["mongodbatlas:clientId", "MONGODB_ATLAS_CLIENT_ID"],
  clientSecret: ["mongodbatlas:clientSecret", "MONGODB_ATLAS_CLIENT_SECRET"],
  accessToken: ["mongodbatlas:accessToken", "MONGODB_ATLAS_ACCESS_TOKEN"],
};

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

function checked(name: CredentialField, value: unknown, partner?: CredentialField): string {
  if (typeof value !== "string" || value === "") {
    const [configKey, envVar] = WHERE[name];
    const because = partner ? ` (${partner} is set, so ${name} is needed too)` : "";
    throw new AtlasConfigError(
      `${name} is missing${because}. Set ${configKey} in the stack config or ${envVar} in the environment.`,
      name,
    );
  }
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw new AtlasConfigError(
      `${name} contains whitespace or control characters (a trailing newline?); remove them.`,
      name,
    );
  }
  return value;
}

/** The credential the options select; throws AtlasConfigError naming the missing or bad option. */
export function resolveCredential(o: CredentialOptions): Credential {
  if (present(o.accessToken)) return { kind: "access-token", accessToken: checked("accessToken", o.accessToken) };
  if (present(o.clientId) || present(o.clientSecret)) {
    // One of the pair is set: a missing one is named with the one that is.
    return {
      kind: "service-account",
      clientId: checked("clientId", o.clientId, "clientSecret"),
      clientSecret: checked("clientSecret", o.clientSecret, "clientId"),
    };
  }
  return { kind: "api-key", publicKey: checked("publicKey", o.publicKey), privateKey: checked("privateKey", o.privateKey) };
}

/** Literal secrets of a credential, for redaction (ids too: the scan treats them as secret). */
export function credentialSecrets(c: Credential): string[] {
  switch (c.kind) {
    case "api-key":
      return [c.privateKey, c.publicKey];
    case "service-account":
      return [c.clientSecret, c.clientId];
    case "access-token":
      return [c.accessToken];
  }
}

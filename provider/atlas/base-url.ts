/**
 * Resolve the user's `baseUrl` to the API base the client prefixes to every path
 * (`atlas-restore-api.md` §1): Atlas and Atlas for Government use `/api/atlas/v1.0`, Cloud Manager
 * and Ops Manager `/api/public/v1.0`. A root URL means Atlas.
 */
import { AtlasConfigError } from "./errors";
import { quote, redact } from "./redact";

/** Default `baseUrl`: MongoDB Atlas (commercial). */
export const DEFAULT_BASE_URL = "https://cloud.mongodb.com";

export type ApiFlavour = "atlas" | "public";

export interface ResolvedApiBase {
  /** e.g. `https://cloud.mongodb.com/api/atlas/v1.0` (no trailing slash). */
  apiBase: string;
  /** e.g. `https://cloud.mongodb.com`; the rate budget is keyed on it. */
  origin: string;
  /** `atlas` for `/api/atlas/v1.0`, `public` for Cloud/Ops Manager's `/api/public/v1.0`. */
  flavour: ApiFlavour;
}

const API_SUFFIXES: ReadonlyArray<readonly [string, ApiFlavour]> = [
  ["/api/atlas/v1.0", "atlas"],
  ["/api/public/v1.0", "public"],
];

/** 127.0.0.0/8, ::1 and localhost: plain http is allowed there (the emulator, a tunnel). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    host === "localhost" ||
    host === "::1" ||
    host === "0:0:0:0:0:0:0:1" ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

function fail(message: string): never {
  throw new AtlasConfigError(message, "baseUrl");
}

/**
 * Validate `baseUrl` and derive the API base. Throws `AtlasConfigError` for: not an absolute
 * URL, a scheme other than http(s), plain http to a non-loopback host without
 * `allowInsecureHttp`, credentials embedded in the URL, a query or fragment, or a path other
 * than empty, `…/api/atlas/v1.0` or `…/api/public/v1.0`.
 */
export function resolveApiBase(
  baseUrl: string | undefined,
  opts: { allowInsecureHttp?: boolean; secrets?: ReadonlyArray<string | undefined> } = {},
): ResolvedApiBase {
  const input = baseUrl ?? DEFAULT_BASE_URL;
  // The value may be anything pasted into the wrong setting, even the private key: redact it.
  const secrets = opts.secrets ?? [];
  let url: URL;
  try {
    if (typeof input !== "string" || input.trim() === "") throw new TypeError("empty");
    url = new URL(input.trim());
  } catch {
    return fail(
      `baseUrl ${quote(input, secrets)} is not an absolute URL. Use e.g. ${DEFAULT_BASE_URL} (Atlas), ` +
        `https://cloud.mongodbgov.com (Atlas for Government) or ` +
        `https://opsmanager.example.com:8443/api/public/v1.0 (Ops Manager).`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    // Only the scheme is shown: the rest of a non-http "URL" may be anything, even a secret.
    fail(`baseUrl must be an https:// URL (got scheme ${quote(url.protocol)}).`);
  }
  const shown = quote(redact(`${url.protocol}//${url.host}${url.pathname}`, secrets));
  if (url.username !== "" || url.password !== "") {
    fail(
      `baseUrl ${shown} embeds credentials (user:password@host). Remove them: the API key pair ` +
        `goes in publicKey / privateKey.`,
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && opts.allowInsecureHttp !== true) {
    fail(
      `baseUrl ${shown} uses plain http to a non-loopback host, which would expose the API ` +
        `traffic. Use https://, or set allowInsecureHttp: true if you really mean it.`,
    );
  }
  if (url.search !== "" || url.hash !== "") {
    fail(`baseUrl ${shown} must not contain a query string or fragment.`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (path === "") return { apiBase: `${url.origin}/api/atlas/v1.0`, origin: url.origin, flavour: "atlas" };
  for (const [suffix, flavour] of API_SUFFIXES) {
    if (path.endsWith(suffix)) return { apiBase: `${url.origin}${path}`, origin: url.origin, flavour };
  }
  return fail(
    `baseUrl ${shown} has path "${path}"; expected a root URL (Atlas) or one ending in ` +
      `/api/atlas/v1.0 (Atlas) or /api/public/v1.0 (Cloud Manager / Ops Manager).`,
  );
}

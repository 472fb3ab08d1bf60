/**
 * Secret redaction for every string this package puts in an error message, an error field or a
 * log line. Two layers: literal secrets the caller knows (the API key pair), and patterns that
 * catch credentials we never held as literals (a digest `Authorization` value, URL user-info,
 * secret fields of a restore job such as `delivery.url` and `authValue`).
 */

export const REDACTED = "[REDACTED]";

/** Literal secrets shorter than this are not replaced: they would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Digest username="…", response="…"`: only when parameters follow, so prose
  // that merely says "digest" is left alone.
  [/\bDigest\s+(?=[A-Za-z-]+=)[^\r\n]*/gi, `Digest ${REDACTED}`],
  [/\b(Basic|Bearer)\s+[A-Za-z0-9._~+/-]{8,}=*/g, `$1 ${REDACTED}`],
  [/\b(response|cnonce)=("[^"]*"|[^\s,]+)/gi, `$1="${REDACTED}"`],
  // https://user:password@host
  [/(\/\/)[^/?#@\s]+@/g, `$1${REDACTED}@`],
  // JSON fields that carry download URLs, tokens or passwords (`atlas-restore-api.md` §3.3).
  [
    /"(url|urlV2|authValue|authBearer|password|privateKey|apiKey|authorization)"\s*:\s*"[^"]*"?/gi,
    `"$1":"${REDACTED}"`,
  ],
  [/\b(authorization|x-api-key)(\s*[:=]\s*)[^\r\n]+/gi, `$1$2${REDACTED}`],
  // OAuth 2.0 answers and forms (RFC 6749 §5.1, RFC 7009): a token endpoint's JSON, and the
  // `token=` / `client_secret=` of a form body, wherever one is quoted.
  [/"(access_token|refresh_token|id_token|client_secret)"\s*:\s*"[^"]*"?/gi, `"$1":"${REDACTED}"`],
  [/\b(access_token|refresh_token|id_token|client_secret|token)=[^&\s"']+/gi, `$1=${REDACTED}`],
  // Cloud Backup (v2) download URLs carry their token in the path: `deliveryUrl` (a string, or
  // an array of them on a job), `downloadUrl` (per shard).
  [/"(deliveryUrl|downloadUrl)"\s*:\s*\[[^\]]*\]?/g, `"$1":["${REDACTED}"]`],
  [/"(deliveryUrl|downloadUrl)"\s*:\s*"[^"]*"?/g, `"$1":"${REDACTED}"`],
];

/**
 * Return `text` with every literal in `secrets` and every credential-looking pattern replaced by
 * `[REDACTED]`. Total: never throws, accepts any input and stringifies non-strings.
 */
export function redact(text: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = typeof text === "string" ? text : String(text);
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH) {
      out = out.split(secret).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A short single-line excerpt of a response body for error messages, redacted. */
export function snippet(
  body: string,
  secrets: ReadonlyArray<string | undefined> = [],
  max = 120,
): string {
  const oneLine = redact(body, secrets).replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Quote a user-supplied value for a message: JSON-escaped, truncated, redacted. */
export function quote(value: unknown, secrets: ReadonlyArray<string | undefined> = []): string {
  if (value === undefined) return "undefined";
  const text = typeof value === "string" ? value : String(value);
  const short = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(redact(short, secrets));
}

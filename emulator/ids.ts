/**
 * Identifiers. Atlas ids are 24-hex ObjectIds (OAS1 path patterns, §1): 4 bytes of seconds,
 * 5 random bytes fixed per process, 3 bytes of counter, so ids stay unique under any
 * concurrency and sort roughly by creation time like real ones.
 */
import { createHash, randomBytes } from "node:crypto";

/**
 * Path parameter patterns from OAS1 (§1). The same values as provider/atlas/models.ts, kept here
 * because the emulator imports only types from provider/.
 */
export const OBJECT_ID_PATTERN = /^[a-f0-9]{24}$/;
export const CLUSTER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

const processRandom = randomBytes(5).toString("hex");
let counter = randomBytes(3).readUIntBE(0, 3);

/** A new ObjectId-like id stamped with `epochMs` (the emulated clock). */
export function newObjectId(epochMs: number): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(epochMs / 1000) >>> 0;
  return seconds.toString(16).padStart(8, "0") + processRandom + counter.toString(16).padStart(6, "0");
}

/** A stable 24-hex id derived from other strings (shard replica-set ids, part snapshot ids). */
export function derivedObjectId(...parts: string[]): string {
  return createHash("sha1").update(parts.join("\u0000")).digest("hex").slice(0, 24);
}

/** A stable UUID derived from a string (masterKeyUUID of encrypted snapshots, §3.3). */
export function derivedUuid(seed: string): string {
  const h = createHash("sha1").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** URL-safe random token (download verification key, §3.3 `url` / `authValue`). */
export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

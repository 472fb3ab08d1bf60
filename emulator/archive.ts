/**
 * The body of every restore download: a small, real .tar.gz of placeholder WiredTiger-like files
 * (§3.3: HTTP delivery serves one `.tar.gz` per replica set). Built once per process with the
 * `tar` package in a temp dir, with fixed mtimes so the SHA-1 in `hashes` is stable.
 *
 * A cluster's `restoreBehaviour.archive` serves a broken one instead, as stored on the server
 * (so the SHA-1 in `hashes` is that of the broken bytes): `corrupt` (16 bytes of the deflate
 * stream flipped), `truncated` (the first half), `noWiredTiger` (a valid .tar.gz of other files).
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "tar";

export interface RestoreArchive {
  readonly bytes: Buffer;
  /** Hex SHA-1 of `bytes` (§3.3 `hashes[].typeName` "SHA1"). */
  readonly sha1: string;
}

const FILES: Readonly<Record<string, string>> = {
  "README.txt":
    "Placeholder restore produced by the local MongoDB Atlas emulator.\n" +
    "The files below stand in for a mongod dbpath; they contain no real data.\n",
  "WiredTiger": "WiredTiger\nWiredTiger 3.1.0: (placeholder)\n",
  "WiredTiger.wt": "placeholder WiredTiger metadata\n",
  "_mdb_catalog.wt": "placeholder catalog\n",
  "collection-0-1234567890123456789.wt": "placeholder collection data\n",
  "index-1-1234567890123456789.wt": "placeholder _id index\n",
  "storage.bson": "placeholder storage engine settings\n",
};

/** Which archive a download serves (`RestoreBehaviour.archive`). */
export const ARCHIVE_KINDS = ["valid", "corrupt", "truncated", "noWiredTiger"] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

const NO_WIREDTIGER = Object.fromEntries(Object.entries(FILES).filter(([n]) => n !== "WiredTiger" && !n.endsWith(".wt")));

/** Policy as data: how each kind is made. */
const MAKERS: Readonly<Record<ArchiveKind, () => Promise<Buffer>>> = {
  valid: () => pack(FILES),
  corrupt: async () => corruptBytes((await restoreArchive("valid")).bytes),
  truncated: async () => {
    const { bytes } = await restoreArchive("valid");
    return bytes.subarray(0, Math.floor(bytes.length / 2));
  },
  noWiredTiger: () => pack(NO_WIREDTIGER),
};

const built = new Map<ArchiveKind, Promise<RestoreArchive>>();

export function restoreArchive(kind: ArchiveKind = "valid"): Promise<RestoreArchive> {
  let p = built.get(kind);
  if (!p) {
    p = MAKERS[kind]()
      .then((bytes) => ({ bytes, sha1: createHash("sha1").update(bytes).digest("hex") }))
      .catch((e: unknown) => {
        built.delete(kind); // let a later call retry
        throw e;
      });
    built.set(kind, p);
  }
  return p;
}

/**
 * A copy with 16 bytes flipped in the middle: past the gzip header, inside the deflate stream, so
 * inflating fails (or the gzip CRC does), as a transfer or storage corruption would.
 */
export function corruptBytes(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const start = Math.floor(out.length / 2);
  for (let i = start; i < Math.min(out.length, start + 16); i++) out[i] = (out[i] ?? 0) ^ 0xff;
  return out;
}

async function pack(files: Readonly<Record<string, string>>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "atlas-emulator-archive-"));
  try {
    await mkdir(join(dir, "restore"));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, "restore", name), text);
    const names = Object.keys(files).map((n) => `restore/${n}`);
    const pack = create({ gzip: true, cwd: dir, portable: true, mtime: new Date("2018-01-24T05:55:03Z") }, names);
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

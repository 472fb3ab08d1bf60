/**
 * The body of every restore download: a small, real .tar.gz of placeholder WiredTiger-like files
 * (§3.3: HTTP delivery serves one `.tar.gz` per replica set). Built once per process with the
 * `tar` package in a temp dir, with fixed mtimes so the SHA-1 in `hashes` is stable.
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

let built: Promise<RestoreArchive> | undefined;

export function restoreArchive(): Promise<RestoreArchive> {
  built ??= build().catch((e: unknown) => {
    built = undefined; // let a later call retry
    throw e;
  });
  return built;
}

async function build(): Promise<RestoreArchive> {
  const dir = await mkdtemp(join(tmpdir(), "atlas-emulator-archive-"));
  try {
    await mkdir(join(dir, "restore"));
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, "restore", name), text);
    const names = Object.keys(FILES).map((n) => `restore/${n}`);
    const pack = create({ gzip: true, cwd: dir, portable: true, mtime: new Date("2018-01-24T05:55:03Z") }, names);
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(Buffer.from(chunk as Uint8Array));
    const bytes = Buffer.concat(chunks);
    return { bytes, sha1: createHash("sha1").update(bytes).digest("hex") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

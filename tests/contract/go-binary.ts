/**
 * The Go test binary of tests/go-clients (MongoDB's own Go clients against the emulator), built
 * once per content of its sources and Go version into a cache outside the repository:
 * `${XDG_CACHE_HOME:-~/.cache}/pulumi-atlas-restore/go-clients/<hash>/go-clients.test`. Modules
 * come from the Go module proxy into Go's own module cache; nothing is written to the repository.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const GO_MODULE = join(__dirname, "..", "go-clients");

/** `go version`, or undefined when Go is not on PATH. */
export function goVersion(): string | undefined {
  const r = spawnSync("go", ["version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function sourceHash(version: string): string {
  const h = createHash("sha256").update(version);
  for (const f of readdirSync(GO_MODULE).filter((n) => /\.go$|^go\.(mod|sum)$/.test(n)).sort()) {
    h.update(`\0${f}\0`).update(readFileSync(join(GO_MODULE, f)));
  }
  return h.digest("hex").slice(0, 16);
}

export interface GoBinary {
  readonly path: string;
  /** Real ms spent building it now; 0 when it came from the cache. */
  readonly buildMs: number;
}

export function goTestBinary(version: string): GoBinary {
  const root = join(process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), ".cache"), "pulumi-atlas-restore", "go-clients", sourceHash(version));
  const path = join(root, "go-clients.test");
  if (existsSync(path)) return { path, buildMs: 0 };
  mkdirSync(root, { recursive: true });
  const started = Date.now();
  const partial = `${path}.${process.pid}.partial`;
  // -mod=readonly: go.mod and go.sum are committed and must already be tidy.
  const r = spawnSync("go", ["test", "-c", "-mod=readonly", "-o", partial, "."], { cwd: GO_MODULE, encoding: "utf8", env: { ...process.env, CGO_ENABLED: "0" } });
  if (r.status !== 0) throw new Error(`go test -c failed in tests/go-clients:\n${r.stdout}${r.stderr}`);
  renameSync(partial, path);
  return { path, buildMs: Date.now() - started };
}

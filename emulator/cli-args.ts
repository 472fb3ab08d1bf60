/**
 * Pure: command-line flags of `npm run emulator -- …` → emulator options (node's util.parseArgs).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { EmulatorOptions } from "./types";

export const USAGE = `Usage: atlas-restore-emulator [options]
       (in a checkout of the repository: npm run emulator -- [options])

Local MongoDB Atlas emulator: legacy restore jobs, snapshots and checkpoints (v1.0); Cloud
Backup restore jobs, snapshots and on-demand snapshots (Admin API v2); the cluster and Flex
probes the Atlas CLI makes; digest and service-account auth. Snapshots expire and point-in-time
restores keep to the restore window on the emulated clock. MongoDB's Go clients and the Atlas
CLI's restore flows work against it unchanged (emulator/README.md).

Options:
  --port <n>               Port to listen on (default 8080; 0 = any free port)
  --host <addr>            Address to bind (default 127.0.0.1). The /__emulator control
                           endpoints answer loopback clients only.
  --no-auth                Disable HTTP digest (use behind an authenticating proxy)
  --digest <md5|sha-256>   Digest algorithm (default md5; Atlas for Government uses sha-256)
  --fixtures <file>        JSON fixture world (default: the built-in world)
  --time-scale <n>         Emulated ms per real ms (default 1; 60 = a minute per second)
  --rate-limit <n|off>     Requests per minute per project (default 100)
  --restore-seconds <n>    Emulated duration of every restore job (default 20)
  --token-lifetime <s>     Service-account token lifetime, real seconds (default 3600)
  --token-rate-limit <n|off>  Token requests per minute per IP and client id (default 50)
  --version                Show the package's version
  --help                   Show this help

Keys: the digest username is ATLAS_EMULATOR_PUBLIC_KEY (default "emulator-public-key"),
the password ATLAS_EMULATOR_PRIVATE_KEY (default "emulator-private-key").
Service account (POST /api/oauth/token, then Bearer): ATLAS_EMULATOR_CLIENT_ID (default
"mdb_sa_id_emulator") and ATLAS_EMULATOR_CLIENT_SECRET (default "mdb_sa_sk_emulator").`;

export type CliCommand =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "run"; readonly options: EmulatorOptions; readonly restoreSeconds?: number };

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "no-auth": { type: "boolean" },
      digest: { type: "string" },
      fixtures: { type: "string" },
      "time-scale": { type: "string" },
      "rate-limit": { type: "string" },
      "restore-seconds": { type: "string" },
      "token-lifetime": { type: "string" },
      "token-rate-limit": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
    },
  });
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const options: EmulatorOptions = { port: 8080 };
  if (values.port !== undefined) options.port = number(values.port, "--port", (n) => Number.isInteger(n) && n >= 0 && n <= 65_535);
  if (values.host !== undefined) options.host = values.host;
  if (values["no-auth"]) options.auth = false;
  if (values.digest !== undefined) {
    const d = values.digest.toUpperCase();
    if (d !== "MD5" && d !== "SHA-256") throw new Error(`Invalid --digest ${values.digest}: use md5 or sha-256.`);
    options.digestAlgorithm = d;
  }
  if (values.fixtures !== undefined) options.fixtures = values.fixtures;
  if (values["time-scale"] !== undefined) options.timeScale = number(values["time-scale"], "--time-scale", (n) => n > 0);
  if (values["rate-limit"] !== undefined) options.rateLimit = perMinute(values["rate-limit"], "--rate-limit");
  if (values["token-rate-limit"] !== undefined) options.tokenRateLimit = perMinute(values["token-rate-limit"], "--token-rate-limit");
  if (values["token-lifetime"] !== undefined) options.tokenLifetimeSeconds = number(values["token-lifetime"], "--token-lifetime", (n) => n > 0);
  const seconds = values["restore-seconds"];
  const restoreSeconds = seconds === undefined ? undefined : number(seconds, "--restore-seconds", (n) => n >= 0);
  return { kind: "run", options, restoreSeconds };
}

function perMinute(text: string, flag: string): { requests: number; windowMs: number } | false {
  if (text.toLowerCase() === "off") return false;
  return { requests: number(text, flag, (n) => Number.isInteger(n) && n >= 1), windowMs: 60_000 };
}

function number(text: string, flag: string, ok: (n: number) => boolean): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || !ok(n)) throw new Error(`Invalid ${flag} ${text}. See --help.`);
  return n;
}

/** `pulumi-atlas-restore 0.1.0`: the package this emulator ships in (found from here upwards). */
export function versionLine(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-atlas-restore") return `${pkg.name} ${pkg.version}`;
    }
    if (dirname(dir) === dir) return "pulumi-atlas-restore (version unknown)";
  }
}

/**
 * Runs the drill with a real `pulumi` CLI: a throwaway local backend (file:// in a temporary
 * folder) and passphrase, a new stack, `pulumi config set`, `pulumi up --yes --skip-preview`, then
 * `pulumi stack output --json`. No login, no prompt (`--non-interactive` everywhere).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { DrillProject } from "./project";
import type { Report, RestoreSummary } from "./summary";
import { providerConfig, type Target } from "./target";

export interface CliRunOptions {
  pulumi: string;
  project: DrillProject;
  target: Target;
  config: Record<string, string>;
  showSecrets: boolean;
  env: NodeJS.ProcessEnv;
  /** Each line `pulumi` prints while it runs. */
  onLog: (line: string) => void;
  /** Ctrl-C: passed on to the running `pulumi` as SIGINT (it cancels gracefully). */
  signal?: AbortSignal;
}

export async function runWithCli(o: CliRunOptions): Promise<Report> {
  const backend = mkdtempSync(join(tmpdir(), "atlas-restore-drill-"));
  const stack = `npm-start-${Date.now().toString(36)}`;
  const env: NodeJS.ProcessEnv = {
    ...o.env,
    PULUMI_BACKEND_URL: `file://${backend}`,
    // Encrypts this throwaway stack's secrets (the private key); generated, used once.
    PULUMI_CONFIG_PASSPHRASE: randomBytes(24).toString("base64url"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
  const pulumi = (args: string[], io: { input?: string; capture?: boolean } = {}) =>
    run(o.pulumi, [...args, "--non-interactive"], { cwd: o.project.root, env, input: io.input, capture: io.capture ?? false, onLine: o.onLog, signal: o.signal });
  try {
    await must(pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"]), "pulumi stack init");
    for (const [key, value] of Object.entries(providerConfig(o.target))) {
      // Secrets go through stdin, never on a command line other processes can read.
      if (typeof value === "string") await must(pulumi(["config", "set", "--stack", stack, key, value]), `pulumi config set ${key}`);
      else await must(pulumi(["config", "set", "--stack", stack, "--secret", key], { input: value.secret }), `pulumi config set --secret ${key}`);
    }
    for (const [key, value] of Object.entries(o.config)) {
      await must(pulumi(["config", "set", "--stack", stack, `${o.project.name}:${key}`, value]), `pulumi config set ${key}`);
    }
    const up = await pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
    const out = await pulumi(["stack", "output", "--json", "--stack", stack, ...(o.showSecrets ? ["--show-secrets"] : [])], { capture: true });
    const report = fromStackOutputs(out.code === 0 ? out.stdout : "{}");
    if (up.code !== 0) report.errors.push(`pulumi up exited with code ${up.code} (its messages are above).`);
    return report;
  } finally {
    rmSync(backend, { recursive: true, force: true });
    // `stack init` writes the stack's settings file (encryption salt, config) next to Pulumi.yaml.
    rmSync(join(o.project.root, `Pulumi.${stack}.yaml`), { force: true });
  }
}

/** The drill's exports (`restores`, `deliveryUrls`) → summaries. Secret values read "[secret]" unless shown. */
export function fromStackOutputs(json: string): Report {
  let outputs: Record<string, unknown>;
  try {
    outputs = JSON.parse(json || "{}");
  } catch {
    return { restores: [], errors: ["pulumi stack output did not print JSON."] };
  }
  const restores = (outputs.restores ?? {}) as Record<string, Record<string, unknown>>;
  const urls = outputs.deliveryUrls;
  const summaries: RestoreSummary[] = Object.entries(restores).map(([name, r]) => ({
    name,
    id: r.id as string | undefined,
    batchId: r.batchId as string | undefined,
    status: (r.status as string | undefined) ?? "UNKNOWN",
    parts: (r.parts as string[] | undefined) ?? [],
    urls: typeof urls === "string" ? "hidden" : (((urls ?? {}) as Record<string, string[]>)[name] ?? []),
  }));
  return { restores: summaries, errors: [] };
}

interface RunResult {
  code: number;
  stdout: string;
}

async function must(p: Promise<RunResult>, what: string): Promise<void> {
  const r = await p;
  if (r.code !== 0) throw new Error(`${what} failed with exit code ${r.code}.`);
}

/**
 * Runs a command asynchronously (the emulator in this process must keep answering meanwhile).
 * Output lines go to `onLine`, except stdout when `capture` is set.
 */
function run(
  command: string,
  args: string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; input?: string; capture: boolean; onLine: (line: string) => void; signal?: AbortSignal },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return resolve({ code: 130, stdout: "" });
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ["pipe", "pipe", "pipe"] });
    const interrupt = () => child.kill("SIGINT");
    o.signal?.addEventListener("abort", interrupt, { once: true });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    if (o.capture) child.stdout.on("data", (d: string) => (stdout += d));
    else createInterface({ input: child.stdout }).on("line", o.onLine);
    createInterface({ input: child.stderr }).on("line", o.onLine);
    child.once("error", reject);
    child.once("close", (code) => {
      o.signal?.removeEventListener("abort", interrupt);
      resolve({ code: code ?? 1, stdout });
    });
    child.stdin.end(o.input ?? "");
  });
}

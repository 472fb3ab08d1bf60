/**
 * `atlas-restore drill` as a user runs it: the bin of the packed tarball, installed into a
 * user-shaped project, spawned with a real Pulumi CLI on PATH, on a plan spanning two source
 * projects (one stack each, in parallel). Against this process's emulator (credentials in the
 * environment, as for Atlas), so its request log is the evidence: exactly one restore POST per
 * entry, a failure in one project not stopping the other, the report covering both stacks and
 * validating. Then what a quarterly drill needs: three runs of an unchanged plan on a kept state,
 * each restoring and verifying afresh (exit 0 each), `--run-id` continuing a run (reused, marked,
 * not downloaded again), a server whose clock is minutes off, a service account's tokens revoked,
 * and no secret in any console output, log, state or report. Then `--emulator` (the CLI's own
 * emulator, throwaway state), and the no-CLI message.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { EXIT } from "../../cli/drill/exit-codes";
import { validateDrillReport, type DrillReport } from "../../drill/report";
import { parseDocument } from "yaml";
import { REPO_ROOT } from "../helpers/plugin-session";
import { scratchTmpdir } from "../helpers/scratch-tmpdir";
import { cleanEnv, runScript, runShell } from "../start/run-start";
import { blocks, README_COMMANDS, readmeCommands, readmePlan } from "../start/readme-commands";
import { CLI_BIN, describeRealEngine, packedProject, readTree } from "./harness";

jest.setTimeout(600_000);

const ID = FIXTURE_IDS;
const A = ID.projectId;
const B = ID.secondProjectId;
const DR = ID.drProjectId;

/** Two source projects, both APIs, both deliveries; `inventory-to-dr` is made to fail. */
const PLAN = `# q4 drill
overwritableTargets:
  - ${DR}/${ID.drReplicaSet0.name}
  - ${DR}/${ID.drInventory0.name}
defaults: { rtoTargetMinutes: 600 }
entries:
  cluster0-download:
    source: { projectId: "${A}", clusterName: ${ID.cluster0.name} }
    api: legacy
    restorePoint: { snapshotId: "${ID.cluster0.snapshotId}" }
    delivery: { type: download, expirationHours: 4, maxDownloads: 2 }
    verify: download
  replicaset0-to-dr:
    source: { projectId: "${A}", clusterName: ${ID.replicaSet0.name} }
    api: legacy
    restorePoint: { snapshotId: "${ID.replicaSet0.snapshotId}" }
    delivery: { type: automated, targetProjectId: "${DR}", targetClusterName: ${ID.drReplicaSet0.name} }
  inventory-to-dr:
    source: { projectId: "${B}", clusterName: ${ID.inventory0.name} }
    api: legacy
    restorePoint: { snapshotId: "${ID.inventory0.snapshotId}" }
    delivery: { type: automated, targetProjectId: "${DR}", targetClusterName: ${ID.drInventory0.name} }
  cloud-inventory:
    source: { projectId: "${B}", clusterName: ${ID.cloudInventory0.name} }
    api: cloudBackup
    restorePoint: { snapshot: { latest: true } }
    delivery: { type: download }
    verify: download
`;

type Run = Awaited<ReturnType<typeof runScript>>;

let bin: string;
let dir: string;
beforeAll(async () => {
  if (!CLI_BIN) return;
  bin = join(await packedProject(), "node_modules", "pulumi-atlas-restore", "dist", "cli", "atlas-restore.js");
  dir = mkdtempSync(join(tmpdir(), "atlas-restore-drill-runner-"));
  writeFileSync(join(dir, "q4.yaml"), PLAN);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));
/** The TMPDIR of `drill --emulator`: a folder of this test's own, so what it leaves behind is what is in it. */
let scratch: ReturnType<typeof scratchTmpdir> | undefined;
afterAll(() => scratch?.remove());

const drill = (args: string[], env: NodeJS.ProcessEnv): Promise<Run> => runScript(bin, ["drill", ...args], env, dir);

/** Restore POSTs the emulator accepted (a digest challenge's 401 is not one), by `project/cluster`, legacy and Cloud Backup. */
function restorePosts(emulator: Emulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of emulator.requestLog) {
    const m = /\/groups\/([0-9a-f]{24})\/clusters\/([^/]+)\/(?:backup\/)?restoreJobs$/.exec(e.path);
    if (e.method === "POST" && m && e.status >= 200 && e.status < 300) counts[`${m[1]}/${m[2]}`] = (counts[`${m[1]}/${m[2]}`] ?? 0) + 1;
  }
  return counts;
}

const reportOf = (folder: string): DrillReport => JSON.parse(readFileSync(join(folder, "drill-report.json"), "utf8"));


describeRealEngine("real engine: atlas-restore drill, a plan spanning two projects", () => {
  let emulator: Emulator;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale: 50 });
    emulator.setRestoreBehaviour(B, ID.inventory0.name, { outcome: "BROKEN" });
    env = cleanEnv([CLI_BIN!], {
      MONGODB_ATLAS_PUBLIC_KEY: emulator.publicKey,
      MONGODB_ATLAS_PRIVATE_KEY: emulator.privateKey,
      MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
      PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
    });
  });
  afterAll(() => emulator?.close());

  test("one stack per project in parallel: one POST per entry, a failed restore in one project, the other project done, one report for both", async () => {
    const r = await drill(["q4.yaml", "--state-dir", "state", "--report-dir", "report"], env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toContain(`  q4-${A}: cluster0-download, replicaset0-to-dr\n  q4-${B}: inventory-to-dr, cloud-inventory\n`);
    expect(r.stdout).toMatch(/2 stacks at once/);
    // Progress while restores run, from both stacks.
    expect(r.stdout).toContain(`[${A}] cluster0-download: requesting the restore`);
    expect(r.stdout).toMatch(new RegExp(`\\[${A}\\] restore \\w+ of Cluster0: 3/3 parts ready \\[READY\\]`));
    expect(r.stdout).toContain(`[${B}] cloud-inventory: done: READY`);
    expect(r.stdout).toContain(`[${B}] inventory-to-dr: FAILED`);
    expect(r.stdout).toContain(`Stack q4-${B} FAILED: `);
    expect(r.stdout).not.toContain("1 error occurred");
    // The summary: failed entries first.
    expect(r.stdout).toMatch(/\n\nFAILED {2}inventory-to-dr: FAILED, requested in this run: RTO missed; restore \w+ of Inventory0 failed: .*BROKEN[^\n]*\npassed {2}/);
    expect(r.stdout).toMatch(/Drill FAILED: 3 of 4 entries passed\. 1 restore is not usable \(failed, not finished or never started\); 1 missed its RTO target\.\n$/);
    expect(r.stdout).toContain(`Stack q4-${A}: up succeeded`);

    expect(restorePosts(emulator)).toEqual({
      [`${A}/${ID.cluster0.name}`]: 1,
      [`${A}/${ID.replicaSet0.name}`]: 1,
      [`${B}/${ID.inventory0.name}`]: 1,
      [`${B}/${ID.cloudInventory0.name}`]: 1,
    });

    // And the emulator's own records: one restore each (Cluster0's batch is one job per shard and config server).
    expect(new Set(emulator.jobs({ projectId: A, clusterName: ID.cluster0.name }).map((j) => j.batchId)).size).toBe(1);
    expect(emulator.jobs({ projectId: A, clusterName: ID.replicaSet0.name })).toHaveLength(1);
    expect(emulator.jobs({ projectId: B, clusterName: ID.inventory0.name })).toHaveLength(1);
    expect(emulator.cloudJobs({ projectId: B, clusterName: ID.cloudInventory0.name })).toHaveLength(1);

    const folder = join(dir, "report");
    for (const f of ["drill-report.json", "drill-report.md", "drill-report.html", `q4-${A}.log`, `q4-${B}.log`]) expect([f, existsSync(join(folder, f))]).toEqual([f, true]);
    const report = reportOf(folder);
    expect(() => validateDrillReport(report)).not.toThrow();
    expect(report.stacks).toEqual([`q4-${A}`, `q4-${B}`]);
    expect(report.engine).toBe("pulumi-cli");
    expect(report.server.origin).toBe(emulator.baseUrl);
    expect(report.ranBy).toBe(`API key ${emulator.publicKey}`);
    expect(report.passed).toBe(false);
    const byName = Object.fromEntries(report.entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(["cloud-inventory", "cluster0-download", "inventory-to-dr", "replicaset0-to-dr"]);
    expect(byName["inventory-to-dr"]).toMatchObject({ passed: false, api: "legacy" });
    expect(byName["inventory-to-dr"]!.error).toMatch(/BROKEN/);
    for (const ok of ["cluster0-download", "replicaset0-to-dr", "cloud-inventory"]) expect([ok, byName[ok]!.passed]).toEqual([ok, true]);
    expect(byName["cloud-inventory"]!.api).toBe("cloudBackup");
    expect(byName["cluster0-download"]!.verification?.map((v) => v.ok)).toEqual([true, true, true]);
    expect(byName["cloud-inventory"]!.verification).toEqual([expect.objectContaining({ ok: true, checksum: "not given" })]);
    expect(r.stdout).toContain(`Drill report (JSON):`);

    // Secrets: neither the private key nor a delivery link in the report, the logs or the state.
    const links = [
      ...emulator.jobs().flatMap((j) => [j.delivery?.url, j.delivery?.authValue].filter((x): x is string => !!x)),
      ...emulator.cloudJobs().flatMap((j) => (j.deliveryUrl as string[] | undefined) ?? []),
    ];
    expect(links.length).toBeGreaterThan(0);
    for (const { path, text } of [...readTree(folder), ...readTree(join(dir, "state"))]) {
      for (const secret of [emulator.privateKey, ...links]) expect([path, text.includes(secret)]).toEqual([path, false]);
    }
    expect(r.stdout).not.toContain(emulator.privateKey);
  });

  test("the same plan on the same state again: a new drill, every entry requested afresh (the failed one too); the previous restores left the stack", async () => {
    const before = restorePosts(emulator);
    const r = await drill(["q4.yaml", "--state-dir", "state", "--report-dir", "report2"], env);
    expect(r.code).toBe(EXIT.failed); // the broken entry is still broken
    expect(r.stdout).toMatch(/removing the previous run's 2 restores from the stack first/);
    const after = restorePosts(emulator);
    for (const [target, n] of Object.entries(before)) expect([target, after[target]]).toEqual([target, n + 1]);
    const report = reportOf(join(dir, "report2"));
    expect(report.entries.map((e) => e.run)).toEqual(["requested", "requested", "requested", "requested"]);
    expect(report.entries.filter((e) => e.passed).map((e) => e.name).sort()).toEqual(["cloud-inventory", "cluster0-download", "replicaset0-to-dr"]);
  });
});

/** An unchanged plan, drilled every quarter: both APIs, both deliveries, two verified downloads (maxDownloads 2). */
const QUARTERLY = PLAN.replace(/  inventory-to-dr:[\s\S]*?(?=  cloud-inventory:)/, "").replace(`  - ${DR}/${ID.drInventory0.name}\n`, "").replace("cluster0-download:", "orders-download:");

/** Every secret of a run: keys, client secrets, the passphrase, every delivery URL and the token in its path, legacy auth values. */
function secretsOf(emulator: Emulator, extra: readonly string[]): string[] {
  const urls = [
    ...emulator.jobs().flatMap((j) => [j.delivery?.url, j.delivery?.urlV2].filter((x): x is string => !!x)),
    ...emulator.cloudJobs().flatMap((j) => [...((j.deliveryUrl as string[] | undefined) ?? []), ...((j.components as { downloadUrl?: string }[] | undefined) ?? []).map((c) => c.downloadUrl ?? "")]),
  ].filter(Boolean);
  const tokens = urls.flatMap((u) => /\/backup\/restore\/(?:v2\/pull|cloud)\/[^/]+\/([^/]+)\//.exec(u)?.slice(1) ?? []);
  const authValues = emulator.jobs().flatMap((j) => (j.delivery?.authValue ? [j.delivery.authValue] : []));
  expect(urls.length).toBeGreaterThan(0);
  expect(tokens.length).toBeGreaterThan(0);
  return [...new Set([emulator.privateKey, emulator.clientSecret, ...urls, ...tokens, ...authValues, ...extra])];
}

/** No secret in any text: console output, the stacks' logs, the state, the reports. */
function expectNoSecret(texts: readonly { path: string; text: string }[], secrets: readonly string[]): number {
  let checked = 0;
  for (const { path, text } of texts) {
    for (const secret of secrets) expect([path, secret.slice(0, 12), text.includes(secret)]).toEqual([path, secret.slice(0, 12), false]);
    checked += secrets.length;
  }
  return checked;
}

/** Run start ≤ each part's request ≤ ready ≤ run end, on the report's one clock. */
function expectOneClock(report: DrillReport): void {
  const [start, end] = [Date.parse(report.startedAt), Date.parse(report.finishedAt)];
  for (const e of report.entries.filter((x) => x.run === "requested")) {
    const entry = [start, Date.parse(e.requestedAt!), Date.parse(e.readyAt!), end];
    expect([e.name, entry]).toEqual([e.name, [...entry].sort((a, b) => a - b)]);
    for (const p of e.parts) {
      const times = [start, ...p.events.map((ev) => Date.parse(ev.at)), end];
      expect([e.name, p.name, p.events.length, times]).toEqual([e.name, p.name, 2, [...times].sort((a, b) => a - b)]);
    }
  }
}

/** The stack's checkpoint: its resources and its size. */
function checkpointOf(stateDir: string, stack: string): { types: string[]; bytes: number } {
  const file = readdirSync(join(stateDir, ".pulumi", "stacks"), { recursive: true }).map(String).find((f) => f.endsWith(`${stack}.json`))!;
  const text = readFileSync(join(stateDir, ".pulumi", "stacks", file), "utf8");
  const resources = (JSON.parse(text).checkpoint.latest.resources ?? []) as { type: string }[];
  return { types: resources.map((r) => r.type).sort(), bytes: text.length };
}

describeRealEngine("real engine: atlas-restore drill every quarter, on a kept state", () => {
  let emulator: Emulator;
  let env: NodeJS.ProcessEnv;
  const passphrase = randomBytes(16).toString("hex");
  const runs: { run: Run; report: DrillReport; folder: string }[] = [];
  const checkpoints: number[] = [];
  beforeAll(async () => {
    if (!CLI_BIN) return;
    emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale: 50 });
    env = cleanEnv([CLI_BIN!], { MONGODB_ATLAS_PUBLIC_KEY: emulator.publicKey, MONGODB_ATLAS_PRIVATE_KEY: emulator.privateKey, MONGODB_ATLAS_BASE_URL: emulator.baseUrl, PULUMI_CONFIG_PASSPHRASE: passphrase });
    writeFileSync(join(dir, "quarterly.yaml"), QUARTERLY);
  });
  afterAll(() => emulator?.close());

  test("three consecutive runs of the unchanged plan: each exits 0, restores and verifies afresh, says so; the state stays one restore per entry", async () => {
    for (const n of [1, 2, 3]) {
      const before = restorePosts(emulator);
      const downloadsBefore = emulator.requestLog.filter((e) => e.path.startsWith("/backup/restore/")).length;
      const run = await drill(["quarterly.yaml", "--state-dir", "qstate", "--report-dir", `quarter${n}`], env);
      expect([n, run.stderr]).toEqual([n, ""]);
      expect([n, run.code]).toEqual([n, EXIT.passed]);
      const report = reportOf(join(dir, `quarter${n}`));
      expect(() => validateDrillReport(report)).not.toThrow();
      runs.push({ run, report, folder: join(dir, `quarter${n}`) });
      // Each run requests one restore per entry, and verifies its own links (no download used up by an earlier run).
      const after = restorePosts(emulator);
      expect(after).toEqual({ [`${A}/${ID.cluster0.name}`]: n, [`${A}/${ID.replicaSet0.name}`]: n, [`${B}/${ID.cloudInventory0.name}`]: n });
      expect(Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0)).toBe(3);
      expect(emulator.requestLog.filter((e) => e.path.startsWith("/backup/restore/")).length - downloadsBefore).toBe(4); // 3 legacy parts + 1 Cloud Backup archive
      expect(report.summary).toMatchObject({ entries: 3, passed: 3, requested: 3, reused: 0 });
      for (const e of report.entries) expect([n, e.name, e.run, e.verification?.every((v) => v.ok) ?? "none"]).toEqual([n, e.name, "requested", e.name === "replicaset0-to-dr" ? "none" : true]);
      expect(report.entries.find((e) => e.name === "orders-download")!.notes).toEqual(["download verification used 1 of each link's 2 downloads (maxDownloads); 1 left for you"]);
      expect(run.stdout).toMatch(/^passed {2}orders-download: READY, requested in this run$/m);
      if (n > 1) expect(run.stdout).toContain(`[${A}] removing the previous run's 2 restores from the stack first`);
      if (n > 1) expect(run.stdout).toContain(`[${B}] removing the previous run's 1 restore from the stack first`);
      expectOneClock(report);
      expect(report.server).toMatchObject({ kind: "emulator", origin: emulator.baseUrl });
      checkpoints.push(checkpointOf(join(dir, "qstate"), `quarterly-${A}`).bytes);
    }
    expect(new Set(runs.map((r) => r.report.runId)).size).toBe(3);
    // The state: the stack, the plan and one restore per entry, run after run; it does not grow with them.
    const checkpoint = checkpointOf(join(dir, "qstate"), `quarterly-${A}`);
    expect(checkpoint.types.filter((t) => /dynamic\/atlas:/.test(t))).toHaveLength(2);
    expect(checkpointOf(join(dir, "qstate"), `quarterly-${B}`).types.filter((t) => /dynamic\/atlas:/.test(t))).toHaveLength(1);
    // Run 2 and 3 hold what run 1 held: the same restores, other ids.
    expect(Math.max(...checkpoints)).toBeLessThan(checkpoints[0]! * 1.1);
    process.stdout.write(`[drill-runner] three runs: exit ${runs.map((r) => `${r.run.code}`).join(", ")}; stack ${A} checkpoint after each: ${checkpoints.join(", ")} bytes; reports ${runs.map((r) => readTree(r.folder).map((f) => `${f.path.split("/").pop()} ${f.text.length}`).join(", ")).join(" | ")}\n`);
  });

  test("--run-id of the third run continues it: nothing requested or downloaded, every entry reused from that run and marked, verification not repeated", async () => {
    const third = runs[2]!.report;
    const posts = restorePosts(emulator);
    const downloads = emulator.requestLog.filter((e) => e.path.startsWith("/backup/restore/")).length;
    const r = await drill(["quarterly.yaml", "--state-dir", "qstate", "--report-dir", "continued", "--run-id", third.runId], env);
    expect(r.code).toBe(EXIT.passed);
    expect(restorePosts(emulator)).toEqual(posts);
    expect(emulator.requestLog.filter((e) => e.path.startsWith("/backup/restore/")).length).toBe(downloads);
    const report = reportOf(join(dir, "continued"));
    expect(report.summary).toMatchObject({ requested: 0, reused: 3, passed: 3 });
    for (const e of report.entries) {
      const was = third.entries.find((x) => x.name === e.name)!;
      expect(e).toMatchObject({ run: "reused", reusedFrom: { runId: third.runId, requestedAt: was.requestedAt } });
      expect(e.verification).toBeUndefined();
    }
    expect(report.entries.find((e) => e.name === "orders-download")!.notes).toEqual([
      `download verification not repeated: the restore is reused from run ${third.runId}, whose report holds its verification; verifying again would use up another of its links' downloads`,
    ]);
    expect(r.stdout).toMatch(new RegExp(`^passed {2}orders-download: READY, reused from run ${third.runId}, requested [^:]+:\\d\\d:\\d\\d UTC: nothing requested in this run$`, "m"));
    const html = readFileSync(join(dir, "continued", "drill-report.html"), "utf8");
    expect(html.match(/>REUSED</g)).toHaveLength(3);
    runs.push({ run: r, report, folder: join(dir, "continued") });
  });

  test("a wrong passphrase for the kept state: the console names the real cause", async () => {
    const r = await drill(["quarterly.yaml", "--state-dir", "qstate", "--report-dir", "wrong-passphrase"], { ...env, PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase" });
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toMatch(/^Stack quarterly-\w+ FAILED: error: .*incorrect passphrase/m);
    expect(r.stdout).not.toMatch(/FAILED: code: -?\d+$/m);
    runs.push({ run: r, report: reportOf(join(dir, "wrong-passphrase")), folder: join(dir, "wrong-passphrase") });
  });

  test("no secret in any console output, log, state or report of these runs", () => {
    const secrets = secretsOf(emulator, [passphrase]);
    const texts = [
      ...runs.flatMap(({ run, folder }, i) => [{ path: `run ${i + 1} stdout`, text: run.stdout }, { path: `run ${i + 1} stderr`, text: run.stderr }, ...readTree(folder)]),
      ...readTree(join(dir, "qstate")),
    ];
    const checked = expectNoSecret(texts, secrets);
    process.stdout.write(`[drill-runner] secret scan: ${secrets.length} secrets × ${texts.length} files/streams = ${checked} checks, 0 found\n`);
  });
});

describeRealEngine("real engine: atlas-restore drill against a server whose clock is 7 minutes ahead, with a service account", () => {
  test("the report's times are the server's: run start ≤ request ≤ ready ≤ run end; the runner's own token revoked; no secret anywhere", async () => {
    const SKEW_MS = 7 * 60_000;
    const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale: 50, clock: () => Date.now() + SKEW_MS });
    try {
      // Legacy only: the Cloud Backup provider does not revoke its plugin's token at exit yet (provider/resource, not the runner).
      writeFileSync(join(dir, "skewed.yaml"), QUARTERLY.replace(/  replicaset0-to-dr:[\s\S]*$/, "").replace(/^overwritableTargets:\n(  - .*\n)+/m, ""));
      const env = cleanEnv([CLI_BIN!], { MONGODB_ATLAS_CLIENT_ID: emulator.clientId, MONGODB_ATLAS_CLIENT_SECRET: emulator.clientSecret, MONGODB_ATLAS_BASE_URL: emulator.baseUrl, PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex") });
      const r = await drill(["skewed.yaml", "--state-dir", "skewed-state", "--report-dir", "skewed"], env);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(EXIT.passed);
      const report = reportOf(join(dir, "skewed"));
      expect(report.clock).toMatchObject({ source: "server" });
      expect(report.clock.serverAheadSeconds).toBeGreaterThanOrEqual(7 * 60 - 2);
      expect(report.ranBy).toBe(`service account ${emulator.clientId}`);
      expectOneClock(report);
      // The runner minted a token for the download verification; it and the plugins' are all revoked.
      const tokens = emulator.tokens.stats();
      expect(tokens.issued).toBeGreaterThanOrEqual(2);
      expect(tokens).toMatchObject({ live: 0, revoked: tokens.issued });
      expect(r.stdout).toMatch(/^Service account: revoked the 1 access token this runner minted\.$/m);
      const texts = [{ path: "stdout", text: r.stdout }, ...readTree(join(dir, "skewed")), ...readTree(join(dir, "skewed-state"))];
      expectNoSecret(texts, secretsOf(emulator, []));
      // The emulator's access tokens (emu_at_…): none minted in this run is anywhere either.
      for (const { path, text } of texts) expect([path, /emu_at_[\w-]{8,}/.test(text)]).toEqual([path, false]);
    } finally {
      await emulator.close();
    }
  });
});

describeRealEngine("real engine: atlas-restore drill --emulator and without a CLI", () => {
  test("--emulator: its own emulator and a throwaway state; the two-project plan passes and nothing is left behind", async () => {
    const plan = PLAN.replace(/  inventory-to-dr:[\s\S]*?(?=  cloud-inventory:)/, "").replace(`  - ${DR}/${ID.drInventory0.name}\n`, "");
    writeFileSync(join(dir, "offline.yaml"), plan);
    scratch = scratchTmpdir();
    const r = await drill(["offline.yaml", "--emulator", "--time-scale", "50", "--report-dir", "offline"], cleanEnv([CLI_BIN!], scratch.env));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(EXIT.passed);
    expect(r.stdout).toMatch(/Atlas: {3}local Atlas emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).toContain("a throwaway local state");
    const report = reportOf(join(dir, "offline"));
    expect(() => validateDrillReport(report)).not.toThrow();
    expect(report).toMatchObject({ passed: true, stacks: [`offline-${A}`, `offline-${B}`], summary: { entries: 3, passed: 3, failed: 0 } });
    // The runner's own emulator: its time scale is known, and every time is on its clock.
    expect(report.server).toMatchObject({ kind: "emulator", timeScale: 50 });
    expect(report.clock.description).toMatch(/it runs 50x real time, so every time and duration here is emulated/);
    expectOneClock(report);
    expect(scratch.leftovers()).toEqual([]);
  });

  test("the README's command, as written, in a user's project: npx atlas-restore drill q3-drill.yaml --emulator passes", async () => {
    const project = await packedProject();
    const plan = readmePlan();
    const command = Object.keys(README_COMMANDS).find((c) => c.endsWith("--emulator"))!;
    expect(readmeCommands()).toContain(command);
    writeFileSync(join(project, plan.name), plan.text);
    try {
      const r = await runShell(command, cleanEnv([CLI_BIN!]), project);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(EXIT.passed);
      expect(r.stdout).toMatch(/Drill PASSED: 3 of 3 entries passed\.\n$/);
      const [folder] = readdirSync(join(project, "drill-reports"));
      const report = reportOf(join(project, "drill-reports", folder!));
      expect(report.entries.filter((e) => e.verification).map((e) => [e.name, e.verification!.every((v) => v.ok)])).toEqual([["orders-download", true], ["inventory-download", true]]);
    } finally {
      for (const f of [plan.name, "drill-reports"]) rmSync(join(project, f), { recursive: true, force: true });
    }
  });

  test("docs/dr-plans-and-runner.md's Automation API recipe, as written: a DisasterRecoveryPlan up through the user's own program", async () => {
    const project = await packedProject();
    const recipe = blocks(readFileSync(join(REPO_ROOT, "docs", "dr-plans-and-runner.md"), "utf8"), "js");
    expect(recipe).toHaveLength(1);
    const emulator = await startEmulator({ port: 0, host: "127.0.0.1", timeScale: 50 });
    const state = mkdtempSync(join(tmpdir(), "atlas-restore-recipe-state-"));
    const script = join(project, `drill-recipe-${process.pid}.js`);
    const planFile = join(state, "plan.json");
    try {
      writeFileSync(script, recipe[0]!);
      writeFileSync(planFile, JSON.stringify(parseDocument(readmePlan().text).toJS()));
      const env = cleanEnv([CLI_BIN!], {
        MONGODB_ATLAS_PUBLIC_KEY: emulator.publicKey,
        MONGODB_ATLAS_PRIVATE_KEY: emulator.privateKey,
        MONGODB_ATLAS_BASE_URL: emulator.baseUrl,
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      });
      const r = await runScript(script, [planFile], env, project);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/PASSED: 3 of 3 entries passed\.\n$/);
      expect(restorePosts(emulator)).toEqual({ [`${A}/${ID.cluster0.name}`]: 1, [`${A}/${ID.replicaSet0.name}`]: 1, [`${B}/${ID.cloudInventory0.name}`]: 1 });
    } finally {
      rmSync(script, { force: true });
      rmSync(state, { recursive: true, force: true });
      await emulator.close();
    }
  });

  test("no pulumi on PATH: exit 4, how to get one, nothing requested", async () => {
    const r = await drill(["q4.yaml", "--emulator"], cleanEnv());
    expect(r.code).toBe(EXIT.noPulumiCli);
    expect(r.stderr).toMatch(/No `pulumi` CLI found on PATH[\s\S]*npm run build:pulumi-cli[\s\S]*https:\/\/www\.pulumi\.com\/docs\/iac\/download-install\//);
    expect(r.stdout).not.toContain("requesting");
  });
});

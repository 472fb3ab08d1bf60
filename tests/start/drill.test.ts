/**
 * `npm start` end to end, as a new user runs it: no Atlas keys, no pulumi CLI. The compiled entry
 * point starts the emulator, runs Pulumi.yaml's program through the plugin path and reports.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_FIXTURES, FIXTURE_IDS } from "../../emulator";
import { REPO_ROOT } from "../helpers/plugin-session";
import { cleanEnv, runStart, START_JS } from "./run-start";

const HEX24 = "[a-f0-9]{24}";
const MASKED = /^ {4}(URLs {5}| {9}) [\w-]+( [a-f0-9]{24})?: http:\/\/127\.0\.0\.1:\d+\/… \[secret\]$/gm;
const SHOWN = /^ {4}(URLs {5}| {9}) [\w-]+( [a-f0-9]{24})?: (http:\/\/127\.0\.0\.1:\d+\/\S+)$/gm;

test("a drill with the default configuration passes: the built-in plan's four entries usable, parts, masked URLs, exit code 0", async () => {
  const reports = mkdtempSync(join(tmpdir(), "atlas-restore-reports-"));
  const { code, stdout, stderr } = await runStart(["--time-scale", "20", "--report-dir", reports]);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  // The report, written for the run: its JSON is the collected DrillReport, no secret in it.
  expect(stdout).toContain(`Drill report (JSON):      ${join(reports, "drill-report.json")}`);
  const json = JSON.parse(readFileSync(join(reports, "drill-report.json"), "utf8"));
  expect(json).toMatchObject({ version: 2, engine: "plugin", passed: true, summary: { entries: 4, passed: 4, requested: 4, reused: 0 } });
  // One declared clock, the emulator's, at its stated scale: run start ≤ each request ≤ ready ≤ run end.
  expect(json.server).toMatchObject({ kind: "emulator", timeScale: 20 });
  expect(json.clock).toMatchObject({ source: "server" });
  const order = (e: { requestedAt: string; readyAt: string }) => [json.startedAt, e.requestedAt, e.readyAt, json.finishedAt].map(Date.parse);
  for (const e of json.entries) expect([e.name, order(e)]).toEqual([e.name, [...order(e)].sort((a, b) => a - b)]);
  expect(JSON.stringify(json)).not.toContain("/backup/restore/");
  rmSync(reports, { recursive: true, force: true });
  expect(stdout).toContain("Atlas:  local Atlas emulator at http://127.0.0.1:");
  expect(stdout).toMatch(/no Pulumi CLI found on PATH: running the same program through the Pulumi SDK's dynamic-provider plugin path/);
  // Progress from the provider, streamed while the jobs ran.
  expect(stdout).toMatch(new RegExp(`\\| \\[atlas-restore\\] restore ${HEX24} of Cluster0: 3/3 parts ready \\[READY\\]`));

  expect(stdout).toMatch(new RegExp(`\\| \\[atlas-restore\\] CloudCluster0: restore ${HEX24} started \\(1 part\\) from snapshot `));

  // Every entry of the built-in plan, each usable: READY, or COMPLETED for a Cloud Backup automated restore.
  expect(stdout).toMatch(new RegExp(`  legacy-download: READY {2}\\(legacy backup, download of Cluster0, snapshot ${FIXTURE_IDS.cluster0.snapshotId}\\)\\n {4}id {8}${FIXTURE_IDS.projectId}/Cluster0/${HEX24}\\n`));
  expect(stdout).toContain("  legacy-dr: READY  (legacy backup, automated restore of ReplicaSet0 into DrReplicaSet0, ");
  expect(stdout).toContain("  cloud-download: READY  (Cloud Backup, download of CloudCluster0, ");
  expect(stdout).toContain("  cloud-dr: COMPLETED  (Cloud Backup, automated restore of CloudReplicaSet0 into DrCloudReplicaSet0, ");
  expect(stdout.match(new RegExp(`^ {4}(parts {4}| {9}) Cluster0 ${HEX24}: FINISHED/READY$`, "gm"))).toHaveLength(3); // 2 shards + config server
  expect(stdout).toMatch(/^ {4}parts {5}ReplicaSet0: FINISHED\/READY$/m);
  expect(stdout.match(/^ {4}RTO {7}(\d+m )?\d+s \(target 1h 00m 00s\): met$/gm)).toHaveLength(4);
  // A Cloud Backup sharded download's URLs are keyed by replica set.
  expect(stdout).toMatch(/^ {4}URLs {6}CloudCluster0-config-0: http:\/\/127\.0\.0\.1:\d+\/… \[secret\]$/m);
  expect(stdout.match(MASKED)).toHaveLength(6);
  expect(stdout).not.toContain("/backup/restore/"); // no URL path, hence no token, is printed
  expect(stdout).toContain("--show-secrets prints them");
  expect(stdout).toMatch(/Drill passed: 4 of 4 entries passed\.\n$/);
});

test("--auth service-account: the same drill with the emulator's service account (OAuth token, then Bearer); the token is revoked at exit", async () => {
  const { code, stdout, stderr } = await runStart(["--time-scale", "20", "--auth", "service-account"]);
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  expect(stdout).toMatch(/Atlas: {2}local Atlas emulator at http:\/\/127\.0\.0\.1:\d+ \(built-in seed fixtures; emulated time runs 20x real time; service account mdb_sa_id_emulator \(OAuth token, then Bearer\)\)/);
  expect(stdout).toContain("Service account: 1 token minted, 1 revoked when the provider exited, 0 still live.");
  expect(stdout).toMatch(/Drill passed: 4 of 4 entries passed\.\n$/);
});

test("a drill whose restore breaks fails with exit code 1 and says which and why; --show-secrets prints the URLs", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-restore-start-"));
  try {
    // The replica set's restores break halfway (emulator fixture `restoreBehaviour`).
    const fixtures = JSON.parse(JSON.stringify(DEFAULT_FIXTURES));
    fixtures.projects[0].clusters.find((c: { name: string }) => c.name === FIXTURE_IDS.replicaSet0.name).restoreBehaviour = { outcome: "BROKEN" };
    const file = join(dir, "broken-replica-set.json");
    writeFileSync(file, JSON.stringify(fixtures));

    const { code, stdout, stderr } = await runStart(["--fixtures", file, "--time-scale", "20", "--show-secrets"]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toContain(`fixtures from ${file}`);
    // The failed entry is the first thing the results show.
    expect(stdout).toMatch(new RegExp(`Drill results\\n  legacy-dr: FAILED  \\([^)]*\\)\\n[^]*?parts {5}ReplicaSet0: BROKEN/\\w+\\n {4}error: restore ${HEX24} of ReplicaSet0 failed: `));
    expect(stdout).toContain("The restore is recorded in state and will not be started again by itself");
    expect(stdout).toContain("legacy-download: READY");
    expect(stdout).toContain("cloud-dr: COMPLETED");
    const urls = [...stdout.matchAll(SHOWN)].map((m) => m[3]);
    expect(urls).toHaveLength(6);
    expect(urls.filter((u) => /\/backup\/restore\/v2\/pull\/\S+\.tar\.gz$/.test(u))).toHaveLength(3);
    expect(stdout).toMatch(/Drill FAILED: legacy-dr\. 3 of 4 entries passed\. 1 restore is not usable \(failed, not finished or never started\); 1 missed its RTO target\.\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("--preview without a Pulumi CLI on PATH: a usage error that says how to get one; exit code 2", async () => {
  const r = await runStart(["--preview"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--preview needs a pulumi CLI on PATH \(`npm run build:pulumi-cli` builds one/);
});

test("a drill whose restore cannot start: no PromiseRejectionHandledWarning, no topology claimed; --keep-emulator keeps the links working until Ctrl-C", async () => {
  const dir = mkdtempSync(join(tmpdir(), "atlas-restore-start-"));
  try {
    // The replica set has no snapshot: its restore fails at once while the sharded one runs.
    const fixtures = JSON.parse(JSON.stringify(DEFAULT_FIXTURES));
    fixtures.projects[0].clusters.find((c: { name: string }) => c.name === FIXTURE_IDS.replicaSet0.name).snapshots = [];
    const file = join(dir, "no-replica-set-snapshot.json");
    writeFileSync(file, JSON.stringify(fixtures));

    // Its report goes to the test's folder: npm start's default, drill-reports/, is in the repository.
    const args = ["--fixtures", file, "--time-scale", "20", "--show-secrets", "--keep-emulator", "--report-dir", join(dir, "reports")];
    const child = spawn(process.execPath, [START_JS, ...args], { cwd: REPO_ROOT, env: cleanEnv() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number>((resolve) => child.once("close", (code) => resolve(code ?? -1)));
    const deadline = Date.now() + 90_000;
    while (!/press Ctrl-C to stop it/.test(stdout) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    expect(stdout).toMatch(/  legacy-dr: NOT STARTED {2}\([^)]*\)\n( {4}.*\n)*? {4}error: /);
    expect(stdout).toMatch(/which keeps running until Ctrl-C \(--keep-emulator\)/);
    const url = /^ {4}URLs {6}Cluster0 [a-f0-9]{24}: (http:\/\/127\.0\.0\.1:\d+\/backup\/restore\/v2\/pull\/\S+\.tar\.gz)$/m.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200); // after the report: the emulator still serves it

    child.kill("SIGINT");
    expect(await exited).toBe(1);
    expect(stderr).toBe("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

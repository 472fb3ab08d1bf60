/**
 * `npm start` with the built Pulumi CLI on PATH: the drill runs through the real CLI (Automation
 * API, inline program), against the embedded emulator, and cleans up after itself. Also a broken
 * drill: exit code 1 with the restore's failure. (Without a CLI, tests/start/drill.test.ts covers
 * the plugin path.)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { DrillReport } from "../../drill/report/model";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_FIXTURES } from "../../emulator";
import { REPO_ROOT } from "../helpers/plugin-session";
import { scratchTmpdir } from "../helpers/scratch-tmpdir";
import { cleanEnv, runStart } from "../start/run-start";
import { CLI_BIN, describeRealEngine } from "./harness";

jest.setTimeout(300_000);

/** The TMPDIR npm start gets: a folder of this test's own, so what it leaves behind is what is in it. */
let scratch: ReturnType<typeof scratchTmpdir> | undefined;
afterAll(() => scratch?.remove());
const stackFiles = () => readdirSync(REPO_ROOT).filter((n) => /^Pulumi\..+\.yaml$/.test(n));

describeRealEngine("real engine: npm start with a Pulumi CLI on PATH", () => {
  test("the drill runs through the real CLI: the built-in plan's four restores usable, URLs masked, the report on the emulator's clock, nothing left behind", async () => {
    scratch = scratchTmpdir();
    const reports = mkdtempSync(join(tmpdir(), "start-cli-reports-"));
    const r = await runStart(["--report-dir", reports], cleanEnv([CLI_BIN!], scratch.env));
    const report = JSON.parse(readFileSync(join(reports, "drill-report.json"), "utf8")) as DrillReport;
    rmSync(reports, { recursive: true, force: true });
    // One declared clock, the emulator's (5x real time): run start ≤ each request ≤ ready ≤ run end.
    expect(report).toMatchObject({ version: 2, engine: "pulumi-cli", server: { kind: "emulator", timeScale: 5 }, clock: { source: "server" } });
    for (const e of report.entries) {
      const times = [report.startedAt, e.requestedAt!, e.readyAt!, report.finishedAt].map(Date.parse);
      expect([e.name, e.run, times]).toEqual([e.name, "requested", [...times].sort((a, b) => a - b)]);
    }
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Engine: pulumi CLI at ${join(CLI_BIN!, "pulumi")}, through the Automation API`);
    expect(r.stdout).toMatch(/\| .*Updating \(npm-start-/); // the CLI's own output, streamed
    expect(r.stdout).toMatch(/\| .*\[atlas-restore\] .*parts? ready \[READY\]/); // the provider's progress, through the CLI
    for (const line of ["legacy-download: READY", "legacy-dr: READY", "cloud-download: READY", "cloud-dr: COMPLETED"]) expect(r.stdout).toContain(`  ${line}  (`);
    // From the stack's state (stack export): parts and URLs, the Cloud Backup ones keyed by replica set, masked.
    expect(r.stdout.match(/^ {4}(parts {4}| {9}) Cluster0 [a-f0-9]{24}: FINISHED\/READY$/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/^ {4}(URLs {5}| {9}) CloudCluster0-shard-0: http:\/\/127\.0\.0\.1:\d+\/… \[secret\]$/m);
    expect(r.stdout).toContain("--show-secrets prints them");
    expect(r.stdout).not.toContain("/backup/restore/");
    expect(r.stdout).not.toMatch(/emulator-private-key/);
    expect(r.stdout).toMatch(/Drill passed: 4 of 4 entries passed\.\n$/);
    expect(scratch.leftovers()).toEqual([]);
    expect(stackFiles()).toEqual([]);
  });

  test("--preview: the drill's plan through the real CLI; the emulator receives no API request", async () => {
    const r = await runStart(["--preview"], cleanEnv([CLI_BIN!]));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| .*Previewing update \(npm-start-/);
    expect(r.stdout).toMatch(/\| .*\+ .*RestoreJob.*drill-legacy-download.*create/);
    expect(r.stdout).toMatch(/\| .*\+ .*CloudBackupRestoreJob.*drill-cloud-dr.*create/);
    // The stack, the plan and its four children.
    expect(r.stdout).toContain("Preview done: 6 to create; the emulator received 0 API requests.");
  });

  test("with a service account: the drill passes through the real CLI, and the engine's close of the plugin revokes its token", async () => {
    const r = await runStart(["--auth", "service-account"], cleanEnv([CLI_BIN!]));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [, minted, revoked, live] = /Service account: (\d+) tokens? minted, (\d+) revoked when the provider exited, (\d+) still live/.exec(r.stdout) ?? [];
    expect(Number(minted)).toBeGreaterThanOrEqual(1);
    expect({ revoked: Number(revoked), live: Number(live) }).toEqual({ revoked: Number(minted), live: 0 });
    expect(r.stdout).not.toMatch(/mdb_sa_sk_emulator/);
  });

  test("a broken restore: exit code 1, the failure named, through the real CLI", async () => {
    const fixtures = structuredClone(DEFAULT_FIXTURES);
    const replicaSet = fixtures.projects.flatMap((p) => p.clusters ?? []).find((c) => c.name === "ReplicaSet0");
    replicaSet!.restoreBehaviour = { outcome: "BROKEN" };
    const file = join(tmpdir(), `atlas-restore-broken-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(fixtures));
    const r = await runStart(["--fixtures", file], cleanEnv([CLI_BIN!]));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Drill results\n  legacy-dr: FAILED/);
    expect(r.stdout).toMatch(/Drill FAILED: legacy-dr\. 3 of 4 entries passed\. 1 restore is not usable \(failed, not finished or never started\); 1 missed its RTO target\.\n$/);
    expect(r.stdout + r.stderr).toMatch(/BROKEN/);
    expect(existsSync(file)).toBe(true);
  });
});

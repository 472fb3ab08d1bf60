/**
 * `atlas-restore drill` as a user runs it: the bin of the packed tarball, installed into a
 * user-shaped project, spawned with a real Pulumi CLI on PATH, on a plan spanning two source
 * projects (one stack each, in parallel). Against this process's emulator (credentials in the
 * environment, as for Atlas), so its request log is the evidence: exactly one restore POST per
 * entry, a failure in one project not stopping the other, the report covering both stacks and
 * validating, a second run of the same plan on the same state requesting nothing new. Then
 * `--emulator` (the CLI's own emulator, throwaway state), and the no-CLI message.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import { EXIT } from "../../cli/drill/exit-codes";
import { validateDrillReport, type DrillReport } from "../../drill/report";
import { scratchTmpdir } from "../helpers/scratch-tmpdir";
import { cleanEnv, runScript } from "../start/run-start";
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
    expect(r.stdout).toMatch(/\n\nFAILED {2}inventory-to-dr: FAILED \(restore \w+ of Inventory0 failed: .*BROKEN[^\n]*\npassed {2}/);
    expect(r.stdout).toMatch(/Drill FAILED: 3\/4 entries passed\.\n$/);
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
    expect(report.servers).toEqual([emulator.baseUrl]);
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

  test("the same plan on the same state again: nothing is requested again", async () => {
    const before = restorePosts(emulator);
    const r = await drill(["q4.yaml", "--state-dir", "state", "--report-dir", "report2"], env);
    expect(r.code).toBe(EXIT.failed); // the broken entry is still broken
    // Not even the failed one: it is recorded in state, and restores again only when its intent changes.
    expect(restorePosts(emulator)).toEqual(before);
    expect(r.stdout).not.toContain("cluster0-download: requesting the restore");
    const report = reportOf(join(dir, "report2"));
    expect(report.entries.filter((e) => e.passed).map((e) => e.name).sort()).toEqual(["cloud-inventory", "cluster0-download", "replicaset0-to-dr"]);
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
    expect(scratch.leftovers()).toEqual([]);
  });

  test("no pulumi on PATH: exit 4, how to get one, nothing requested", async () => {
    const r = await drill(["q4.yaml", "--emulator"], cleanEnv());
    expect(r.code).toBe(EXIT.noPulumiCli);
    expect(r.stderr).toMatch(/No `pulumi` CLI found on PATH[\s\S]*npm run build:pulumi-cli[\s\S]*https:\/\/www\.pulumi\.com\/docs\/iac\/download-install\//);
    expect(r.stdout).not.toContain("requesting");
  });
});

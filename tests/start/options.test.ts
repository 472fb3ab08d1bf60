/** `npm start`'s flags, its guards before anything runs, and its report (no processes started). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DRILL_DEFAULTS } from "../../drill/defaults";
import { FIXTURE_IDS } from "../../emulator";
import { main } from "../../scripts/start";
import { parseStartArgs, UsageError } from "../../scripts/start/args";
import { builtinPlan } from "../../drill/builtin-plan";
import { collectDrillReport } from "../../drill/report/collect";
import { formatSummary, maskUrl, passed, type EngineRun } from "../../scripts/start/summary";
import { credentialEnv, type Target } from "../../scripts/start/target";
import { readSettings } from "../../provider/resource/settings";
import { cleanEnv } from "./run-start";
import { sampleRun } from "../drill-report/sample-report";

/** npm start in-process; a run that gets as far as a report writes it into a temp folder, not the repository. */
async function start(argv: string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  let stdout = "";
  let stderr = "";
  const reports = mkdtempSync(join(tmpdir(), "start-options-"));
  try {
    const args = argv.includes("--report-dir") ? argv : [...argv, "--report-dir", reports];
    const code = await main(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
    return { code, stdout, stderr };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

test("the drill's default ids are the emulator's seed ids", () => {
  expect(DRILL_DEFAULTS).toEqual({
    projectId: FIXTURE_IDS.projectId,
    shardedCluster: FIXTURE_IDS.cluster0.name,
    shardedSnapshotId: FIXTURE_IDS.cluster0.snapshotId,
    replicaSet: FIXTURE_IDS.replicaSet0.name,
    replicaSetSnapshotId: FIXTURE_IDS.replicaSet0.snapshotId,
    drProjectId: FIXTURE_IDS.drProjectId,
    drCluster: FIXTURE_IDS.drReplicaSet0.name,
    cloudShardedCluster: FIXTURE_IDS.cloudCluster0.name,
    cloudShardedSnapshotId: FIXTURE_IDS.cloudCluster0.latestSnapshotId,
    cloudReplicaSet: FIXTURE_IDS.cloudReplicaSet0.name,
    cloudReplicaSetSnapshotId: FIXTURE_IDS.cloudReplicaSet0.latestSnapshotId,
    drCloudCluster: FIXTURE_IDS.drCloudReplicaSet0.name,
  });
});

test("flags", () => {
  expect(parseStartArgs([])).toEqual({ help: false, version: false, showSecrets: false, preview: false, keepEmulator: false, forceEmulator: false, fixtures: undefined, config: {}, settings: { ids: {} } });
  expect(parseStartArgs(["--keep-emulator"]).keepEmulator).toBe(true);
  expect(parseStartArgs(["--show-secrets", "--fixtures", "f.json", "--time-scale", "60", "--config", "drCluster=Dr1", "--config", "waitTimeoutMinutes=5", "--emulator"])).toEqual({
    help: false,
    version: false,
    showSecrets: true,
    preview: false,
    keepEmulator: false,
    forceEmulator: true,
    fixtures: "f.json",
    timeScale: 60,
    config: { drCluster: "Dr1", waitTimeoutMinutes: "5" },
    settings: { ids: { drCluster: "Dr1" }, waitTimeoutMinutes: 5 },
  });
  expect(parseStartArgs(["--config", "entries=legacy,cloud-dr"]).settings.entries).toEqual(["legacy-download", "legacy-dr", "cloud-dr"]);
  expect(() => parseStartArgs(["--config", "entries=legacy-download,cloud"])).toThrow(
    /^Invalid --config entries: unknown entry "cloud": use a comma list of legacy-download, legacy-dr, cloud-download, cloud-dr, legacy, cloudBackup\.$/,
  );
  expect(() => parseStartArgs(["--config", "rtoTargetMinutes=soon"])).toThrow(/^Invalid --config rtoTargetMinutes: "soon" is not a positive number of minutes\.$/);
  expect(() => parseStartArgs(["--time-scale", "0"])).toThrow(UsageError);
  expect(() => parseStartArgs(["--config", "nope=1"])).toThrow(/key one of projectId, shardedCluster/);
  expect(() => parseStartArgs(["--frobnicate"])).toThrow(UsageError);
  expect(parseStartArgs(["--auth", "service-account"]).auth).toBe("service-account");
  expect(() => parseStartArgs(["--auth", "oauth"])).toThrow(/^Invalid --auth oauth: use api-key or service-account\.$/);
});

test("--help prints the usage and exits 0; a bad flag prints it and exits 2", async () => {
  const help = await start(["--help"]);
  expect(help).toMatchObject({ code: 0, stderr: "" });
  expect(help.stdout).toContain("Usage: npm start -- [options]");
  const bad = await start(["--time-scale", "fast"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^Invalid --time-scale fast: use a positive number up to 10000\.\n\nUsage: npm start/);
  // The usage describes npm start, not a file a user never edits.
  expect(help.stdout).not.toContain("Pulumi.yaml");
});

test("--version prints the package's name and version, exit 0", async () => {
  const { version } = require("../../package.json") as { version: string };
  expect(await start(["--version"])).toEqual({ code: 0, stdout: `pulumi-atlas-restore ${version}\n`, stderr: "" });
});

test("a negative number is a bad value of its flag (exit 2), not the parser's 'argument is ambiguous'", async () => {
  const r = await start(["--time-scale", "-5"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^Invalid --time-scale -5: use a positive number up to 10000\.\n/);
  expect(r.stderr).not.toMatch(/ambiguous/);
});

test("a malformed id is a usage error naming the --config value (exit 2), before anything runs: not a FAILED drill of NOT STARTED entries", async () => {
  const r = await start(["--config", "projectId=xyz"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^Invalid --config projectId=xyz: source\.projectId must be 24 lowercase hexadecimal characters/);
  expect(r.stdout).toBe("");
  expect(() => parseStartArgs(["--config", "drCluster=bad name!"])).toThrow(/^Invalid --config drCluster=bad name!: targetClusterName must start with a letter or digit/);
  expect(() => parseStartArgs(["--config", "waitTimeoutMinutes=1e9"])).toThrow(/^Invalid --config waitTimeoutMinutes=1e9: waitTimeoutMinutes must be at most 10080/);
});

describe("with MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY set, it targets Atlas", () => {
  const atlasEnv = () => cleanEnv([], { MONGODB_ATLAS_PUBLIC_KEY: "pub", MONGODB_ATLAS_PRIVATE_KEY: "priv", MONGODB_ATLAS_BASE_URL: "https://om.example:8443/api/public/v1.0" });

  test("and refuses to run on the emulator's ids, naming each missing one of the entries run and the data-loss risk", async () => {
    const r = await start([], atlasEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("targets https://om.example:8443, where");
    expect(r.stderr).toContain(
      "Pass every id of the entries run (legacy-download, legacy-dr, cloud-download, cloud-dr) with --config: missing projectId, shardedCluster, shardedSnapshotId, replicaSet, replicaSetSnapshotId, drProjectId, drCluster, cloudShardedCluster, cloudShardedSnapshotId, cloudReplicaSet, cloudReplicaSetSnapshotId, drCloudCluster;",
    );
    expect(r.stderr).toContain("--config entries=legacy (Cloud / Ops Manager)");
    expect(r.stderr).toContain("REPLACES ALL DATA of its target (drProjectId/drCluster, drProjectId/drCloudCluster)");
    expect(r.stderr).not.toContain("priv");
  });

  test("a subset of entries needs only its own ids; a download-only subset names no target to wipe", async () => {
    const legacy = await start(["--config", "entries=legacy", "--config", "projectId=5e2211c17a3e5a48f5497de3", "--config", "drCluster=Dr"], atlasEnv());
    expect(legacy.code).toBe(2);
    expect(legacy.stderr).toContain("(legacy-download, legacy-dr) with --config: missing shardedCluster, shardedSnapshotId, replicaSet, replicaSetSnapshotId, drProjectId;");
    expect(legacy.stderr).toContain("(drProjectId/drCluster)");
    const download = await start(["--config", "entries=cloud-download"], atlasEnv());
    expect(download.stderr).toContain("missing projectId, cloudShardedCluster, cloudShardedSnapshotId;");
    expect(download.stderr).not.toContain("REPLACES ALL DATA");
  });

  test("and rejects emulator-only flags", async () => {
    const r = await start(["--time-scale", "5"], atlasEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fixtures, --time-scale, --keep-emulator and --auth apply to the emulator only/);
    expect((await start(["--auth", "service-account"], atlasEnv())).stderr).toMatch(/and --auth apply to the emulator only; the environment holds an Atlas API key/);
  });

  test("a service account in the environment (MONGODB_ATLAS_CLIENT_ID / _SECRET) targets Atlas too, and its secret is never printed", async () => {
    const r = await start([], cleanEnv([], { MONGODB_ATLAS_CLIENT_ID: "mdb_sa_id_x", MONGODB_ATLAS_CLIENT_SECRET: "mdb_sa_sk_topsecret" }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^The environment holds an Atlas service account from MONGODB_ATLAS_CLIENT_ID\/CLIENT_SECRET, so the drill targets https:\/\/cloud\.mongodb\.com/);
    expect(r.stderr).not.toContain("topsecret");
  });
});

describe("the summary printed", () => {
  const planArgs = builtinPlan({ entries: ["legacy-download", "cloud-dr"] });
  const run = sampleRun();
  const download = { kind: "RestoreJob", id: "p/Cluster0/b", outputs: { status: "READY", requestedAt: "2026-12-01T00:00:01Z", readyAt: "2026-12-01T00:00:21Z", jobIds: ["j1"], jobs: [{ id: "j1", clusterName: "Cluster0", statusName: "FINISHED", created: "2026-12-01T00:00:01Z", delivery: { methodName: "HTTP", statusName: "READY", url: "[secret]" } }] } } as const;
  const urls: EngineRun["urls"] = { "legacy-download": [["Cluster0", "https://h.example:8443/pull/j1/TOKEN/f.tar.gz"], ["Cluster0-config", "not a url TOKEN"]] };
  const report = collectDrillReport({ planArgs, run, children: { "legacy-download": download, "cloud-dr": { outputs: {}, error: "POST failed: 404 CLUSTER_NOT_FOUND" } } });

  test("failed entries first; URLs masked after the origin unless secrets are shown; names what failed", () => {
    const masked = formatSummary(report, urls, { showSecrets: false });
    expect(masked).not.toContain("TOKEN");
    expect(masked.indexOf("cloud-dr: NOT STARTED")).toBeLessThan(masked.indexOf("legacy-download: READY"));
    expect(masked).toContain("  cloud-dr: NOT STARTED  (Cloud Backup, automated restore of CloudReplicaSet0 into DrCloudReplicaSet0, snapshot 6b9a1c0387d9d61443b4c103)\n    error: POST failed: 404 CLUSTER_NOT_FOUND\n");
    expect(masked).toContain("    id        p/Cluster0/b\n    RTO       20s (target 1h 00m 00s): met\n    RPO       no figure (no target)\n    parts     Cluster0: FINISHED/READY\n    URLs      Cluster0: https://h.example:8443/… [secret]\n              Cluster0-config: [secret]\n");
    expect(masked).toMatch(/Drill FAILED: cloud-dr\. 1 of 2 entries passed\. 1 restore is not usable \(failed, not finished or never started\)\.\n$/);
    expect(formatSummary(report, urls, { showSecrets: true })).toContain("    URLs      Cluster0: https://h.example:8443/pull/j1/TOKEN/f.tar.gz\n");
    expect(maskUrl("https://h.example:8443/pull/j1/TOKEN/f.tar.gz")).toBe("https://h.example:8443/… [secret]");
  });

  test("emulator links shown with --show-secrets: says they stop with npm start, and how to keep them; the report's paths", () => {
    expect(formatSummary(report, urls, { showSecrets: true, emulatorLinks: "stops" })).toMatch(
      /served by the embedded emulator, which stops when npm start exits: they stop working then\. Run with --keep-emulator/,
    );
    expect(formatSummary(report, urls, { showSecrets: true, emulatorLinks: "kept" })).toMatch(/keeps running until Ctrl-C \(--keep-emulator\)/);
    expect(formatSummary(report, urls, { showSecrets: false, emulatorLinks: "stops" })).not.toMatch(/embedded emulator/);
    expect(formatSummary(report, urls, { showSecrets: false, reportPaths: "Drill report (HTML): a.html\nDrill report (JSON): a.json" })).toContain("\n\nDrill report (HTML): a.html\nDrill report (JSON): a.json\n\nDrill FAILED");
  });

  test("passes only when every entry is usable and nothing else failed", () => {
    expect(passed(report)).toBe(false);
    const one = builtinPlan({ entries: ["legacy-download"] });
    const ok = collectDrillReport({ planArgs: one, run, children: { "legacy-download": download } });
    expect(passed(ok)).toBe(true);
    expect(formatSummary(ok, {}, { showSecrets: false })).toMatch(/Drill passed: 1 of 1 entry passed\.\n$/);
    expect(passed(collectDrillReport({ planArgs: one, run, children: { "legacy-download": download }, errors: ["the program failed: boom"] }))).toBe(false);
    expect(passed(collectDrillReport({ planArgs: { entries: {} }, run, children: {} }))).toBe(false);
  });
});

test("the emulator's credential as environment variables blanks every other credential variable, so a shell's real one never wins", () => {
  const emulator = { clientId: "mdb_sa_id_emulator", clientSecret: "mdb_sa_sk_emulator", publicKey: "pub", privateKey: "priv", baseUrl: "http://127.0.0.1:1" };
  const target = (auth: "api-key" | "service-account") => ({ kind: "emulator", emulator, timeScale: 5, auth, describe: "" }) as unknown as Target;
  const shell = { MONGODB_ATLAS_CLIENT_ID: "mdb_sa_id_real", MONGODB_ATLAS_CLIENT_SECRET: "real", MCLI_PUBLIC_API_KEY: "real-pub", MONGODB_ATLAS_ACCESS_TOKEN: "real-token" };
  const viaKey = readSettings(() => undefined, { ...shell, ...credentialEnv(target("api-key")) });
  expect(viaKey).toMatchObject({ publicKey: "pub", privateKey: "priv", clientId: undefined, clientSecret: undefined, accessToken: undefined, baseUrl: "http://127.0.0.1:1" });
  const viaSa = readSettings(() => undefined, { ...shell, ...credentialEnv(target("service-account")) });
  expect(viaSa).toMatchObject({ clientId: "mdb_sa_id_emulator", clientSecret: "mdb_sa_sk_emulator", publicKey: undefined, accessToken: undefined });
  expect(credentialEnv({ kind: "atlas", describe: "", server: { origin: "https://cloud.mongodb.com", apiBase: "https://cloud.mongodb.com/api/atlas/v1.0" }, facts: { origin: "https://cloud.mongodb.com" }, ranBy: "API key pub" })).toEqual({});
});

describe("a secret pasted into MONGODB_ATLAS_BASE_URL", () => {
  const KEY = "4f0c1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b";

  test.each([
    ["the private key itself", { MONGODB_ATLAS_BASE_URL: KEY, MONGODB_ATLAS_PRIVATE_KEY: "another-private-key-value" }],
    ["a URL carrying it in its path", { MONGODB_ATLAS_BASE_URL: `https://cloud.mongodb.com/${KEY}`, MONGODB_ATLAS_PRIVATE_KEY: "another-private-key-value" }],
    ["the same key in both variables", { MONGODB_ATLAS_BASE_URL: KEY, MONGODB_ATLAS_PRIVATE_KEY: KEY }],
  ])("%s: a usage error (exit 2) that names the variable and never shows the value", async (_, vars) => {
    const r = await start(["--config", "entries=legacy-download", "--config", "projectId=5e2211c17a3e5a48f5497de3"], cleanEnv([], { MONGODB_ATLAS_PUBLIC_KEY: "pub", ...vars }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MONGODB_ATLAS_BASE_URL/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });
});

/** `npm start`'s flags, its guards before anything runs, and its report (no processes started). */
import { DRILL_DEFAULTS } from "../../drill/defaults";
import { FIXTURE_IDS } from "../../emulator";
import { main } from "../../scripts/start";
import { parseStartArgs, UsageError } from "../../scripts/start/args";
import { fromStackOutputs } from "../../scripts/start/automation-path";
import { formatReport, maskUrl, passed, type Report } from "../../scripts/start/summary";
import { credentialEnv, type Target } from "../../scripts/start/target";
import { readSettings } from "../../provider/resource/settings";
import { cleanEnv } from "./run-start";

async function start(argv: string[], env: NodeJS.ProcessEnv = cleanEnv()) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env });
  return { code, stdout, stderr };
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
  expect(parseStartArgs([])).toEqual({ help: false, showSecrets: false, preview: false, keepEmulator: false, forceEmulator: false, fixtures: undefined, config: {}, settings: { ids: {} } });
  expect(parseStartArgs(["--keep-emulator"]).keepEmulator).toBe(true);
  expect(parseStartArgs(["--show-secrets", "--fixtures", "f.json", "--time-scale", "60", "--config", "drCluster=Dr1", "--config", "waitTimeoutMinutes=5", "--emulator"])).toEqual({
    help: false,
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
  expect(bad.stderr).toMatch(/^Invalid --time-scale fast: use a positive number\.\n\nUsage: npm start/);
});

describe("with MONGODB_ATLAS_PUBLIC_KEY/PRIVATE_KEY set, it targets Atlas", () => {
  const atlasEnv = () => cleanEnv([], { MONGODB_ATLAS_PUBLIC_KEY: "pub", MONGODB_ATLAS_PRIVATE_KEY: "priv", MONGODB_ATLAS_BASE_URL: "https://om.example:8443/api/public/v1.0" });

  test("and refuses to run on the emulator's ids, naming each missing one of the entries run and the data-loss risk", async () => {
    const r = await start([], atlasEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("targets https://om.example:8443/api/public/v1.0");
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

describe("the report", () => {
  const report: Report = {
    restores: [
      { name: "a", id: "p/C/b", batchId: "b", status: "READY", parts: ["j1 FINISHED/READY (READY)", "j2 FINISHED/READY (READY)"], urls: ["https://h.example:8443/pull/j1/TOKEN/f.tar.gz", "not a url TOKEN"] },
      { name: "z", status: "NOT STARTED", parts: [], urls: [], error: "POST failed: 404 CLUSTER_NAME_NOT_FOUND" },
    ],
    errors: [],
  };

  test("masks URLs after the origin unless secrets are shown, and names what failed", () => {
    expect(maskUrl("https://h.example:8443/pull/j1/TOKEN/f.tar.gz")).toBe("https://h.example:8443/… [secret]");
    const masked = formatReport(report, { showSecrets: false });
    expect(masked).not.toContain("TOKEN");
    expect(masked).toContain("    URLs      https://h.example:8443/… [secret]\n              [secret]\n");
    // A restore that never started has no topology to speak of (it used to claim "a replica-set restore").
    expect(masked).toContain("  z: NOT STARTED\n    error: POST failed: 404 CLUSTER_NAME_NOT_FOUND\n");
    expect(masked).not.toContain("replica-set");
    expect(masked).toMatch(/Drill FAILED: z\.\n$/);
    expect(formatReport(report, { showSecrets: true })).toContain("    URLs      https://h.example:8443/pull/j1/TOKEN/f.tar.gz\n");
  });

  test("emulator links shown with --show-secrets: says they stop with npm start, and how to keep them", () => {
    expect(formatReport(report, { showSecrets: true, emulatorLinks: "stops" })).toMatch(
      /served by the embedded emulator, which stops when npm start exits: they stop working then\. Run with --keep-emulator/,
    );
    expect(formatReport(report, { showSecrets: true, emulatorLinks: "kept" })).toMatch(/keeps running until Ctrl-C \(--keep-emulator\)/);
    expect(formatReport(report, { showSecrets: false, emulatorLinks: "stops" })).not.toMatch(/embedded emulator/);
    expect(formatReport(report, { showSecrets: true })).not.toMatch(/embedded emulator/);
  });

  test("passes only when every restore is READY and nothing else failed", () => {
    expect(passed(report)).toBe(false);
    const ok = { restores: [report.restores[0]], errors: [] };
    expect(passed(ok)).toBe(true);
    expect(passed({ ...ok, errors: ["the program failed: boom"] })).toBe(false);
    expect(passed({ restores: [], errors: [] })).toBe(false);
  });

  test("from `pulumi stack output --json`: URLs per restore when shown, hidden when not", () => {
    const restores = { a: { id: "p/C/b", batchId: "b", status: "READY", parts: ["j1 x"] }, r: { id: "p/R/j", status: "READY", parts: [] } };
    expect(fromStackOutputs(JSON.stringify({ restores, deliveryUrls: { a: ["u1"] } })).restores).toEqual([
      { name: "a", id: "p/C/b", batchId: "b", status: "READY", parts: ["j1 x"], urls: ["u1"] },
      { name: "r", id: "p/R/j", batchId: undefined, status: "READY", parts: [], urls: [] },
    ]);
    expect(fromStackOutputs(JSON.stringify({ restores, deliveryUrls: "[secret]" })).restores[0].urls).toBe("hidden");
    expect(fromStackOutputs("not json").errors).toEqual(["pulumi stack output did not print JSON."]);
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
  expect(credentialEnv({ kind: "atlas", describe: "" })).toEqual({});
});

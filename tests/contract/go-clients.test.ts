/**
 * MongoDB's own Go clients against the emulator (tests/go-clients): the legacy client
 * go.mongodb.org/atlas and the Admin API v2 SDK go.mongodb.org/atlas-sdk/v20250312018 run their
 * sequences (snapshots, checkpoints, every restore kind, on-demand snapshots, the cluster probe,
 * error bodies, digest and service-account auth) over real HTTP. A check fails on a decode
 * error, a status the client does not expect, or a field the client drops.
 *
 * The emulator runs at time scale 60 with 120-second tokens, as a time-scaled drill would; the
 * Go test binary is built once per source hash into a cache outside the repository
 * (go-binary.ts). Without Go this test is skipped with one line, except under CI=true.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { FIXTURE_IDS as ID, startEmulator, type Emulator } from "../../emulator";
import { notice } from "../helpers/notices";
import { goTestBinary, goVersion } from "./go-binary";

const run = promisify(execFile);
const go = goVersion();
if (!go && process.env.CI === "true") throw new Error("Go is not on PATH: CI runs MongoDB's Go clients against the emulator (tests/go-clients).");
if (!go) notice("go-clients: skipped, `go` is not on PATH (tests/go-clients needs Go 1.26).");
const maybe = go ? test : test.skip;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Snapshots the checks need beyond the default world: one inside the legacy 24-hour PIT window, and expired ones. */
function addSnapshots(emu: Emulator, now: number): Record<string, string> {
  const extra = {
    recentLegacySnapshotId: "6b9a10a187d9d61443b4b0a1",
    expiredLegacySnapshotId: "6b9a10a287d9d61443b4b0a2",
    expiredCloudSnapshotId: "6b9a1ca387d9d61443b4c1a3",
  };
  const at = (ms: number) => ({ created: iso(ms), timestamp: { date: iso(ms), increment: 1 } });
  emu.addSnapshot(ID.projectId, ID.replicaSet0.name, { id: extra.recentLegacySnapshotId, ...at(now - 2 * HOUR) });
  emu.addSnapshot(ID.projectId, ID.replicaSet0.name, { id: extra.expiredLegacySnapshotId, ...at(now - 3 * DAY), expiresAt: iso(now - 2 * DAY) });
  emu.addSnapshot(ID.projectId, ID.cloudReplicaSet0.name, { id: extra.expiredCloudSnapshotId, ...at(now - 10 * DAY), expiresAt: iso(now - 3 * DAY) });
  return extra;
}

maybe("MongoDB's legacy Go client and v2 Go SDK run their full sequences against the emulator", async () => {
  const binary = goTestBinary(go as string);
  const emu = await startEmulator({ timeScale: 60, tokenLifetimeSeconds: 120, rateLimit: false });
  try {
    const ids = {
      projectId: ID.projectId,
      drProjectId: ID.drProjectId,
      sharded: ID.cluster0.name,
      shardedSnapshotId: ID.cluster0.snapshotId,
      checkpointId: ID.cluster0.checkpointId,
      drSharded: ID.drCluster0.name,
      replicaSet: ID.replicaSet0.name,
      replicaSetSnapshotId: ID.replicaSet0.snapshotId,
      drReplicaSet: ID.drReplicaSet0.name,
      cloudReplicaSet: ID.cloudReplicaSet0.name,
      cloudReplicaSetSnapshotId: ID.cloudReplicaSet0.latestSnapshotId,
      cloudSharded: ID.cloudCluster0.name,
      cloudShardedSnapshotId: ID.cloudCluster0.latestSnapshotId,
      drCloudReplicaSet: ID.drCloudReplicaSet0.name,
      drCloudReplicaSet2: ID.drCloudInventory0.name,
      ...addSnapshots(emu, Date.now()),
    };
    const started = Date.now();
    const out = await run(binary.path, ["-test.v", "-test.count=1", "-test.timeout=120s"], {
      cwd: __dirname,
      maxBuffer: 16 * 1024 * 1024,
      env: {
        ...process.env,
        ATLAS_EMU_BASE_URL: emu.baseUrl,
        ATLAS_EMU_PUBLIC_KEY: emu.publicKey,
        ATLAS_EMU_PRIVATE_KEY: emu.privateKey,
        ATLAS_EMU_CLIENT_ID: emu.clientId,
        ATLAS_EMU_CLIENT_SECRET: emu.clientSecret,
        ATLAS_EMU_IDS: JSON.stringify(ids),
      },
    }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`The Go checks failed:\n${e.stdout ?? ""}${e.stderr ?? ""}\n${e.message}`);
    });
    const lines = out.stdout.split("\n");
    const passed = lines.filter((l) => /^\s*--- PASS: /.test(l));
    const notPassed = lines.filter((l) => /^\s*--- (FAIL|SKIP): /.test(l));
    expect(notPassed).toEqual([]);
    expect(passed.length).toBeGreaterThan(20);
    expect(emu.requestLog.filter((e) => e.status >= 500)).toEqual([]);
    console.log(`go-clients: ${passed.length} Go checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${binary.buildMs ? `binary built in ${(binary.buildMs / 1000).toFixed(1)} s` : "cached binary"}; ${go})`);
  } finally {
    await emu.close();
  }
}, 300_000);

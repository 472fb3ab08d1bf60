/**
 * CloudBackupClient against the real emulator over HTTP with digest auth: every operation, the
 * errors that name what to do, the deprecation warning and the server's rate-limit count.
 */
import { FIXTURE_IDS as ID, startEmulator, type Emulator } from "../../emulator";
import { AtlasClient, CloudBackupClient, cloudBackupBudget, resetCloudBackupBudgets, resetDeprecationWarnings } from "../../provider/atlas";

let emu: Emulator;
let now = Date.parse("2026-03-01T12:00:00Z");
const warnings: string[] = [];
beforeAll(async () => {
  emu = await startEmulator({ clock: () => now, rateLimit: false });
});
afterAll(() => emu.close());
beforeEach(() => {
  resetCloudBackupBudgets();
  resetDeprecationWarnings();
});

const client = () => new CloudBackupClient({ publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.baseUrl, warn: (l) => warnings.push(l) });

test("download: create → get until the URL → list → cancel another; snapshots incl. sharded views", async () => {
  const c = client();
  const snapshots = await c.listSnapshots(ID.projectId, ID.cloudReplicaSet0.name, { itemsPerPage: 1 });
  expect(snapshots.map((s) => s.snapshotType)).toEqual(["fallback", "scheduled", "scheduled", "scheduled"]);
  const sharded = await c.listShardedSnapshots(ID.projectId, ID.cloudCluster0.name);
  expect(sharded[0].members).toHaveLength(3);
  const job = await c.createRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, { deliveryType: "download", snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
  expect(job.deliveryUrl).toEqual([]);
  now += 20_000;
  const ready = await c.getRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, job.id);
  expect(ready.deliveryUrl?.[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/backup\/restore\/cloud\//);
  const other = await c.createRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, { deliveryType: "download", snapshotId: ID.cloudReplicaSet0.snapshotIds[0] });
  await c.cancelRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, other.id);
  const listed = await c.listRestoreJobs(ID.projectId, ID.cloudReplicaSet0.name);
  expect(listed.map((j) => [j.id, j.cancelled])).toEqual([[other.id, true], [job.id, false]]);
  // The server's RateLimit-Remaining (1200 minus what this test sent) caps the local bucket.
  expect(cloudBackupBudget(new URL(emu.baseUrl).origin, ID.projectId).available()).toBeLessThan(1200);
  await c.close();
});

test("a busy target (409) and an automated cancel (400) are errors that say why", async () => {
  const c = client();
  const body = { deliveryType: "automated" as const, snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetGroupId: ID.drProjectId, targetClusterName: ID.drCloudReplicaSet0.name };
  const first = await c.createRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, body);
  await expect(c.createRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, body)).rejects.toThrow(/409 ATLAS_CLUSTER_RESTORE_IN_PROGRESS.*still running/);
  await expect(c.cancelRestoreJob(ID.projectId, ID.cloudReplicaSet0.name, first.id)).rejects.toThrow(/400 CANNOT_CANCEL_AUTOMATED_RESTORE/);
  now += 20_000;
  await c.close();
});

test("the wrong backup API names the resource to use, in both directions", async () => {
  const legacy = new AtlasClient({ publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.apiBase });
  await expect(legacy.listRestoreJobs(ID.projectId, ID.cloudReplicaSet0.name)).rejects.toThrow(/use the CloudBackupRestoreJob resource/);
  const c = client();
  await expect(c.listRestoreJobs(ID.projectId, ID.replicaSet0.name)).rejects.toThrow(/uses legacy backup.*use the RestoreJob resource/);
  await Promise.all([legacy.close(), c.close()]);
});

test("a deprecated version warns once; a sunset one fails with what to do", async () => {
  const c = client();
  emu.setV2VersionStatus("deprecated");
  await c.listSnapshots(ID.projectId, ID.cloudReplicaSet0.name);
  await c.listSnapshots(ID.projectId, ID.cloudCluster0.name);
  expect(warnings.filter((w) => /deprecated/.test(w))).toHaveLength(1);
  emu.setV2VersionStatus("sunset");
  await expect(c.listSnapshots(ID.projectId, ID.cloudReplicaSet0.name)).rejects.toThrow(/410 VERSION_GONE.*Upgrade pulumi-atlas-restore/);
  emu.setV2VersionStatus("current");
  await c.close();
});

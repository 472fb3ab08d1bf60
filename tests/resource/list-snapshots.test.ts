/** The exported listSnapshots helper against the emulator: newest first, fallback flagged. */
import { FIXTURE_IDS as ID, startEmulator, type Emulator } from "../../emulator";
import { listSnapshots } from "../../provider";

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ rateLimit: false });
});
afterAll(() => emu.close());

test("lists a Cloud Backup cluster's snapshots newest first, with fallback ones flagged", async () => {
  const snapshots = await listSnapshots({ projectId: ID.projectId, clusterName: ID.cloudReplicaSet0.name, publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.baseUrl });
  expect(snapshots.map((s) => [s.id, s.fallback])).toEqual([
    [ID.cloudReplicaSet0.fallbackSnapshotId, true],
    [ID.cloudReplicaSet0.snapshotIds[2], false],
    [ID.cloudReplicaSet0.snapshotIds[1], false],
    [ID.cloudReplicaSet0.snapshotIds[0], false],
  ]);
  expect(snapshots[1]).toMatchObject({ status: "completed", snapshotType: "scheduled", createdAt: "2026-01-03T06:00:00Z" });
});

test("backup: legacy lists a legacy-backup cluster's complete snapshots", async () => {
  const snapshots = await listSnapshots({ backup: "legacy", projectId: ID.projectId, clusterName: ID.replicaSet0.name, publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.baseUrl });
  expect(snapshots).toEqual([
    { id: ID.replicaSet0.snapshotId, createdAt: "2018-01-26T06:00:00Z", status: "completed", fallback: false },
    { id: ID.replicaSet0.olderSnapshotId, createdAt: "2018-01-25T06:00:00Z", status: "completed", fallback: false },
  ]);
});

test("a legacy-backup cluster asked as Cloud Backup gets the error naming the resource to use", async () => {
  await expect(listSnapshots({ projectId: ID.projectId, clusterName: ID.replicaSet0.name, publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.baseUrl }))
    .rejects.toThrow(/uses legacy backup.*RestoreJob resource/);
});

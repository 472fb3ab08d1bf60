/**
 * CloudBackupRestoreJob (Atlas Admin API v2) under the real engine: a sharded download and an
 * automated restore picked by `{ latest: true }`, a newer snapshot that must not re-trigger, a
 * `trigger` change that restores once, and destroy cancelling the download; POSTs counted.
 */
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { postsSent } from "../reliability/helpers";
import { describeRealEngine, openRealStack, restoreResources, type RealStack, type ResourceSpec } from "./harness";

jest.setTimeout(300_000);

const download: ResourceSpec = {
  kind: "cloud",
  name: "cloud-sharded-download",
  args: { projectId: IDS.projectId, clusterName: IDS.cloudCluster0.name, deliveryType: "download", snapshot: { latest: true } },
};
const automated = (trigger: string): ResourceSpec => ({
  kind: "cloud",
  name: "cloud-to-dr",
  args: {
    projectId: IDS.projectId,
    clusterName: IDS.cloudReplicaSet0.name,
    deliveryType: "automated",
    snapshot: { latest: true },
    targetProjectId: IDS.drProjectId,
    targetClusterName: IDS.drCloudReplicaSet0.name,
    trigger,
  },
});
const posts = (e: Emulator) => postsSent(e, IDS.cloudCluster0.name) + postsSent(e, IDS.cloudReplicaSet0.name);

describeRealEngine("real engine: CloudBackupRestoreJob (Admin API v2)", () => {
  let emulator: Emulator;
  let stack: RealStack;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
    stack = await openRealStack({ project: "re-cloud-backup", emulator });
  });
  afterAll(async () => {
    stack?.remove();
    await emulator?.close();
  });

  test("up: the sharded download READY with one secret URL per replica set; the automated restore COMPLETED; one POST each", async () => {
    const r = await stack.op("up", [download, automated("drill-1")]);
    expect(r.error).toBeUndefined();
    expect(r.outputs["cloud-sharded-download"].value).toMatchObject({ status: "READY", resolvedSnapshotId: IDS.cloudCluster0.latestSnapshotId });
    expect(r.outputs["cloud-to-dr"].value).toMatchObject({ status: "COMPLETED", resolvedSnapshotId: IDS.cloudReplicaSet0.latestSnapshotId });
    const urls = r.outputs["cloud-sharded-downloadUrls"];
    expect(urls.secret).toBe(true);
    expect(Object.keys(urls.value as Record<string, string>).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/shard-0/), expect.stringMatching(/shard-1/), expect.stringMatching(/config/)]));
    expect(posts(emulator)).toBe(2);
  });

  test("a newer snapshot appears: up is a no-op (the selector is never re-resolved); 0 POSTs", async () => {
    const now = new Date().toISOString();
    emulator.addSnapshot(IDS.projectId, IDS.cloudReplicaSet0.name, { id: "6b9a1c0b87d9d61443b4c10b", created: now, timestamp: { date: now, increment: 1 } });
    const r = await stack.op("up", [download, automated("drill-1")]);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toEqual({ same: 3 });
    expect(posts(emulator)).toBe(2);
  });

  test("a new trigger restores once, from the snapshot that is newest now; 1 POST", async () => {
    const r = await stack.op("up", [download, automated("drill-2")]);
    expect(r.error).toBeUndefined();
    expect(r.summary?.resourceChanges).toMatchObject({ replace: 1, same: 2 });
    expect(r.outputs["cloud-to-dr"].value).toMatchObject({ status: "COMPLETED", resolvedSnapshotId: "6b9a1c0b87d9d61443b4c10b" });
    expect(posts(emulator)).toBe(3);
  });

  test("destroy: succeeds; the automated restore is said to be not cancellable; no POST", async () => {
    const r = await stack.op("destroy", [download, automated("drill-2")]);
    expect(r.error).toBeUndefined();
    expect(restoreResources(r)).toEqual([]);
    expect(r.output).toMatch(/cannot be cancelled in Atlas/);
    expect(posts(emulator)).toBe(3);
  });
});

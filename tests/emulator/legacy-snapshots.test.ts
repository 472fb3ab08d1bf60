/**
 * The legacy snapshots list (what the RestoreJob `snapshot` selector reads), on v1.0 and v2, with
 * the v2 answer checked against MongoDB's OpenAPI (`listClusterSnapshots`), and through the client.
 */
import { AtlasClient } from "../../provider/atlas";
import { responseContract } from "../contract/openapi-contract";
import { FIXTURE_IDS as ID, setup } from "./helpers";

test("newest first, complete only by default, with parts for a sharded cluster; the v2 answer meets the spec", async () => {
  const { emu, client } = await setup();
  try {
    const v1 = await client.get(`/api/atlas/v1.0/groups/${ID.projectId}/clusters/${ID.replicaSet0.name}/snapshots`);
    expect(v1.status).toBe(200);
    expect(v1.body.results.map((s: { id: string }) => s.id)).toEqual([ID.replicaSet0.snapshotId, ID.replicaSet0.olderSnapshotId]);
    expect(v1.body.results[0]).toMatchObject({ complete: true, clusterId: ID.replicaSet0.clusterId, created: { date: "2018-01-26T06:00:00Z" } });
    const sharded = await client.get(`/api/atlas/v1.0/groups/${ID.projectId}/clusters/${ID.cluster0.name}/snapshots`);
    expect(sharded.body.results[0].parts).toHaveLength(3);
    const v2 = await client.get(`/api/atlas/v2/groups/${ID.projectId}/clusters/${ID.replicaSet0.name}/snapshots`, { accept: "application/vnd.atlas.2023-01-01+json" });
    responseContract("legacySnapshots", "GET", v2.status, v2.body);
    const cloud = await client.get(`/api/atlas/v1.0/groups/${ID.projectId}/clusters/${ID.cloudReplicaSet0.name}/snapshots`);
    expect(cloud.body.errorCode).toBe("INCORRECT_BACKUP_API_ENDPOINT");
    const legacy = new AtlasClient({ publicKey: emu.publicKey, privateKey: emu.privateKey, baseUrl: emu.apiBase });
    expect((await legacy.listSnapshots(ID.projectId, ID.replicaSet0.name)).map((s) => s.id)).toEqual([ID.replicaSet0.snapshotId, ID.replicaSet0.olderSnapshotId]);
    await legacy.close();
  } finally {
    await emu.close();
  }
});

/**
 * The Atlas CLI's restore flows replayed request by request against the emulator: its exact
 * paths, Accept / Content-Type versions and bodies, and the answers it branches on
 * (mongodb/mongodb-atlas-cli `internal/cli/backup/restores/{start,watch,describe,list}.go`,
 * `internal/cli/backup/snapshots/{create,watch}.go`; REC TestRestores for the wire answers).
 * Each flow is written the way the CLI decides, so a wrong status or code sends it down the
 * wrong branch here as it would there.
 */
import type { Emulator } from "../../emulator";
import type { DigestTestClient, Reply } from "./helpers";
import { FIXTURE_IDS as ID, setup } from "./helpers";

const V2 = "/api/atlas/v2";
/** The versions the CLI's pinned SDKs send: clusters 2024-08-05 (REC), Flex 2024-11-13, Cloud Backup 2023-01-01. */
const VERSION = { clusters: "2024-08-05", flex: "2024-11-13", backup: "2023-01-01" } as const;
const UA = "atlascli/1.50.0 (linux; amd64)";

let emu: Emulator;
let client: DigestTestClient;
let advance: (ms: number) => void;
beforeEach(async () => ({ emu, client, advance } = await setup()));
afterEach(() => emu.close());

function sdk(version: keyof typeof VERSION, method: string, path: string, body?: unknown): Promise<Reply> {
  const media = `application/vnd.atlas.${VERSION[version]}+json`;
  return client.call(method, path, body, { accept: media, "content-type": media, "user-agent": UA });
}
const group = (g: string = ID.projectId) => `${V2}/groups/${g}`;
const errorCode = (r: Reply): string | undefined => (r.status >= 400 ? r.body?.errorCode : undefined);
/** The wire sequence since `from`, without the digest challenges. */
const wire = (from = 0) => emu.requestLog.slice(from).filter((e) => e.status !== 401).map((e) => `${e.method} ${e.path.replace(/^\/api\/atlas\/v2\/groups\/[0-9a-f]{24}/, "")}${e.query ? `?${e.query}` : ""} ${e.status}`);

/** `atlas backups restores start <type>`: PreRunE probes the cluster (newIsFlexCluster), Run posts to one API. */
async function start(cluster: string, method: string, flags: { snapshotId?: string; targetProjectId?: string; targetClusterName?: string; pointInTimeUTCSeconds?: number }) {
  const probe = await sdk("clusters", "GET", `${group()}/clusters/${cluster}`);
  if (probe.status !== 200 && errorCode(probe) !== "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API") return { error: probe };
  if (probe.status !== 200) {
    const flex = await sdk("flex", "POST", `${group()}/flexClusters/${cluster}/backup/restoreJobs`, { snapshotId: flags.snapshotId, targetDeploymentItemName: flags.targetClusterName, instanceName: cluster, targetProjectId: flags.targetProjectId });
    return flex.status === 200 ? { job: flex.body } : { error: flex };
  }
  // newCloudProviderSnapshotRestoreJob: only the flags that were set.
  const body = {
    deliveryType: method,
    ...(flags.targetProjectId ? { targetGroupId: flags.targetProjectId } : {}),
    ...(flags.targetClusterName ? { targetClusterName: flags.targetClusterName } : {}),
    ...(flags.snapshotId ? { snapshotId: flags.snapshotId } : {}),
    ...(flags.pointInTimeUTCSeconds ? { pointInTimeUTCSeconds: flags.pointInTimeUTCSeconds } : {}),
  };
  const created = await sdk("backup", "POST", `${group()}/clusters/${cluster}/backup/restoreJobs`, body);
  return created.status === 200 ? { job: created.body } : { error: created };
}

/**
 * `atlas backups restores watch <id>`: newIsFlexCluster asks the Flex API first; any other error
 * makes RunE return nil (exit 0, nothing watched). Then poll until stopWatcher holds.
 */
async function watch(cluster: string, id: string, tick: () => void): Promise<{ watched: false } | { watched: true; polls: number; job: Record<string, unknown> }> {
  const flex = await sdk("flex", "GET", `${group()}/flexClusters/${cluster}/backup/restoreJobs/${id}`);
  const code = errorCode(flex);
  if (flex.status !== 200 && code !== "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API" && code !== "FEATURE_UNSUPPORTED") return { watched: false };
  for (let polls = 1; polls <= 50; polls++) {
    const r = await sdk("backup", "GET", `${group()}/clusters/${cluster}/backup/restoreJobs/${id}`);
    if (r.status !== 200) throw new Error(`watch: ${r.status} ${r.text}`);
    const j = r.body;
    const done = j.expired || j.cancelled || j.failed || j.finishedAt !== undefined || (j.deliveryType === "download" && (j.deliveryUrl ?? []).length > 0);
    if (done) return { watched: true, polls, job: j };
    tick();
  }
  throw new Error("watch: never completed");
}

/** `describe`: Flex first; on CANNOT_USE_NON_FLEX…, FEATURE_UNSUPPORTED or CLUSTER_NOT_FOUND, the Cloud Backup job. */
async function describeJob(cluster: string, id: string): Promise<Reply> {
  const flex = await sdk("flex", "GET", `${group()}/flexClusters/${cluster}/backup/restoreJobs/${id}`);
  if (flex.status === 200 || !["CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API", "FEATURE_UNSUPPORTED", "CLUSTER_NOT_FOUND"].includes(errorCode(flex) ?? "")) return flex;
  return sdk("backup", "GET", `${group()}/clusters/${cluster}/backup/restoreJobs/${id}`);
}

/** `list <cluster>`: Flex first with the CLI's list params; on CANNOT_USE_NON_FLEX… the Cloud Backup list. */
async function list(cluster: string): Promise<Reply> {
  const q = "includeCount=true&itemsPerPage=100&pageNum=1";
  const flex = await sdk("flex", "GET", `${group()}/flexClusters/${cluster}/backup/restoreJobs?${q}`);
  if (flex.status === 200 || !["CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API", "FEATURE_UNSUPPORTED"].includes(errorCode(flex) ?? "")) return flex;
  return sdk("backup", "GET", `${group()}/clusters/${cluster}/backup/restoreJobs?${q}`);
}

describe("restores start", () => {
  test("automated: the cluster probe answers 200 (2024-08-05), then one POST with only the set flags", async () => {
    const r = await start(ID.cloudReplicaSet0.name, "automated", { snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetProjectId: ID.drProjectId, targetClusterName: ID.drCloudReplicaSet0.name });
    expect(r.job).toMatchObject({ deliveryType: "automated", snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetClusterName: ID.drCloudReplicaSet0.name });
    expect(wire()).toEqual([`GET /clusters/${ID.cloudReplicaSet0.name} 200`, `POST /clusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs 200`]);
  });

  test("the probe's answer is the 2024-08-05 cluster, with the versioned content type and the cluster's shape", async () => {
    const r = await sdk("clusters", "GET", `${group()}/clusters/${ID.cloudCluster0.name}`);
    expect(r.headers["content-type"]).toBe("application/vnd.atlas.2024-08-05+json;charset=utf-8");
    expect(r.body).toMatchObject({ name: ID.cloudCluster0.name, id: ID.cloudCluster0.clusterId, groupId: ID.projectId, stateName: "IDLE", clusterType: "SHARDED", backupEnabled: true, mongoDBVersion: "8.0.4" });
    expect(r.body.replicationSpecs).toHaveLength(2);
    expect((await sdk("clusters", "GET", `${group()}/clusters/${ID.replicaSet0.name}`)).body).toMatchObject({ clusterType: "REPLICASET", backupEnabled: false, pitEnabled: true });
  });

  test("a missing cluster: the probe's 404 CLUSTER_NOT_FOUND ends the command before any POST", async () => {
    const r = await start("Nope0", "download", { snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
    expect(r.error).toMatchObject({ status: 404, body: { errorCode: "CLUSTER_NOT_FOUND", detail: `No cluster named Nope0 exists in group ${ID.projectId}.`, parameters: ["Nope0", ID.projectId] } });
    expect(wire()).toEqual(["GET /clusters/Nope0 404"]);
  });

  test("a Flex cluster: the probe's 400 CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API switches the POST to the Flex API", async () => {
    emu.addCluster(ID.projectId, { name: "Flex0", id: "6b9a0f0187d9d61443b4f001", type: "REPLICA_SET", backup: "flex" });
    const r = await start("Flex0", "automated", { snapshotId: "6b9a1f0187d9d61443b4f101", targetProjectId: ID.drProjectId, targetClusterName: "Flex1" });
    expect(wire()).toEqual(["GET /clusters/Flex0 400", "POST /flexClusters/Flex0/backup/restoreJobs 404"]);
    expect(r.error?.body).toMatchObject({ errorCode: "TENANT_SNAPSHOT_NOT_FOUND" });
  });
});

describe("restores watch", () => {
  test("Flex first (400 CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API, REC's exact body), then polls until finishedAt", async () => {
    const { job } = await start(ID.cloudReplicaSet0.name, "automated", { snapshotId: ID.cloudReplicaSet0.latestSnapshotId, targetProjectId: ID.drProjectId, targetClusterName: ID.drCloudReplicaSet0.name });
    const from = emu.requestLog.length;
    const flex = await sdk("flex", "GET", `${group()}/flexClusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs/${job.id}`);
    expect(flex).toMatchObject({ status: 400, body: { detail: `Cannot use non-flex cluster ${ID.cloudReplicaSet0.name} in the flex API.`, error: 400, errorCode: "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API", parameters: [ID.cloudReplicaSet0.name], reason: "Bad Request" } });
    expect(flex.headers["x-error-code"]).toBe("CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API");
    const w = await watch(ID.cloudReplicaSet0.name, job.id, () => advance(5_000));
    expect(w).toMatchObject({ watched: true, polls: 5, job: { finishedAt: expect.any(String) } });
    expect(wire(from).slice(1, 3)).toEqual([`GET /flexClusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs/${job.id} 400`, `GET /clusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs/${job.id} 200`]);
  });

  test("a download is watched until its deliveryUrl appears, a sharded one too", async () => {
    for (const [cluster, snapshotId, urls] of [[ID.cloudReplicaSet0.name, ID.cloudReplicaSet0.latestSnapshotId, 1], [ID.cloudCluster0.name, ID.cloudCluster0.latestSnapshotId, 3]] as const) {
      const { job } = await start(cluster, "download", { snapshotId });
      const w = await watch(cluster, job.id, () => advance(10_000));
      expect(w).toMatchObject({ watched: true });
      if (!w.watched) return;
      expect(w.job.deliveryUrl).toEqual(Array.from({ length: urls }, () => expect.stringContaining("/backup/restore/cloud/")));
    }
  });
});

test("restores describe and list: Flex first, then the Cloud Backup job and page (the CLI's list query kept in the self link)", async () => {
  const { job } = await start(ID.cloudReplicaSet0.name, "download", { snapshotId: ID.cloudReplicaSet0.latestSnapshotId });
  const from = emu.requestLog.length;
  expect((await describeJob(ID.cloudReplicaSet0.name, job.id)).body).toMatchObject({ id: job.id, deliveryType: "download" });
  const page = await list(ID.cloudReplicaSet0.name);
  expect(page.body).toMatchObject({ totalCount: 1, results: [{ id: job.id }] });
  expect(page.body.links[0].href).toMatch(/\/backup\/restoreJobs\?.*includeCount=true/);
  expect(wire(from)).toEqual([
    `GET /flexClusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs/${job.id} 400`,
    `GET /clusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs/${job.id} 200`,
    `GET /flexClusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs?includeCount=true&itemsPerPage=100&pageNum=1 400`,
    `GET /clusters/${ID.cloudReplicaSet0.name}/backup/restoreJobs?includeCount=true&itemsPerPage=100&pageNum=1 200`,
  ]);
});

test("backups snapshots create, then watch until completed, then a restore of it", async () => {
  const taken = await sdk("backup", "POST", `${group()}/clusters/${ID.cloudReplicaSet0.name}/backup/snapshots`, { retentionInDays: 1, description: "test-snapshot" });
  expect(taken).toMatchObject({ status: 200, body: { status: "queued", snapshotType: "onDemand", frequencyType: "ondemand", description: "test-snapshot", replicaSetName: ID.cloudReplicaSet0.name, type: "replicaSet", storageSizeBytes: 0 } });
  expect(taken.body).not.toHaveProperty("createdAt");
  const seen: string[] = [];
  for (;;) {
    const r = await sdk("backup", "GET", `${group()}/clusters/${ID.cloudReplicaSet0.name}/backup/snapshots/${taken.body.id}`);
    seen.push(r.body.status);
    if (r.body.status === "completed" || r.body.status === "failed") break;
    advance(30_000);
  }
  expect([...new Set(seen)]).toEqual(["queued", "inProgress", "completed"]);
  const { job } = await start(ID.cloudReplicaSet0.name, "automated", { snapshotId: taken.body.id, targetProjectId: ID.drProjectId, targetClusterName: ID.drCloudReplicaSet0.name });
  expect(job).toMatchObject({ snapshotId: taken.body.id, deliveryType: "automated" });
});

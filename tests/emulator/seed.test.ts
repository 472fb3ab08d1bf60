/**
 * The seed page (2018 "Create One Restore Job" example): its exact request must get its
 * response shape, over our digest client and over real `curl --digest`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { RestoreJobList } from "../../provider/atlas/models";
import type { Emulator } from "../../emulator";
import { DigestTestClient, FIXTURE_IDS, jobsPath, setup } from "./helpers";

const run = promisify(execFile);
const SEED_BODY = '{"delivery":{"methodName":"HTTP"},"snapshotId":"5a681ff180eef54e09de20d1"}';
const SEED_PATH = `${jobsPath("6b99999887d9d61443b41657", "Cluster0")}?pretty=true`;

function expectSeedShape(list: RestoreJobList, emu: Emulator): void {
  expect(list.totalCount).toBe(3);
  expect(list.results).toHaveLength(3);
  const batchId = list.results[0]?.batchId ?? "";
  expect(batchId).toMatch(/^[a-f0-9]{24}$/);
  expect(list.links).toEqual([
    { href: `${emu.apiBase}/groups/6b99999887d9d61443b41657/clusters/Cluster0/restoreJobs?batchId=${batchId}`, rel: "self" },
  ]);
  const c = FIXTURE_IDS.cluster0;
  expect(list.results.map((j) => j.clusterId)).toEqual([c.shard0.clusterId, c.shard1.clusterId, c.config.clusterId]);
  expect(list.results.map((j) => j.snapshotId)).toEqual([c.shard0.snapshotId, c.shard1.snapshotId, c.config.snapshotId]);
  const ids = new Set(list.results.map((j) => j.id));
  expect(ids.size).toBe(3);
  for (const job of list.results) {
    expect(Object.keys(job).sort()).toEqual(
      ["batchId", "clusterId", "clusterName", "created", "delivery", "encryptionEnabled", "groupId", "id", "links", "pointInTime", "snapshotId", "statusName", "timestamp"],
    );
    expect(job).toMatchObject({
      batchId,
      clusterName: "Cluster0",
      groupId: "6b99999887d9d61443b41657",
      delivery: { expirationHours: 1, maxDownloads: 1, methodName: "HTTP", statusName: "NOT_STARTED" },
      encryptionEnabled: false,
      pointInTime: false,
      statusName: "IN_PROGRESS",
      timestamp: { date: "2018-01-24T05:55:03Z", increment: 1 },
    });
    expect(job.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(job.links).toEqual([
      { href: `${emu.apiBase}/groups/6b99999887d9d61443b41657/clusters/Cluster0/restoreJobs/${job.id}`, rel: "self" },
    ]);
  }
}

describe("seed request", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeEach(async () => ({ emu, client } = await setup()));
  afterEach(() => emu.close());

  it("answers 200 with three jobs sharing a batchId, totalCount 3 and a ?batchId= self link", async () => {
    const res = await client.call("POST", SEED_PATH, SEED_BODY);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.text).toContain('\n  "links": [');
    expectSeedShape(res.body as RestoreJobList, emu);
  });

  it("lists the batch by ?batchId= in the same order", async () => {
    const created = (await client.post(jobsPath(FIXTURE_IDS.projectId, "Cluster0"), JSON.parse(SEED_BODY))).body as RestoreJobList;
    const batchId = created.results[0]?.batchId ?? "";
    const listed = await client.get(`${jobsPath(FIXTURE_IDS.projectId, "Cluster0")}?batchId=${batchId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((j: { id: string }) => j.id)).toEqual(created.results.map((j) => j.id));
  });
});

describe("seed request over real curl --digest", () => {
  let emu: Emulator;
  beforeAll(async () => ({ emu } = await setup()));
  afterAll(() => emu.close());

  it("answers the documented curl with the seed's shape", async () => {
    const { stdout } = await run("curl", [
      "--silent", "--show-error",
      "--user", `${emu.publicKey}:${emu.privateKey}`, "--digest",
      "--header", "Accept: application/json",
      "--header", "Content-Type: application/json",
      "--include",
      "--request", "POST", `${emu.baseUrl}${SEED_PATH}`,
      "--data", SEED_BODY,
    ]);
    // --include prints both the 401 challenge and the 200 answer.
    expect(stdout).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(stdout).toMatch(/\r\nWWW-Authenticate: Digest realm="MMS Public API", domain="", nonce="[A-Za-z0-9+/]{32}", algorithm=MD5, qop="auth", stale=false\r\n/i);
    expect(stdout).toContain("HTTP/1.1 200 OK");
    const json = stdout.slice(stdout.lastIndexOf("\r\n\r\n") + 4);
    expectSeedShape(JSON.parse(json) as RestoreJobList, emu);
  });

  it("runs scripts/curl-seed-example.sh against a running emulator", async () => {
    const { stdout } = await run("bash", ["scripts/curl-seed-example.sh", emu.baseUrl], {
      env: { ...process.env, ATLAS_PUBLIC_KEY: emu.publicKey, ATLAS_PRIVATE_KEY: emu.privateKey },
    });
    expect(stdout).toContain("HTTP/1.1 200 OK");
    expect(stdout).toContain('"totalCount": 3');
  });
});

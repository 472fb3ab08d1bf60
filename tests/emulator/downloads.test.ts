/**
 * HTTP delivery downloads (§3.3): `url` with the key in the path, `urlV2` with the auth header,
 * a real .tar.gz body, maxDownloads, hashes and expiry.
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { request } from "undici";
import type { RestoreJob } from "../../provider/atlas/models";
import type { Emulator } from "../../emulator";
import { DigestTestClient, FIXTURE_IDS, jobsPath, raw, setup } from "./helpers";

const ID = FIXTURE_IDS;
const RS_JOBS = jobsPath(ID.projectId, "ReplicaSet0");

async function download(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
  const res = await request(url, { headers });
  return { status: res.statusCode, headers: res.headers, bytes: Buffer.from(await res.body.arrayBuffer()) };
}

describe("downloads", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  let advance: (ms: number) => void;
  beforeEach(async () => ({ emu, client, advance } = await setup()));
  afterEach(() => emu.close());

  async function readyJob(delivery: Record<string, unknown> = {}, cluster = "ReplicaSet0", snapshotId: string = ID.replicaSet0.snapshotId): Promise<RestoreJob> {
    const created = await client.post(jobsPath(ID.projectId, cluster), { delivery: { methodName: "HTTP", ...delivery }, snapshotId });
    advance(20_000);
    return (await client.get(`${jobsPath(ID.projectId, cluster)}/${created.body.results[0].id}`)).body as RestoreJob;
  }

  it("serves a real .tar.gz at url, then shows hashes and MAX_DOWNLOADS_EXCEEDED (default maxDownloads 1)", async () => {
    const job = await readyJob();
    const first = await download(job.delivery.url ?? "");
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("application/gzip");
    const tarBytes = gunzipSync(first.bytes);
    expect(tarBytes.subarray(257, 262).toString()).toBe("ustar");
    expect(tarBytes.toString("latin1")).toContain("restore/WiredTiger.wt");
    const after = (await client.get(`${RS_JOBS}/${job.id}`)).body as RestoreJob;
    const fileName = job.delivery.urlV2?.split("/").pop();
    expect(after.hashes).toEqual([{ typeName: "SHA1", fileName, hash: createHash("sha1").update(first.bytes).digest("hex") }]);
    expect(after.delivery.statusName).toBe("MAX_DOWNLOADS_EXCEEDED");
    const second = await raw(job.delivery.url ?? "");
    expect(second.status).toBe(410);
    expect(second.body).toMatchObject({ error: 410, errorCode: "MAX_DOWNLOADS_EXCEEDED", reason: "Gone" });
  });

  it("serves urlV2 only with the authHeader/authValue pair", async () => {
    const job = await readyJob({ maxDownloads: 2 });
    const url = job.delivery.urlV2 ?? "";
    expect((await raw(url)).status).toBe(401);
    expect((await raw(url, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const ok = await download(url, { [job.delivery.authHeader ?? ""]: job.delivery.authValue ?? "" });
    expect(ok.status).toBe(200);
    expect((await client.get(`${RS_JOBS}/${job.id}`)).body.delivery.statusName).toBe("READY");
    expect((await download(job.delivery.url ?? "")).status).toBe(200);
    expect((await client.get(`${RS_JOBS}/${job.id}`)).body.delivery.statusName).toBe("MAX_DOWNLOADS_EXCEEDED");
  });

  it("rejects a wrong key in the url path and unknown files", async () => {
    const job = await readyJob();
    const url = job.delivery.url ?? "";
    const parts = url.split("/");
    parts[parts.length - 2] = "A".repeat(32);
    expect((await raw(parts.join("/"))).status).toBe(401);
    expect((await raw(url.replace(/\.tar\.gz$/, ".zip"))).status).toBe(404);
    expect((await client.get(`${RS_JOBS}/${job.id}`)).body.delivery.statusName).toBe("READY");
  });

  it("answers 404 before READY and 410 EXPIRED after expires", async () => {
    const created = await client.post(RS_JOBS, { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId });
    const id = created.body.results[0].id as string;
    advance(20_000);
    const job = (await client.get(`${RS_JOBS}/${id}`)).body as RestoreJob;
    const url = job.delivery.url ?? "";
    advance(3_600_000);
    const expired = await raw(url);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ errorCode: "EXPIRED", parameters: [id, job.delivery.expires] });
    // A second job, not ready yet: its (future) URL is not served.
    const other = await client.post(RS_JOBS, { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId });
    const rec = emu.jobs().find((j) => j.id === other.body.results[0].id);
    expect(rec?.delivery.statusName).toBe("NOT_STARTED");
    expect((await raw(url.replace(id, rec?.id ?? ""))).status).toBe(404);
  });

  it("names sharded files like the reference (shard and config files)", async () => {
    const created = await client.post(jobsPath(ID.projectId, "Cluster0"), { delivery: { methodName: "HTTP" }, snapshotId: ID.cluster0.snapshotId });
    advance(20_000);
    const jobs = emu.jobs({ clusterName: "Cluster0" });
    const epoch = Date.parse("2018-01-24T05:55:03Z") / 1000;
    const [s0, s1, cfg] = created.body.results.map((j: RestoreJob) => j.id);
    expect(jobs.map((j) => j.delivery.urlV2?.split("/").pop())).toEqual([
      `Cluster0-shard-0-${epoch}-${s0}.tar.gz`,
      `Cluster0-shard-1-${epoch}-${s1}.tar.gz`,
      `config-Cluster0-config-0-${ID.cluster0.config.clusterId}-${epoch}-${cfg}.tar.gz`,
    ]);
    expect((await download(jobs[2]?.delivery.url ?? "")).status).toBe(200);
  });

  it("does not count a download that was cut off (truncateNext)", async () => {
    const job = await readyJob();
    emu.faults.truncateNext({ path: /^\/backup\// });
    await expect(download(job.delivery.url ?? "")).rejects.toThrow();
    expect((await client.get(`${RS_JOBS}/${job.id}`)).body.delivery.statusName).toBe("READY");
    expect((await download(job.delivery.url ?? "")).status).toBe(200);
  });

  it("corrupts one download in transit on demand (also over /__emulator/faults); hashes stay the good archive's", async () => {
    const job = await readyJob({ maxDownloads: 2 });
    const post = await raw(`${emu.baseUrl}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "corruptNextDownload" }) });
    expect(post.status).toBe(204);
    const bad = await download(job.delivery.url ?? "");
    expect(bad.status).toBe(200);
    expect(() => gunzipSync(bad.bytes)).toThrow();
    const listed = (await client.get(`${RS_JOBS}/${job.id}`)).body as RestoreJob;
    const good = await download(job.delivery.url ?? "");
    expect(good.bytes.length).toBe(bad.bytes.length);
    expect(gunzipSync(good.bytes).toString("latin1")).toContain("restore/WiredTiger.wt");
    expect(listed.hashes?.[0]?.hash).toBe(createHash("sha1").update(good.bytes).digest("hex"));
  });

  it("serves a broken archive per cluster (restoreBehaviour.archive), hashed as served", async () => {
    emu.setRestoreBehaviour(ID.projectId, "ReplicaSet0", { archive: "noWiredTiger" });
    const job = await readyJob();
    const got = await download(job.delivery.url ?? "");
    const names = gunzipSync(got.bytes).toString("latin1");
    expect(names).toContain("restore/README.txt");
    expect(names).not.toContain(".wt");
    const after = (await client.get(`${RS_JOBS}/${job.id}`)).body as RestoreJob;
    expect(after.hashes?.[0]?.hash).toBe(createHash("sha1").update(got.bytes).digest("hex"));
    expect(() => emu.setRestoreBehaviour(ID.projectId, "ReplicaSet0", { archive: "zip" as never })).toThrow(/archive/);
  });
});

/**
 * 1,000 concurrent digest-authenticated requests: no lost, duplicated or corrupted job.
 * They share one nonce with nc 1..1000, so the requests also prove that nc values arriving out
 * of order are accepted (§6) while each still counts once.
 */
import { Agent } from "undici";
import type { RestoreJob } from "../../provider/atlas/models";
import type { Emulator } from "../../emulator";
import type { Reply } from "./helpers";
import { DigestTestClient, FIXTURE_IDS, digestAuthorization, jobsPath, parseChallenge, raw, setup } from "./helpers";

const ID = FIXTURE_IDS;

describe("concurrency", () => {
  let emu: Emulator;
  let agent: Agent;
  beforeAll(async () => {
    ({ emu } = await setup());
    agent = new Agent({ connections: 1_000, keepAliveTimeout: 10_000 });
  });
  afterAll(async () => {
    await agent.close();
    await emu.close();
  });

  it("survives 1,000 concurrent requests (600 creates, 400 reads)", async () => {
    const challenge = await raw(emu.baseUrl + jobsPath(ID.projectId, "ReplicaSet0"));
    const nonce = parseChallenge(String(challenge.headers["www-authenticate"])).nonce ?? "";
    let nc = 0;
    const client = {
      call(method: string, path: string, body?: unknown): Promise<Reply> {
        const authorization = digestAuthorization({
          method, uri: path, user: emu.publicKey, pass: emu.privateKey, realm: "MMS Public API", nonce, nc: ++nc,
        });
        const payload = body === undefined ? undefined : JSON.stringify(body);
        return raw(emu.baseUrl + path, { method, body: payload, headers: { authorization, "content-type": "application/json" }, dispatcher: agent });
      },
      post(path: string, body: unknown) {
        return this.call("POST", path, body);
      },
      get(path: string) {
        return this.call("GET", path);
      },
    };
    const rs = jobsPath(ID.projectId, "ReplicaSet0");
    const sh = jobsPath(ID.projectId, "Cluster0");
    const requests = Array.from({ length: 1_000 }, (_, i) => {
      if (i % 5 === 0) return client.post(sh, { delivery: { methodName: "HTTP" }, snapshotId: ID.cluster0.snapshotId });
      if (i % 5 === 1 || i % 5 === 2) return client.post(rs, { delivery: { methodName: "HTTP", maxDownloads: i }, snapshotId: ID.replicaSet0.snapshotId });
      return client.get(`${rs}?itemsPerPage=5`);
    });
    const replies = await Promise.all(requests);
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);

    const created = replies.filter((_, i) => i % 5 <= 2).flatMap((r) => r.body.results as RestoreJob[]);
    expect(created).toHaveLength(200 * 3 + 400);
    expect(new Set(created.map((j) => j.id)).size).toBe(created.length);
    const batches = new Set(created.filter((j) => j.batchId).map((j) => j.batchId));
    expect(batches.size).toBe(200);

    // Every answered job is stored exactly once, intact.
    const stored = new Map(emu.jobs().map((j) => [j.id, j]));
    expect(stored.size).toBe(created.length);
    for (const job of created) {
      const same = stored.get(job.id);
      // emu.jobs() renders like get-one (more link rels); lists and creates carry only `self`.
      expect({ ...same, links: same?.links?.slice(0, 1) }).toEqual(job);
    }
    // The maxDownloads each replica-set POST sent came back on its own job.
    replies.forEach((r, i) => {
      if (i % 5 === 1 || i % 5 === 2) expect(r.body.results[0].delivery.maxDownloads).toBe(i);
    });
    const list = await new DigestTestClient(emu).get(`${rs}?itemsPerPage=1`);
    expect(list.body.totalCount).toBe(400);
  }, 120_000); // generous: CI machines may be busy; the assertions are about correctness, not speed
});

/**
 * §4 lists: pagination links, includeCount, newest-first order, batchId filter, pretty and
 * envelope, and 400s for bad values.
 */
import type { Emulator } from "../../emulator";
import { DigestTestClient, FIXTURE_IDS, jobsPath, setup } from "./helpers";

const ID = FIXTURE_IDS;
const RS_JOBS = jobsPath(ID.projectId, "ReplicaSet0");
const SH_JOBS = jobsPath(ID.projectId, "Cluster0");
const body = { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId };

describe("lists", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  let advance: (ms: number) => void;
  let ids: string[];
  beforeAll(async () => {
    ({ emu, client, advance } = await setup());
    ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await client.post(RS_JOBS, body)).body.results[0].id as string);
      advance(1_000);
    }
  });
  afterAll(() => emu.close());

  const href = (q: string) => `${emu.baseUrl}${RS_JOBS}?${q}`;

  it("defaults: everything on page 1, newest first, totalCount, self link with pageNum and itemsPerPage", async () => {
    const res = await client.get(RS_JOBS);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(5);
    expect(res.body.results.map((j: { id: string }) => j.id)).toEqual([...ids].reverse());
    expect(res.body.links).toEqual([{ href: href("pageNum=1&itemsPerPage=100"), rel: "self" }]);
  });

  it("pages with previous / next links that keep the query", async () => {
    const res = await client.get(`${RS_JOBS}?itemsPerPage=2&pageNum=2&includeCount=true`);
    expect(res.body.results.map((j: { id: string }) => j.id)).toEqual([ids[2], ids[1]]);
    expect(res.body.links).toEqual([
      { href: href("pageNum=2&itemsPerPage=2&includeCount=true"), rel: "self" },
      { href: href("pageNum=1&itemsPerPage=2&includeCount=true"), rel: "previous" },
      { href: href("pageNum=3&itemsPerPage=2&includeCount=true"), rel: "next" },
    ]);
    const last = await client.get(`${RS_JOBS}?itemsPerPage=2&pageNum=3`);
    expect(last.body.results).toHaveLength(1);
    expect(last.body.links.map((l: { rel: string }) => l.rel)).toEqual(["self", "previous"]);
    const beyond = await client.get(`${RS_JOBS}?itemsPerPage=2&pageNum=9`);
    expect(beyond.status).toBe(200);
    expect(beyond.body.results).toEqual([]);
    expect(beyond.body.totalCount).toBe(5);
  });

  it("omits totalCount with includeCount=false", async () => {
    const res = await client.get(`${RS_JOBS}?includeCount=false`);
    expect(res.body.totalCount).toBeUndefined();
    expect(res.body.results).toHaveLength(5);
  });

  it("answers an empty list for a cluster without jobs", async () => {
    const res = await client.get(jobsPath(ID.projectId, "Orders0"));
    expect(res.body).toEqual({ links: [{ href: `${emu.baseUrl}${jobsPath(ID.projectId, "Orders0")}?pageNum=1&itemsPerPage=100`, rel: "self" }], results: [], totalCount: 0 });
  });

  it("pretty=true indents; without it whitespace is stripped", async () => {
    expect((await client.get(`${RS_JOBS}?pretty=true`)).text).toMatch(/^\{\n {2}"links": \[/);
    expect((await client.get(RS_JOBS)).text).not.toContain("\n");
  });

  it("envelope=true adds status to lists and wraps single entities and errors in {status, content}", async () => {
    const list = await client.get(`${RS_JOBS}?envelope=true`);
    expect(list.body.status).toBe(200);
    expect(list.body.totalCount).toBe(5);
    const one = await client.get(`${RS_JOBS}/${ids[0]}?envelope=true`);
    expect(one.body).toMatchObject({ status: 200, content: { id: ids[0] } });
    const missing = await client.get(`${RS_JOBS}/0123456789abcdef01234567?envelope=true`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, content: { errorCode: "RESTORE_JOB_NOT_FOUND" } });
  });

  it.each([
    ["pageNum=0", "pageNum"],
    ["pageNum=x", "pageNum"],
    ["itemsPerPage=0", "itemsPerPage"],
    ["itemsPerPage=501", "itemsPerPage"],
    ["includeCount=maybe", "includeCount"],
    ["pretty=yes", "pretty"],
    ["envelope=1", "envelope"],
  ])("400 INVALID_QUERY_PARAMETER for %s", async (query, name) => {
    const res = await client.get(`${RS_JOBS}?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ errorCode: "INVALID_QUERY_PARAMETER", parameters: [name] });
  });

  it("accepts itemsPerPage=500", async () => {
    expect((await client.get(`${RS_JOBS}?itemsPerPage=500`)).status).toBe(200);
  });

  it("keeps the parts of a sharded restore together, batches newest first, and filters by batchId", async () => {
    const a = (await client.post(SH_JOBS, { delivery: { methodName: "HTTP" }, snapshotId: ID.cluster0.snapshotId })).body;
    const b = (await client.post(SH_JOBS, { delivery: { methodName: "HTTP" }, snapshotId: ID.cluster0.snapshotId })).body;
    const idsOf = (x: { results: { id: string }[] }) => x.results.map((j) => j.id);
    const all = await client.get(SH_JOBS);
    expect(idsOf(all.body)).toEqual([...idsOf(b), ...idsOf(a)]);
    const batch = await client.get(`${SH_JOBS}?batchId=${a.results[0].batchId}`);
    expect(idsOf(batch.body)).toEqual(idsOf(a));
    expect(batch.body.links[0].href).toBe(`${emu.baseUrl}${SH_JOBS}?pageNum=1&itemsPerPage=100&batchId=${a.results[0].batchId}`);
    expect((await client.get(`${SH_JOBS}?batchId=0123456789abcdef01234567`)).body.results).toEqual([]);
  });
});

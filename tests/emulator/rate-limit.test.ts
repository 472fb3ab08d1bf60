/**
 * §5.3: fixed window per project in real ms, 429 RATE_LIMITED with Retry-After.
 */
import type { Emulator } from "../../emulator";
import { DigestTestClient, FIXTURE_IDS, jobsPath, raw, setup } from "./helpers";

const ID = FIXTURE_IDS;
const RS_JOBS = jobsPath(ID.projectId, "ReplicaSet0");
const DR_JOBS = jobsPath(ID.drProjectId, "DrReplicaSet0");

describe("rate limit", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  let advance: (ms: number) => void;
  afterEach(() => emu.close());

  it("defaults to 100 requests per minute per project", async () => {
    ({ emu, client, advance } = await setup({ rateLimit: undefined }));
    for (let i = 0; i < 100; i++) expect((await client.get(RS_JOBS)).status).toBe(200);
    const limited = await client.get(RS_JOBS);
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("60");
    expect(limited.body).toEqual({
      detail: `Resource ${RS_JOBS} is limited to 100 requests every 1 minutes.`,
      error: 429,
      errorCode: "RATE_LIMITED",
      parameters: [RS_JOBS, 100, "1"],
      reason: "Too Many Requests",
    });
    // The 401 challenge round trips were not counted: 101 authenticated requests, 1 rejected.
    expect(emu.requestLog.filter((e) => e.authenticated).length).toBe(101);
  });

  it("counts per project, tells the seconds left in Retry-After, and resets with the window", async () => {
    ({ emu, client, advance } = await setup({ rateLimit: { requests: 2, windowMs: 10_000 } }));
    expect((await client.get(RS_JOBS)).status).toBe(200);
    advance(2_500);
    expect((await client.post(RS_JOBS, { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId })).status).toBe(200);
    const limited = await client.get(RS_JOBS);
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("8");
    expect((await client.get(DR_JOBS)).status).toBe(200);
    advance(7_499);
    expect((await client.get(RS_JOBS)).headers["retry-after"]).toBe("1");
    advance(1);
    expect((await client.get(RS_JOBS)).status).toBe(200);
  });

  it("can be changed or switched off at run time, also over HTTP", async () => {
    ({ emu, client, advance } = await setup({ rateLimit: { requests: 1, windowMs: 60_000 } }));
    await client.get(RS_JOBS);
    expect((await client.get(RS_JOBS)).status).toBe(429);
    emu.setRateLimit(false);
    for (let i = 0; i < 5; i++) expect((await client.get(RS_JOBS)).status).toBe(200);
    const put = await raw(`${emu.baseUrl}/__emulator/rate-limit`, { method: "PUT", body: JSON.stringify({ requests: 1, windowMs: 1_000 }) });
    expect(put.status).toBe(204);
    await client.get(RS_JOBS);
    expect((await client.get(RS_JOBS)).status).toBe(429);
  });
});

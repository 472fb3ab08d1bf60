/**
 * Deliberate faults (programmatic and over /__emulator/faults), and handler crashes → 500.
 */
import type { Emulator } from "../../emulator";
import { World } from "../../emulator/world";
import { DigestTestClient, FIXTURE_IDS, jobsPath, raw, setup } from "./helpers";

const ID = FIXTURE_IDS;
const RS_JOBS = jobsPath(ID.projectId, "ReplicaSet0");
const body = { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId };

describe("faults", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeEach(async () => ({ emu, client } = await setup()));
  afterEach(async () => {
    jest.restoreAllMocks();
    await emu.close();
  });

  const statuses = () => emu.requestLog.map((e) => `${e.method} ${e.status}${e.fault ? ` ${e.fault}` : ""}`);

  it("failNext answers an Atlas error for `count` matching requests, after the digest round trip", async () => {
    emu.faults.failNext({ status: 503, count: 2, method: "GET", path: /restoreJobs$/ });
    expect((await client.post(RS_JOBS, body)).status).toBe(200); // POST does not match
    const a = await client.get(RS_JOBS);
    expect(a.status).toBe(503);
    expect(a.body).toMatchObject({ error: 503, reason: "Service Unavailable" });
    expect((await client.get(RS_JOBS)).status).toBe(503);
    expect((await client.get(RS_JOBS)).status).toBe(200);
    expect(statuses()).toEqual([
      "POST 401", "POST 200", "GET 401", "GET 503 failNext", "GET 401", "GET 503 failNext", "GET 401", "GET 200",
    ]);
  });

  it("failNext with a raw body (e.g. a proxy's HTML page), content type and headers", async () => {
    emu.faults.failNext({ status: 502, body: "<html><body>Bad Gateway</body></html>", contentType: "text/html" });
    const res = await client.get(RS_JOBS);
    expect(res.status).toBe(502);
    expect(res.headers["content-type"]).toBe("text/html");
    expect(res.text).toContain("Bad Gateway");
    emu.faults.failNext({ status: 429, headers: { "Retry-After": "3" } });
    const limited = await client.get(RS_JOBS);
    expect(limited.body.errorCode).toBe("RATE_LIMITED");
    expect(limited.headers["retry-after"]).toBe("3");
  });

  it("resetNext destroys the socket before handling: nothing is created", async () => {
    emu.faults.resetNext({ method: "POST" });
    await expect(client.post(RS_JOBS, body)).rejects.toThrow();
    expect(emu.jobs()).toHaveLength(0);
    expect((await client.post(RS_JOBS, body)).status).toBe(200);
    expect(statuses()).toContain("POST 0 resetNext");
  });

  it("dropNextResponse commits the POST, then drops the answer", async () => {
    emu.faults.dropNextResponse({});
    await expect(client.post(RS_JOBS, body)).rejects.toThrow();
    expect(emu.jobs()).toHaveLength(1);
    expect(statuses()).toEqual(["POST 401", "POST 0 dropNextResponse"]);
    expect((await client.get(RS_JOBS)).body.totalCount).toBe(1);
  });

  it("truncateNext sends the headers and half of the body", async () => {
    await client.post(RS_JOBS, body);
    emu.faults.truncateNext({ method: "GET" });
    await expect(client.get(RS_JOBS)).rejects.toThrow();
    expect(emu.requestLog.at(-1)).toMatchObject({ status: 200, fault: "truncateNext" });
    expect((await client.get(RS_JOBS)).status).toBe(200);
  });

  it("latency delays answers until clear() (count unset) or for `count` requests", async () => {
    emu.faults.latency({ ms: 150, path: /restoreJobs/ });
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      expect((await client.get(RS_JOBS)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(145); // lower bound only: setTimeout never fires early
    }
    emu.faults.clear();
    emu.faults.latency({ ms: 400, count: 1 });
    // The delayed request answers after a later, undelayed one.
    const order: string[] = [];
    await Promise.all([
      client.get(RS_JOBS).then(() => order.push("delayed")),
      new Promise((r) => setTimeout(r, 50)).then(() => client.get(RS_JOBS)).then(() => order.push("fast")),
    ]);
    expect(order).toEqual(["fast", "delayed"]);
  });

  it("rules match in order; a later rule waits for its turn", async () => {
    emu.faults.failNext({ status: 500 });
    emu.faults.failNext({ status: 504 });
    expect((await client.get(RS_JOBS)).status).toBe(500);
    expect((await client.get(RS_JOBS)).status).toBe(504);
    expect((await client.get(RS_JOBS)).status).toBe(200);
  });

  it("turns a handler exception into an Atlas-shaped 500 UNEXPECTED_ERROR", async () => {
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    jest.spyOn(World.prototype, "insertJobs").mockImplementation(() => {
      throw new Error("boom");
    });
    const res = await client.post(RS_JOBS, body);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: "Unexpected error.", error: 500, errorCode: "UNEXPECTED_ERROR", parameters: [], reason: "Internal Server Error" });
    expect(warn).toHaveBeenCalled();
  });
});

describe("control endpoints over HTTP (/__emulator)", () => {
  let emu: Emulator;
  let client: DigestTestClient;
  beforeEach(async () => ({ emu, client } = await setup()));
  afterEach(() => emu.close());

  const admin = (method: string, path: string, payload?: unknown) =>
    raw(`${emu.baseUrl}/__emulator${path}`, { method, body: payload === undefined ? undefined : JSON.stringify(payload) });

  it("adds and clears faults; the path is a regex source", async () => {
    expect((await admin("POST", "/faults", { kind: "failNext", status: 500, path: "restoreJobs$", count: 1 })).status).toBe(204);
    expect((await client.get(RS_JOBS)).status).toBe(500);
    await admin("POST", "/faults", { kind: "failNext", status: 500 });
    await admin("POST", "/faults", { kind: "clear" });
    expect((await client.get(RS_JOBS)).status).toBe(200);
    for (const kind of ["resetNext", "dropNextResponse", "truncateNext"]) expect((await admin("POST", "/faults", { kind })).status).toBe(204);
    expect((await admin("POST", "/faults", { kind: "latency", ms: 1 })).status).toBe(204);
    const bad = await admin("POST", "/faults", { kind: "explode" });
    expect(bad.status).toBe(400);
    expect((await admin("POST", "/faults", { kind: "failNext" })).status).toBe(400);
    expect((await admin("POST", "/faults", { kind: "failNext", status: 500, path: "(" })).status).toBe(400);
  });

  it("serves the request log and the rendered jobs, unauthenticated", async () => {
    await client.post(RS_JOBS, body);
    const log = await admin("GET", "/requests");
    expect(log.body.map((e: { method: string; path: string; status: number }) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `POST ${RS_JOBS} 401`, `POST ${RS_JOBS} 200`,
    ]);
    const jobs = await admin("GET", `/jobs?projectId=${ID.projectId}&clusterName=ReplicaSet0`);
    expect(jobs.body).toHaveLength(1);
    expect(jobs.body[0].clusterName).toBe("ReplicaSet0");
    expect((await admin("DELETE", "/requests")).status).toBe(204);
    // Control endpoint calls are not logged.
    expect(emu.requestLog).toEqual([]);
    expect((await admin("GET", "/health")).body).toEqual({ ok: true, timeScale: expect.any(Number) });
  });
});

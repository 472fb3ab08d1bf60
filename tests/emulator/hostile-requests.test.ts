/**
 * Issue 9 part B, emulator: odd requests get a clear, bounded answer (no 500 with an internal
 * message, no echo of whatever a client sent), and the hostile-answer faults behave as tests
 * rely on (also over the /__emulator/faults control endpoint).
 */
import { request as httpRequest } from "node:http";
import type { Emulator } from "../../emulator";
import { DigestTestClient, FIXTURE_IDS, jobsPath, raw, setup } from "./helpers";

const ID = FIXTURE_IDS;
const RS_JOBS = jobsPath(ID.projectId, "ReplicaSet0");
const body = { delivery: { methodName: "HTTP" }, snapshotId: ID.replicaSet0.snapshotId };

let emu: Emulator;
let client: DigestTestClient;
beforeEach(async () => ({ emu, client } = await setup()));
afterEach(async () => emu.close());

/** A request with a raw request target (undici refuses `*`), its status and body. */
function rawTarget(method: string, target: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(emu.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path: target }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.once("error", reject);
    req.end();
  });
}

describe("odd requests", () => {
  test.each([["OPTIONS", "*"], ["GET", "ftp://example.com/x"], ["OPTIONS", "http://"]])("%s %s: 400 naming the problem, no internal error text", async (method, target) => {
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const r = await rawTarget(method, target);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ error: 400, reason: "Bad Request", detail: expect.stringMatching(/serves paths only/) });
    expect(r.text).not.toMatch(/TypeError|Invalid URL|at /);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test("an unknown input key is echoed only up to 64 characters", async () => {
    const key = `k${"x".repeat(10_000)}`;
    const r = await client.post(RS_JOBS, { ...body, [key]: 1 });
    expect(r.status).toBe(400);
    expect(r.text.length).toBeLessThan(1_000);
    expect(r.body).toMatchObject({ errorCode: "INVALID_ATTRIBUTE", parameters: [`${key.slice(0, 64)}…`] });
  });

  test("absolute-form request targets still work (what a forward proxy sends)", async () => {
    const r = await rawTarget("GET", `${emu.baseUrl}/__emulator/health`);
    expect(r.status).toBe(200);
  });
});

describe("hostile-answer faults", () => {
  test("rewriteNext commits the request, then splices raw JSON into every job of the answer", async () => {
    emu.faults.rewriteNext({ method: "POST", jobFields: { timestamp: "[[[[]]]]", statusName: '"constructor"' } });
    const r = await client.post(RS_JOBS, body);
    expect(r.status).toBe(200);
    expect(r.text).toContain('"timestamp":[[[[]]]]');
    expect((r.body as { results: { statusName: string }[] }).results[0].statusName).toBe("constructor");
    expect(emu.jobs({ clusterName: "ReplicaSet0" })).toHaveLength(1);
    expect(emu.requestLog.at(-1)).toMatchObject({ method: "POST", status: 200, fault: "rewriteNext" });
  });

  test("rewriteNext with a body replaces the whole answer; it needs exactly one of jobFields and body", async () => {
    emu.faults.rewriteNext({ method: "POST", body: '{"results":[]}' });
    expect((await client.post(RS_JOBS, body)).text).toBe('{"results":[]}');
    expect(emu.jobs({ clusterName: "ReplicaSet0" })).toHaveLength(1);
    expect(() => emu.faults.rewriteNext({})).toThrow(/exactly one of jobFields and body/);
  });

  test("trickleNext commits, then streams whitespace until the client hangs up, counting bytes", async () => {
    await emu.close();
    ({ emu, client } = await setup({ auth: false }));
    emu.faults.trickleNext({ method: "GET", chunkBytes: 1024 });
    const { hostname, port } = new URL(emu.baseUrl);
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: hostname, port, path: RS_JOBS }, (res) => {
        let text = "";
        res.on("data", (d) => {
          text += d;
          if (text.length >= 64 * 1024) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.once("error", (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    expect(received.startsWith('{"results":[')).toBe(true);
    expect(received.slice(12).trim()).toBe("");
    const entry = emu.requestLog.find((e) => e.fault === "trickleNext")!;
    expect(entry.status).toBe(200);
    // Once the client left, the count stops: the emulator does not keep writing into the void.
    let last = -1;
    while (entry.bytesSent !== last) {
      last = entry.bytesSent ?? 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last).toBeGreaterThanOrEqual(64 * 1024 - 12);
  });

  test("both are available on /__emulator/faults", async () => {
    const post = (f: object) => raw(`${emu.baseUrl}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(f) });
    expect((await post({ kind: "rewriteNext", jobFields: { id: '"x"' }, method: "GET" })).status).toBe(204);
    expect((await post({ kind: "trickleNext", chunkBytes: 10, intervalMs: 5 })).status).toBe(204);
    expect((await post({ kind: "rewriteNext" })).status).toBe(400);
    expect((await post({ kind: "trickleNext", chunkBytes: 0 })).status).toBe(400);
  });
});

import { AtlasClient, isAtlasConfigError, isAtlasInvalidArgumentError, resolveApiBase, VERSION } from "../../provider/atlas";
import { CLUSTER, finish, harness, hexId, PRIVATE_KEY, PROJECT, PUBLIC_KEY, type Harness } from "./mock-atlas";
import { readFileSync } from "node:fs";
import { join } from "node:path";

describe("resolveApiBase", () => {
  test.each<[string | undefined, { allowInsecureHttp?: boolean } | undefined, string, "atlas" | "public", string]>([
    [undefined, undefined, "https://cloud.mongodb.com/api/atlas/v1.0", "atlas", "https://cloud.mongodb.com"],
    ["https://cloud.mongodb.com", undefined, "https://cloud.mongodb.com/api/atlas/v1.0", "atlas", "https://cloud.mongodb.com"],
    ["https://cloud.mongodb.com/", undefined, "https://cloud.mongodb.com/api/atlas/v1.0", "atlas", "https://cloud.mongodb.com"],
    ["https://cloud.mongodb.com/api/atlas/v1.0", undefined, "https://cloud.mongodb.com/api/atlas/v1.0", "atlas", "https://cloud.mongodb.com"],
    ["https://cloud.mongodb.com/api/atlas/v1.0/", undefined, "https://cloud.mongodb.com/api/atlas/v1.0", "atlas", "https://cloud.mongodb.com"],
    ["https://cloud.mongodb.com/api/public/v1.0", undefined, "https://cloud.mongodb.com/api/public/v1.0", "public", "https://cloud.mongodb.com"],
    ["https://cloud.mongodbgov.com", undefined, "https://cloud.mongodbgov.com/api/atlas/v1.0", "atlas", "https://cloud.mongodbgov.com"],
    ["https://om.example.com:8443/api/public/v1.0", undefined, "https://om.example.com:8443/api/public/v1.0", "public", "https://om.example.com:8443"],
    ["https://proxy.example.com/mongo/api/atlas/v1.0", undefined, "https://proxy.example.com/mongo/api/atlas/v1.0", "atlas", "https://proxy.example.com"],
    ["http://127.0.0.1:8080", undefined, "http://127.0.0.1:8080/api/atlas/v1.0", "atlas", "http://127.0.0.1:8080"],
    ["http://127.1.2.3:8080/api/public/v1.0", undefined, "http://127.1.2.3:8080/api/public/v1.0", "public", "http://127.1.2.3:8080"],
    ["http://localhost:9000", undefined, "http://localhost:9000/api/atlas/v1.0", "atlas", "http://localhost:9000"],
    ["http://[::1]:9000", undefined, "http://[::1]:9000/api/atlas/v1.0", "atlas", "http://[::1]:9000"],
    ["http://om.internal:8080", { allowInsecureHttp: true }, "http://om.internal:8080/api/atlas/v1.0", "atlas", "http://om.internal:8080"],
  ])("%s → ok", (baseUrl, opts, apiBase, flavour, origin) => {
    expect(resolveApiBase(baseUrl, opts)).toEqual({ apiBase, flavour, origin });
  });

  test.each<[string, string]>([
    ["http://cloud.mongodb.com", "plain http to a non-loopback host"],
    ["http://128.0.0.1", "plain http to a non-loopback host"],
    ["not a url", "is not an absolute URL"],
    ["cloud.mongodb.com", "is not an absolute URL"],
    ["", "is not an absolute URL"],
    ["ftp://cloud.mongodb.com", "must be an https:// URL"],
    ["https://cloud.mongodb.com/api/atlas/v2", "expected a root URL"],
    ["https://cloud.mongodb.com/somewhere", "expected a root URL"],
    ["https://cloud.mongodb.com/api/atlas/v1.0?pretty=true", "query string or fragment"],
  ])("%j is refused", (baseUrl, message) => {
    let error: unknown;
    try {
      resolveApiBase(baseUrl);
    } catch (e) {
      error = e;
    }
    expect(isAtlasConfigError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  test.each(["https://user:s3cr3t-pass@cloud.mongodb.com", "user:s3cr3t-pass@cloud.mongodb.com"])("credentials in %s are refused and never echoed", (baseUrl) => {
    let error: unknown;
    try {
      resolveApiBase(baseUrl);
    } catch (e) {
      error = e;
    }
    expect(isAtlasConfigError(error)).toBe(true);
    expect((error as Error).message).not.toContain("s3cr3t-pass");
    expect(JSON.stringify(error)).not.toContain("s3cr3t-pass");
  });
});

describe("AtlasClient constructor", () => {
  const make = (o: object) => () => new AtlasClient({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY, ...o });
  test("resolves apiBase", () => {
    expect(make({})().apiBase).toBe("https://cloud.mongodb.com/api/atlas/v1.0");
  });
  test.each<[object, string]>([
    [{ publicKey: "" }, "MONGODB_ATLAS_PUBLIC_KEY"],
    [{ privateKey: undefined }, "MONGODB_ATLAS_PRIVATE_KEY"],
    [{ privateKey: `${PRIVATE_KEY}\n` }, "trailing newline"],
    [{ baseUrl: "http://cloud.mongodb.com" }, "allowInsecureHttp"],
    [{ requestsPerMinute: 0 }, "requestsPerMinute"],
    [{ rateLimitWindowMs: 0 }, "rateLimitWindowMs must be a positive number of milliseconds"],
    [{ timeouts: { connectMs: -5 } }, "timeouts.connectMs"],
    [{ retry: { jitter: 3 } }, "retry.jitter"],
  ])("%j → AtlasConfigError", (o, message) => {
    expect(make(o)).toThrow(expect.objectContaining({ code: "ATLAS_CONFIG_ERROR", message: expect.stringContaining(message) }));
    try {
      make(o)();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain(PRIVATE_KEY);
    }
  });
  test("VERSION matches package.json", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe("path parameter validation (before any I/O)", () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => finish(h));

  const badIds = ["", "../", "..%2F..", "6b99999887d9d61443b41657/../x", "6b99999887d9d61443b41657?x=1", "6b99999887d9d61443b41657#x",
    "6B99999887D9D61443B41657", "6b99999887d9d61443b4165", "6b99 9999887d9d61443b41657", "６b99999887d9d61443b41657"];
  const badClusters = ["", "../Cluster0", "Cluster0/../x", "Cluster0?x=1", "Cluster0#x", "Cluster%2F0", "Cluster 0", "-Cluster0", "Clüster0", "Cluster0\n"];

  const attempts: Array<[string, string, (c: AtlasClient, v: string) => Promise<unknown>, string[]]> = [
    ["projectId", "getRestoreJob", (c, v) => c.getRestoreJob(v, CLUSTER, hexId(1)), badIds],
    ["projectId", "listRestoreJobs", (c, v) => c.listRestoreJobs(v, CLUSTER), badIds],
    ["projectId", "createRestoreJobs", (c, v) => c.createRestoreJobs(v, CLUSTER, { delivery: { methodName: "HTTP" } }), badIds],
    ["clusterName", "getRestoreJob", (c, v) => c.getRestoreJob(PROJECT, v, hexId(1)), badClusters],
    ["clusterName", "createRestoreJobs", (c, v) => c.createRestoreJobs(PROJECT, v, { delivery: { methodName: "HTTP" } }), badClusters],
    ["jobId", "getRestoreJob", (c, v) => c.getRestoreJob(PROJECT, CLUSTER, v), badIds],
    ["batchId", "listRestoreJobs", (c, v) => c.listRestoreJobs(PROJECT, CLUSTER, { batchId: v }), badIds],
  ];

  test.each(attempts)("%s via %s: every bad value is refused with zero requests", async (argument, _op, call, values) => {
    const client = h.client();
    for (const value of values) {
      const error = await call(client, value).then(() => undefined, (e: unknown) => e);
      expect(isAtlasInvalidArgumentError(error)).toBe(true);
      expect(error).toMatchObject({ argument, requestOutcome: "not-sent" });
      expect((error as Error).message).toContain(argument);
      expect((error as Error).message).toMatch(/pattern \^/);
    }
    expect(client.stats.requests).toBe(0);
  });

  test("itemsPerPage must be 1..500", async () => {
    const client = h.client();
    for (const n of [0, 501, 1.5, Number.NaN]) {
      await expect(client.listRestoreJobs(PROJECT, CLUSTER, { itemsPerPage: n })).rejects.toMatchObject({ code: "ATLAS_INVALID_ARGUMENT", argument: "itemsPerPage" });
    }
    expect(client.stats.requests).toBe(0);
  });

  test("a 24-hex cluster id (Cloud/Ops Manager) is a valid clusterName", async () => {
    const client = h.client({ baseUrl: "https://om.example.com/api/public/v1.0", dispatcher: h.agent });
    const pool = h.agent.get("https://om.example.com");
    const path = `/api/public/v1.0/groups/${PROJECT}/clusters/${hexId(5)}/restoreJobs`;
    pool.intercept({ method: "GET", path }).reply(200, { results: [], links: [] }, { headers: { "content-type": "application/json" } });
    await expect(client.listRestoreJobs(PROJECT, hexId(5))).resolves.toEqual([]);
  });
});

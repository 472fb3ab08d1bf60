import {
  isAtlasApiError,
  isAtlasBadResponseError,
  isAtlasError,
  type AtlasError,
} from "../../provider/atlas";
import {
  CLUSTER,
  expectChallenge,
  finish,
  harness,
  JOBS_PATH,
  JSON_HEADERS,
  PRIVATE_KEY,
  PROJECT,
  SNAPSHOT,
  JOB,
  JOB_PATH,
  type Harness,
} from "./mock-atlas";

let h: Harness;
beforeEach(() => (h = harness()));
afterEach(() => finish(h));

const BODY = { delivery: { methodName: "HTTP" as const, expirationHours: 1, maxDownloads: 1 }, snapshotId: SNAPSHOT };

/** Prime auth with one GET, then make `call` meet `reply` once (no retries). */
async function failWith(
  reply: (pool: Harness["pool"]) => void,
  call: "get" | "create" = "get",
): Promise<AtlasError> {
  const client = h.client({ retry: { limit: 0 } });
  expectChallenge(h, call === "get" ? "GET" : "POST", call === "get" ? JOB_PATH : JOBS_PATH);
  reply(h.pool);
  const p = call === "get" ? client.getRestoreJob(PROJECT, CLUSTER, JOB) : client.createRestoreJobs(PROJECT, CLUSTER, BODY);
  const error = await p.then(() => undefined, (e: unknown) => e);
  if (!isAtlasError(error)) throw new Error(`expected an AtlasError, got ${String(error)}`);
  expect(JSON.stringify(error)).not.toContain(PRIVATE_KEY);
  expect(error.message).not.toContain(PRIVATE_KEY);
  return error;
}

const atlasError = (status: number, errorCode: string, detail: string, parameters: unknown[] = [], extra = {}) =>
  ({ error: status, errorCode, detail, parameters, reason: "x", ...extra });

describe("API error mapping", () => {
  test("403 IP_ADDRESS_NOT_ON_ACCESS_LIST names the IP and the access list", async () => {
    const e = await failWith((p) =>
      p.intercept({ method: "GET", path: JOB_PATH }).reply(403, atlasError(403, "IP_ADDRESS_NOT_ON_ACCESS_LIST", "IP address 203.0.113.9 is not allowed to access this resource.", ["203.0.113.9"]), JSON_HEADERS));
    expect(isAtlasApiError(e) && e.errorCode).toBe("IP_ADDRESS_NOT_ON_ACCESS_LIST");
    expect(e.requestOutcome).toBe("rejected");
    expect(e.message).toContain("Add 203.0.113.9 to the API key's access list (Organization Access Manager > API Keys)");
  });

  test.each([
    ["ORG_REQUIRES_ACCESS_LIST", "This organization requires access through an access list of ip ranges.", ["198.51.100.7"], "Add 198.51.100.7 to the API key's access list"],
    ["IP_ADDRESS_NOT_ON_WHITELIST", "IP address 192.0.2.1 is not allowed to access this resource.", [], "Add 192.0.2.1 to the API key's access list"],
  ])("403 %s", async (code, detail, parameters, hint) => {
    const e = await failWith((p) => p.intercept({ method: "GET", path: JOB_PATH }).reply(403, atlasError(403, code, detail, parameters), JSON_HEADERS));
    expect(e.message).toContain(hint);
  });

  test.each([
    ["GROUP_NOT_FOUND", `No group with ID ${PROJECT} exists.`, `Check projectId ${PROJECT}`],
    ["INVALID_GROUP_ID", `An invalid group ID ${PROJECT} was specified.`, `Check projectId ${PROJECT}`],
    ["NOT_ATLAS_GROUP", `Group ${PROJECT} is not an Atlas group; use the Cloud Manager API at /api/public/v1.0 to access it.`, "set baseUrl to https://cloud.mongodb.com/api/public/v1.0"],
    ["ATLAS_GROUP", `Group ${PROJECT} is an Atlas group; use the Atlas Public API at /api/atlas/v1.0 to access it.`, "set baseUrl to https://cloud.mongodb.com/api/atlas/v1.0"],
    ["CLUSTER_NAME_NOT_FOUND", `No cluster with name ${CLUSTER} exists in group ${PROJECT}.`, `Check clusterName "${CLUSTER}"`],
    ["CLUSTER_NOT_FOUND", `No cluster with ID x exists in group ${PROJECT}.`, `Check clusterName "${CLUSTER}"`],
    ["SNAPSHOT_NOT_FOUND", `No snapshot with ID ${SNAPSHOT} exists for cluster ${CLUSTER}.`, "Check snapshotId"],
    ["CHECKPOINT_NOT_FOUND", "No checkpoint with ID x exists.", "Check checkpointId"],
    ["RESTORE_JOB_NOT_FOUND", `No restore job with ID ${JOB} exists for cluster ${CLUSTER}.`, `Check the restore job id ${JOB}`],
    ["SOMETHING_NEW", "Not here.", "Check projectId, clusterName, the job id and baseUrl"],
  ])("404 %s says which thing is unknown", async (code, detail, hint) => {
    const e = await failWith((p) => p.intercept({ method: "GET", path: JOB_PATH }).reply(404, atlasError(404, code, detail), JSON_HEADERS));
    expect(e.message).toContain(`failed: 404 ${code}: ${detail.replace(/\.$/, "")}. `);
    expect(e.message).toContain(hint);
    expect(e.requestOutcome).toBe("rejected");
  });

  test("message format of a POST 404", async () => {
    const detail = `No cluster with name ${CLUSTER} exists in group ${PROJECT}.`;
    const e = await failWith((p) => p.intercept({ method: "POST", path: JOBS_PATH }).reply(404, atlasError(404, "CLUSTER_NAME_NOT_FOUND", detail), JSON_HEADERS), "create");
    expect(e.message).toBe(
      `POST /groups/6b99…/clusters/Cluster0/restoreJobs failed: 404 CLUSTER_NAME_NOT_FOUND: ${detail.slice(0, -1)}. ` +
        `Check clusterName "Cluster0": project ${PROJECT} has no such cluster.`,
    );
    expect(e).toMatchObject({ code: "ATLAS_API_ERROR", method: "POST", path: `/groups/${PROJECT}/clusters/Cluster0/restoreJobs`, status: 404, errorCode: "CLUSTER_NAME_NOT_FOUND", detail, requestOutcome: "rejected" });
  });

  test("429 carries Retry-After and says rate limited, 100 requests/minute/project", async () => {
    const e = await failWith((p) => p.intercept({ method: "GET", path: JOB_PATH }).reply(429, atlasError(429, "RATE_LIMITED", "Resource x is limited to 100 requests every 1 minutes."), { headers: { "content-type": "application/json", "retry-after": "7" } }));
    expect(isAtlasApiError(e) && e.retryAfterMs).toBe(7000);
    expect(e.requestOutcome).toBe("rejected");
    expect(e.message).toContain("Rate limited: Atlas allows 100 requests per minute per project");
  });

  test("400 gives the detail plus the field", async () => {
    const e = await failWith((p) => p.intercept({ method: "POST", path: JOBS_PATH }).reply(400, atlasError(400, "INVALID_ATTRIBUTE", "Invalid attribute delivery.foo specified.", ["delivery.foo"]), JSON_HEADERS), "create");
    expect(e.message).toContain("400 INVALID_ATTRIBUTE: Invalid attribute delivery.foo specified. Fix field delivery.foo of the request.");
    const e2 = await failWith((p) => p.intercept({ method: "POST", path: JOBS_PATH }).reply(400, atlasError(400, "VALIDATION_ERROR", "Bad.", [], { badRequestDetail: { fields: [{ field: "delivery.maxDownloads", description: "must be >= 1" }] } }), JSON_HEADERS), "create");
    expect(e2.message).toContain("Fix field delivery.maxDownloads");
  });

  test("500 on a POST: outcome unknown, message says to list restore jobs", async () => {
    const e = await failWith((p) => p.intercept({ method: "POST", path: JOBS_PATH }).reply(500, atlasError(500, "UNEXPECTED_ERROR", "Unexpected error."), JSON_HEADERS), "create");
    expect(e.requestOutcome).toBe("unknown");
    expect(e.message).toContain("list restore jobs before re-sending");
  });

  test("an HTML proxy page becomes AtlasBadResponseError with status, content-type and a snippet", async () => {
    const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1> nginx</body></html>";
    const e = await failWith((p) => p.intercept({ method: "GET", path: JOB_PATH }).reply(502, html, { headers: { "content-type": "text/html" } }));
    expect(isAtlasBadResponseError(e)).toBe(true);
    expect(e.code).toBe("ATLAS_BAD_RESPONSE");
    expect(e.message).toContain("status 502");
    expect(e.message).toContain("content-type text/html");
    expect(e.message).toContain("<title>502 Bad Gateway</title>");
    expect(e.message).toContain("Check that baseUrl (https://cloud.mongodb.com/api/atlas/v1.0)");
    expect(e.requestOutcome).toBe("unknown");
  });

  test("truncated JSON in a 200 is AtlasBadResponseError; for a POST the outcome is unknown", async () => {
    const e = await failWith((p) => p.intercept({ method: "POST", path: JOBS_PATH }).reply(200, '{"results":[{"id":"5a69', JSON_HEADERS), "create");
    expect(isAtlasBadResponseError(e)).toBe(true);
    expect(e.requestOutcome).toBe("unknown");
    expect(e.message).toContain("not valid JSON");
    expect(e.message).toContain("The POST may have been acted on");
  });

  test("a 200 of the wrong shape is AtlasBadResponseError", async () => {
    const e = await failWith((p) => p.intercept({ method: "GET", path: JOB_PATH }).reply(200, { hello: "world" }, JSON_HEADERS));
    expect(e.code).toBe("ATLAS_BAD_RESPONSE");
    expect(e.message).toContain("not a restore job");
  });

  test("a redirect is not followed (credentials would go elsewhere)", async () => {
    const e = await failWith((p) => p.intercept({ method: "GET", path: JOB_PATH }).reply(302, "", { headers: { location: "https://elsewhere.example/x?token=abc" } }));
    expect(e.code).toBe("ATLAS_BAD_RESPONSE");
    expect(e.message).toContain("unexpected redirect to https://elsewhere.example/x");
    expect(e.message).not.toContain("token=abc");
  });
});

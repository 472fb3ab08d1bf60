/**
 * Bad input through the real plugin path. Check-time cases go through the plugin's Check exactly
 * as `pulumi preview` / `up` would (LocalEngine.register), and the emulator's request log proves
 * that not one request left. Create-time cases (what only Atlas or the configuration can decide)
 * must fail with a clear error that names the culprit and creates nothing.
 * (tests/restore-job/check.test.ts covers the pure check table in-process.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator } from "../../emulator";
import { CheckFailedError } from "../../local-engine/engine";
import { ResourceInitError } from "../../local-engine/plugin";
import { openPluginSession, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { addProjectWithClusters, apiRequests, failure, freshId, IDS, type Props } from "./helpers";

jest.setTimeout(60_000);

const P = IDS.projectId;
const S = IDS.cluster0.snapshotId;
const RS_SNAP = IDS.replicaSet0.snapshotId;
const T = IDS.drProjectId;
const HOUR = 3_600_000;

let emu: Emulator;
let s: PluginSession;
/** A second plugin process whose configuration the create-time cases change, one case at a time. */
let cs: PluginSession;
let html: Server;
let htmlBase = "";

beforeAll(async () => {
  emu = await startEmulator({ timeScale: 10 });
  html = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!DOCTYPE html><html><head><title>Sign in - Corporate Proxy</title></head><body><form>…</form></body></html>");
  });
  await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
  htmlBase = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  [s, cs] = await Promise.all([
    openPluginSession({ apiBase: emu.apiBase, publicKey: emu.publicKey, privateKey: emu.privateKey }),
    openPluginSession({ apiBase: emu.apiBase, publicKey: emu.publicKey, privateKey: emu.privateKey }),
  ]);
});
afterAll(async () => {
  if (emu) console.log(`[reliability:bad-input] ${CHECK_CASES.length} check-time cases; emulator requests in the whole suite ${emu.requestLog.length}; jobs created ${emu.jobs().length}`);
  await Promise.all([s?.close(), cs?.close()]);
  await emu?.close();
  await new Promise((r) => html?.close(r));
});

const http = (extra: Props = {}): Props => ({ projectId: P, clusterName: "Cluster0", snapshotId: S, delivery: { methodName: "HTTP" }, ...extra });
const auto = (extra: Props = {}): Props => ({
  projectId: P,
  clusterName: "ReplicaSet0",
  delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrReplicaSet0" },
  ...extra,
});
const httpDelivery = (extra: Props) => http({ delivery: { methodName: "HTTP", ...extra } });
const autoDelivery = (extra: Props) => auto({ snapshotId: RS_SNAP, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrReplicaSet0", ...extra } });
const cluster = (name: unknown) => http({ clusterName: name });
const NOW = Date.now();
const HUGE = "x".repeat(100_000);

type Case = [name: string, inputs: Props, property: string, reason: RegExp];

const CHECK_CASES: Case[] = [
  // Malformed ids
  ["projectId of 23 hex digits", http({ projectId: P.slice(1) }), "projectId", /24 lowercase hexadecimal/],
  ["projectId of 25 hex digits", http({ projectId: `${P}0` }), "projectId", /24 lowercase hexadecimal/],
  ["projectId in upper case", http({ projectId: P.toUpperCase() }), "projectId", /lowercase hexadecimal/],
  ["projectId with a non-hex letter", http({ projectId: `${P.slice(0, 23)}g` }), "projectId", /hexadecimal/],
  ["projectId with surrounding spaces", http({ projectId: ` ${P} ` }), "projectId", /hexadecimal/],
  ["projectId with a Cyrillic look-alike", http({ projectId: P.replace("b", "\u0432") }), "projectId", /hexadecimal/],
  ["snapshotId 'latest'", http({ snapshotId: "latest" }), "snapshotId", /24 lowercase hexadecimal/],
  ["snapshotId with a path", http({ snapshotId: `${S}/../x` }), "snapshotId", /hexadecimal/],
  ["checkpointId with a query", auto({ clusterName: "Cluster0", checkpointId: `${S}?x=1` }), "checkpointId", /hexadecimal/],
  ["targetProjectId malformed", autoDelivery({ targetProjectId: "dr-project" }), "delivery.targetProjectId", /24/],
  ["targetClusterId malformed", autoDelivery({ targetClusterName: undefined, targetClusterId: "cluster-1" }), "delivery.targetClusterId", /24/],
  ["adopt malformed", http({ adopt: "batch-1" }), "adopt", /24/],
  // Wrong types
  ["projectId as a number", http({ projectId: 12345 }), "projectId", /must be a string/],
  ["clusterName as a list", http({ clusterName: ["Cluster0"] }), "clusterName", /must be a string/],
  ["snapshotId as an object", http({ snapshotId: { id: S } }), "snapshotId", /must be a string/],
  ["delivery as a string", http({ delivery: "HTTP" }), "delivery", /object|expected/i],
  ["delivery as a list", http({ delivery: [{ methodName: "HTTP" }] }), "delivery", /object|expected/i],
  ["delivery without methodName", http({ delivery: { expirationHours: 2 } }), "delivery.methodName", /"HTTP".*"AUTOMATED_RESTORE"/],
  ["methodName in lower case", httpDelivery({ methodName: "http" }), "delivery.methodName", /"HTTP"/],
  ["expirationHours as a boolean", httpDelivery({ expirationHours: true }), "delivery.expirationHours", /whole number/],
  ["oplogInc fractional", auto({ oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 1.5 }), "oplogInc", /whole number/],
  ["pointInTimeUTCMillis as words", auto({ pointInTimeUTCMillis: "yesterday" }), "pointInTimeUTCMillis", /number/],
  ["waitFor as a boolean", http({ waitFor: true }), "waitFor", /"none".*"ready"/],
  ["waitTimeoutMinutes as words", http({ waitTimeoutMinutes: "forever" }), "waitTimeoutMinutes", /number of minutes/],
  // Out of range
  ["expirationHours 0", httpDelivery({ expirationHours: 0 }), "delivery.expirationHours", /at least 1/],
  ["expirationHours -1", httpDelivery({ expirationHours: -1 }), "delivery.expirationHours", /at least 1/],
  ["expirationHours 8761 (over a year)", httpDelivery({ expirationHours: 8761 }), "delivery.expirationHours", /at most 8760/],
  ["expirationHours 1.5", httpDelivery({ expirationHours: 1.5 }), "delivery.expirationHours", /whole number/],
  ["maxDownloads 0", httpDelivery({ maxDownloads: 0 }), "delivery.maxDownloads", /at least 1/],
  ["maxDownloads 2^31", httpDelivery({ maxDownloads: 2 ** 31 }), "delivery.maxDownloads", /at most 2147483647/],
  ["maxDownloads 'many'", httpDelivery({ maxDownloads: "many" }), "delivery.maxDownloads", /whole number/],
  ["waitTimeoutMinutes 0", http({ waitTimeoutMinutes: 0 }), "waitTimeoutMinutes", /greater than 0/],
  ["waitTimeoutMinutes over a week", http({ waitTimeoutMinutes: 10_081 }), "waitTimeoutMinutes", /one week/],
  ["pointInTimeUTCMillis before 2008", auto({ pointInTimeUTCMillis: 1_000 }), "pointInTimeUTCMillis", /2008/],
  ["pointInTimeUTCMillis 8.64e15 (used to crash check: Invalid time value)", auto({ pointInTimeUTCMillis: 8.64e15 }), "pointInTimeUTCMillis", /at most 253402300799999/],
  ["oplogTs in 2106 (used to pass)", auto({ oplogTs: 2 ** 32 - 1, oplogInc: 1 }), "oplogTs", /in the future/],
  // Reference §2.3, every invalid combination
  ["§2.3-1 snapshotId + checkpointId", auto({ snapshotId: S, checkpointId: S }), "snapshotId", /Only one restore point/],
  ["§2.3-1 snapshotId + oplogTs/oplogInc", auto({ snapshotId: S, oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 1 }), "snapshotId", /Only one restore point/],
  ["§2.3-1 snapshotId + pointInTimeUTCMillis", auto({ snapshotId: S, pointInTimeUTCMillis: NOW - HOUR }), "snapshotId", /Only one restore point/],
  ["§2.3-2 checkpointId + oplogTs/oplogInc", auto({ checkpointId: S, oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 1 }), "snapshotId", /Only one restore point/],
  ["§2.3-2 checkpointId + pointInTimeUTCMillis", auto({ checkpointId: S, pointInTimeUTCMillis: NOW - HOUR }), "snapshotId", /Only one restore point/],
  ["§2.3-3 oplogTs without oplogInc", auto({ oplogTs: Math.floor(NOW / 1000) }), "oplogInc", /needs oplogInc/],
  ["§2.3-3 oplogInc without oplogTs", auto({ oplogInc: 1 }), "oplogTs", /needs oplogTs/],
  ["§2.3-4 pointInTimeUTCMillis + oplogTs/oplogInc", auto({ pointInTimeUTCMillis: NOW - HOUR, oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 1 }), "snapshotId", /Only one restore point/],
  ["§2.3-4 pointInTimeUTCMillis older than 24 h", auto({ pointInTimeUTCMillis: NOW - 25 * HOUR }), "pointInTimeUTCMillis", /more than 24 hours ago/],
  ["§2.3-4 pointInTimeUTCMillis in the future", auto({ pointInTimeUTCMillis: NOW + HOUR }), "pointInTimeUTCMillis", /in the future/],
  ["§2.3-5/8 checkpointId with HTTP delivery", http({ snapshotId: undefined, checkpointId: S }), "checkpointId", /need delivery.methodName "AUTOMATED_RESTORE"/],
  ["§2.3-5 oplogTs/oplogInc with HTTP delivery", http({ snapshotId: undefined, oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 1 }), "oplogTs", /AUTOMATED_RESTORE/],
  ["§2.3-5 pointInTimeUTCMillis with HTTP delivery", http({ snapshotId: undefined, pointInTimeUTCMillis: NOW - HOUR }), "pointInTimeUTCMillis", /AUTOMATED_RESTORE/],
  ["§2.3-6 automated restore without targetProjectId", autoDelivery({ targetProjectId: undefined }), "delivery.targetProjectId", /needs delivery.targetProjectId.*wiped/],
  ["§2.3-6 automated restore without a target cluster", autoDelivery({ targetClusterName: undefined }), "delivery.targetClusterName", /needs delivery.targetClusterName or delivery.targetClusterId/],
  ["§2.3-6 automated restore naming the target twice", autoDelivery({ targetClusterId: IDS.drReplicaSet0.clusterId }), "delivery.targetClusterName", /only one of/],
  ["§2.3-8 methodName SCP", httpDelivery({ methodName: "SCP" }), "delivery.methodName", /SCP and QUERY are not supported/],
  ["§2.3-8 methodName QUERY", httpDelivery({ methodName: "QUERY" }), "delivery.methodName", /SCP and QUERY are not supported/],
  ["§2.3-9 no restore point", http({ snapshotId: undefined }), "snapshotId", /Set exactly one restore point/],
  ["§2.1 HTTP delivery with a target project", httpDelivery({ targetProjectId: T }), "delivery.targetProjectId", /only applies to AUTOMATED_RESTORE/],
  ["§2.1 automated restore with expirationHours", autoDelivery({ expirationHours: 2 }), "delivery.expirationHours", /only applies to HTTP/],
  ["§2.1 automated restore with maxDownloads", autoDelivery({ maxDownloads: 2 }), "delivery.maxDownloads", /only applies to HTTP/],
  // Missing inputs
  ["missing projectId", http({ projectId: undefined }), "projectId", /required/],
  ["missing clusterName", http({ clusterName: undefined }), "clusterName", /required/],
  ["missing delivery", http({ delivery: undefined }), "delivery", /required/],
  // Unknown fields
  ["unknown input snapshotID (typo)", http({ snapshotID: S }), "snapshotID", /Unknown input "snapshotID"\. Valid inputs: projectId/],
  ["unknown input groupId (the API's name)", http({ groupId: P }), "groupId", /Unknown input/],
  ["unknown input timestamp (Ops Manager only)", http({ timestamp: { date: "2026-01-01T00:00:00Z", increment: 1 } }), "timestamp", /Unknown input/],
  ["unknown delivery.targetGroupId (the API's name)", autoDelivery({ targetGroupId: T }), "delivery", /Unknown field\(s\) targetGroupId/],
  ["unknown delivery.expires (Cloud Manager only)", httpDelivery({ expires: "2026-01-01T00:00:00Z" }), "delivery", /Unknown field\(s\) expires/],
  // Empty and huge strings
  ["empty clusterName", cluster(""), "clusterName", /must not be empty/],
  ["empty projectId", http({ projectId: "" }), "projectId", /hexadecimal/],
  ["empty snapshotId", http({ snapshotId: "" }), "snapshotId", /hexadecimal/],
  ["100,000-character clusterName", cluster(HUGE), "clusterName", /longer than 64/],
  ["100,000-character snapshotId", http({ snapshotId: HUGE }), "snapshotId", /24 lowercase hexadecimal/],
  ["65-character target cluster name", autoDelivery({ targetClusterName: "c".repeat(65) }), "delivery.targetClusterName", /longer than 64/],
  // Unicode
  ["clusterName with an umlaut", cluster("Clüster0"), "clusterName", /ASCII letters, digits and hyphens/],
  ["clusterName with a zero-width space", cluster("Cluster0\u200b"), "clusterName", /ASCII letters/],
  ["clusterName in full-width letters", cluster("\uff23luster0"), "clusterName", /ASCII letters/],
  ["clusterName with a right-to-left override", cluster("Cluster0\u202e"), "clusterName", /ASCII letters/],
  ["clusterName with an emoji", cluster("Cluster0\u{1F642}"), "clusterName", /ASCII letters/],
  ["clusterName with a NUL byte", cluster("Cluster0\u0000"), "clusterName", /ASCII letters/],
  // Path tricks in clusterName
  ["clusterName ../Cluster0", cluster("../Cluster0"), "clusterName", /ASCII letters/],
  ["clusterName Cluster0/../../groups", cluster("Cluster0/../../groups"), "clusterName", /ASCII letters/],
  ["clusterName with ?", cluster("Cluster0?pretty=true"), "clusterName", /ASCII letters/],
  ["clusterName with #", cluster("Cluster0#frag"), "clusterName", /ASCII letters/],
  ["clusterName with %2F", cluster("Cluster0%2F..%2FOther"), "clusterName", /ASCII letters/],
  ["clusterName %2e%2e", cluster("%2e%2e"), "clusterName", /ASCII letters/],
  ["clusterName with a space", cluster("Cluster 0"), "clusterName", /ASCII letters/],
  ["clusterName with a backslash", cluster("Cluster0\\.."), "clusterName", /ASCII letters/],
  ["clusterName with a newline", cluster("Cluster0\nHost: evil"), "clusterName", /ASCII letters/],
  ["clusterName with a leading hyphen", cluster("-Cluster0"), "clusterName", /start with a letter or digit/],
];

describe(`check-time bad input through the plugin: ${CHECK_CASES.length} cases, zero requests`, () => {
  const before = { requests: 0 };
  beforeAll(() => (before.requests = apiRequests(emu)));

  test.each(CHECK_CASES.map(([n, i, p, r]) => [n, p, i, r] as const))("%s → fails on %s", async (name, property, inputs, reason) => {
    const mark = emu.requestLog.length;
    const err = await failure(s.engine.register(RESTORE_JOB_TYPE, `bad-${CHECK_CASES.findIndex((c) => c[0] === name)}`, { __provider: s.providerText, ...inputs }));
    expect(err).toBeInstanceOf(CheckFailedError);
    const failures = (err as CheckFailedError).failures;
    const onProperty = failures.filter((f) => f.property === property);
    expect(onProperty.map((f) => f.reason).join(" | ")).toMatch(reason);
    // A clear error: short, and never an echo of a huge input.
    for (const f of failures) expect(f.reason.length).toBeLessThan(400);
    expect(err.message.length).toBeLessThan(2_000);
    expect(emu.requestLog.length).toBe(mark); // not one request
  });

  test("there are at least 40 cases, and the whole table sent zero requests and stored nothing", () => {
    expect(CHECK_CASES.length).toBeGreaterThanOrEqual(40);
    expect(apiRequests(emu)).toBe(before.requests);
    expect(s.state.resources).toEqual({});
  });
});

/** The config session, reconfigured: the dynamic-provider plugin configures each distinct provider text once, so a variant of the text picks up the new configuration. */
let variant = 0;
async function withConfig(config: Record<string, string | { secret: string }>): Promise<string> {
  await cs.plugin.configure(config);
  variant += 1;
  return `${cs.providerText}\n// configuration variant ${variant}\n`;
}
const good = () => ({ "mongodbatlas:publicKey": emu.publicKey, "mongodbatlas:privateKey": { secret: emu.privateKey }, "mongodbatlas:baseUrl": emu.apiBase });

interface CreateCase {
  name: string;
  config?: () => Record<string, string | { secret: string }>;
  inputs: () => Props;
  /** Every one of these must be in the message. */
  says: RegExp[];
  /** Requests that may reach the emulator (the digest challenge and the answer). */
  requests?: "none" | "some";
}

describe("create-time bad input: a clear error naming the culprit, nothing created, nothing in state", () => {
  const noAccess = { projectId: "", cluster: "Locked0" };
  beforeAll(() => {
    const p = addProjectWithClusters(emu, [noAccess.cluster], { accessList: ["203.0.113.10", "198.51.100.0/24"] });
    noAccess.projectId = p.projectId;
  });

  const CASES: CreateCase[] = [
    { name: "checkpoint restore of a replica set (§2.3-7)", inputs: () => auto({ checkpointId: IDS.cluster0.checkpointId }), says: [/400/, /checkpointId/, /sharded clusters only/] },
    { name: "point-in-time restore of a sharded cluster (§2.3-7)", inputs: () => ({ ...auto({ pointInTimeUTCMillis: Date.now() - HOUR }), clusterName: "Cluster0", delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrCluster0" } }), says: [/400/, /pointInTimeUTCMillis/, /replica sets only/] },
    { name: "point-in-time restore where it is not enabled", inputs: () => ({ ...auto({ pointInTimeUTCMillis: Date.now() - HOUR }), clusterName: "Orders0", delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrOrders0" } }), says: [/400/, /not enabled for cluster Orders0/] },
    { name: "unknown project", inputs: () => http({ projectId: freshId() }), says: [/404 GROUP_NOT_FOUND/, /Check projectId [a-f0-9]{24}/] },
    { name: "unknown cluster", inputs: () => http({ clusterName: "Cluster9" }), says: [/404 CLUSTER_NAME_NOT_FOUND/, /Check clusterName "Cluster9"/] },
    { name: "unknown snapshot", inputs: () => http({ snapshotId: freshId() }), says: [/404 SNAPSHOT_NOT_FOUND/, /Check snapshotId/, /may have expired/] },
    { name: "unknown checkpoint", inputs: () => ({ ...auto({ checkpointId: freshId() }), clusterName: "Cluster0", delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrCluster0" } }), says: [/404 CHECKPOINT_NOT_FOUND/, /Check checkpointId/] },
    { name: "unknown target cluster", inputs: () => autoDelivery({ targetClusterName: "DrNowhere" }), says: [/404 CLUSTER_NAME_NOT_FOUND/, /DrNowhere/, /delivery\.targetClusterName/] },
    { name: "unknown target project", inputs: () => autoDelivery({ targetProjectId: freshId() }), says: [/404 GROUP_NOT_FOUND/, /delivery\.targetProjectId/] },
    { name: "HTTP download of an encrypted snapshot", inputs: () => http({ clusterName: "Encrypted0", snapshotId: IDS.encrypted0.snapshotId }), says: [/CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION/, /Use AUTOMATED_RESTORE/] },
    { name: "adopt an id that does not exist", inputs: () => http({ adopt: freshId() }), says: [/adopt: no restore with id [a-f0-9]{24} exists for cluster Cluster0/, /Check the id given to adopt/] },
    {
      name: "this machine's IP is not on the project's API access list",
      inputs: () => ({ projectId: noAccess.projectId, clusterName: noAccess.cluster, snapshotId: freshId(), delivery: { methodName: "HTTP" } }),
      says: [/403 IP_ADDRESS_NOT_ON_ACCESS_LIST/, /Add 127\.0\.0\.1 to the API key's access list/],
    },
    {
      name: "wrong private key",
      config: () => ({ ...good(), "mongodbatlas:privateKey": { secret: "00000000-0000-0000-0000-000000000000" } }),
      inputs: () => http(),
      says: [/401/, /mongodbatlas:publicKey/, /mongodbatlas:privateKey/, /MONGODB_ATLAS_PRIVATE_KEY/, /access list/],
    },
    {
      name: "wrong public key",
      config: () => ({ ...good(), "mongodbatlas:publicKey": "nobodyxx" }),
      inputs: () => http(),
      says: [/401/, /mongodbatlas:publicKey/, /mongodbatlas:privateKey/, /access list/],
    },
    {
      name: "no keys at all",
      config: () => ({ "mongodbatlas:baseUrl": emu.apiBase }),
      inputs: () => http(),
      requests: "none",
      says: [/mongodbatlas:publicKey \(or the environment variable MONGODB_ATLAS_PUBLIC_KEY\)/, /mongodbatlas:privateKey/, /pulumi config set --secret mongodbatlas:privateKey/],
    },
    { name: "a base URL that is not a URL", config: () => ({ ...good(), "mongodbatlas:baseUrl": "cloud.mongodb.com" }), inputs: () => http(), requests: "none", says: [/mongodbatlas:baseUrl/, /not an absolute URL/, /https:\/\/cloud\.mongodb\.com/] },
    {
      name: "plain http to a remote host",
      config: () => ({ ...good(), "mongodbatlas:baseUrl": "http://atlas-proxy.example.com:8080" }),
      inputs: () => http(),
      requests: "none",
      says: [/mongodbatlas:baseUrl/, /plain http to a non-loopback host/, /atlas-restore:allowInsecureHttp \(or the environment variable ATLAS_RESTORE_ALLOW_INSECURE_HTTP\) to true/],
    },
    { name: "a base URL with another API path", config: () => ({ ...good(), "mongodbatlas:baseUrl": "https://cloud.mongodb.com/api/atlas/v2" }), inputs: () => http(), requests: "none", says: [/mongodbatlas:baseUrl/, /\/api\/atlas\/v1\.0/] },
    {
      name: "a base URL with credentials in it",
      config: () => ({ ...good(), "mongodbatlas:baseUrl": "https://user:hunter2hunter2@cloud.mongodb.com" }),
      inputs: () => http(),
      requests: "none",
      says: [/mongodbatlas:baseUrl/, /embeds credentials/],
    },
    { name: "a request timeout that is not a number", config: () => ({ ...good(), "atlas-restore:requestTimeoutSeconds": "soon" }), inputs: () => http(), requests: "none", says: [/atlas-restore:requestTimeoutSeconds/, /positive number of seconds/] },
    { name: "a server answering an HTML page (a proxy's sign-in page)", config: () => ({ ...good(), "mongodbatlas:baseUrl": htmlBase }), inputs: () => http(), says: [/not valid JSON/, /text\/html/, /Sign in - Corporate Proxy/, /Check that baseUrl .* points at the Atlas API/, /taken before the restore request: nothing was sent, no restore was started/] },
    {
      name: "a server answering truncated JSON to the POST",
      inputs: () => {
        emu.faults.failNext({ status: 200, body: '{"links":[],"results":[{"id":"6b0b77', contentType: "application/json", method: "POST", path: /\/clusters\/Orders0\/restoreJobs/ });
        return http({ clusterName: "Orders0", snapshotId: IDS.orders0.snapshotId });
      },
      says: [/got no usable answer/, /not valid JSON \(truncated/, /It was not sent again/],
    },
  ];

  test.each(CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, c, i) => {
    const text = c.config ? await withConfig(c.config()) : await withConfig(good());
    const jobsBefore = emu.jobs().length;
    const requestsBefore = apiRequests(emu);
    const name = `create-bad-${i}`;
    const err = await failure(cs.engine.register(RESTORE_JOB_TYPE, name, { __provider: text, ...c.inputs() }));
    expect(err).not.toBeInstanceOf(CheckFailedError); // these pass Check: only Atlas or the configuration can tell
    expect(err).not.toBeInstanceOf(ResourceInitError); // nothing was created, so nothing is recorded
    for (const pattern of c.says) expect(err.message).toMatch(pattern);
    expect(err.message.length).toBeLessThan(1_500);
    expect(emu.jobs().length).toBe(jobsBefore);
    expect(cs.state.resources[cs.engine.urnOf(RESTORE_JOB_TYPE, name)]).toBeUndefined();
    if (c.requests === "none") expect(apiRequests(emu)).toBe(requestsBefore);
  });

  test("wrong keys: the emulator saw challenges and failed attempts, and not one authenticated request", () => {
    const failedAuth = emu.requestLog.filter((e) => e.status === 401 && !e.authenticated);
    expect(failedAuth.length).toBeGreaterThanOrEqual(4); // two cases × (challenge + wrong answer)
  });
});

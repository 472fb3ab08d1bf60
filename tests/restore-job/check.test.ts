import { checkInputs, UNKNOWN } from "../../provider/restore-job";

const P = "6b99999887d9d61443b41657";
const S = "5a681ff180eef54e09de20d1";
const T = "5f1e3d2c1b0a998877665544";
const NOW = Date.parse("2026-11-29T12:00:00Z");
const http = { projectId: P, clusterName: "Cluster0", snapshotId: S, delivery: { methodName: "HTTP" } };
const auto = (extra: object = {}) => ({
  projectId: P,
  clusterName: "ReplicaSet0",
  delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrReplicaSet0" },
  ...extra,
});
const check = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkInputs(olds, news, NOW);

describe("check accepts valid inputs and applies defaults", () => {
  test.each([
    ["HTTP snapshot", http],
    ["HTTP with limits as numbers", { ...http, delivery: { methodName: "HTTP", expirationHours: 2, maxDownloads: 3 } }],
    ["HTTP with limits as numeric strings", { ...http, delivery: { methodName: "HTTP", expirationHours: "2", maxDownloads: "3" } }],
    ["automated snapshot by target name", auto({ snapshotId: S })],
    ["automated snapshot by target id", { ...auto({ snapshotId: S }), delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterId: T } }],
    ["automated oplog (numbers)", auto({ oplogTs: 1764414000, oplogInc: 1 })],
    ["automated oplog (strings)", auto({ oplogTs: "1764414000", oplogInc: "2" })],
    ["automated point in time", auto({ pointInTimeUTCMillis: NOW - 3_600_000 })],
    ["automated checkpoint", { ...auto({ checkpointId: S }), clusterName: "Cluster0" }],
    ["adopt without a restore point", { projectId: P, clusterName: "Cluster0", adopt: S, delivery: { methodName: "HTTP" } }],
    ["declared outputs present as undefined", { ...http, batchId: undefined, status: undefined, jobs: null }],
    ["wait settings", { ...http, waitFor: "none", waitTimeoutMinutes: 0.5 }],
    ["Cloud Manager cluster id as clusterName", { ...http, clusterName: T }],
  ])("%s", (_name, news) => {
    const r = check(news as Record<string, unknown>);
    expect(r.failures).toEqual([]);
    expect(r.inputs.waitFor).toBeDefined();
    expect(r.inputs.waitTimeoutMinutes).toBeDefined();
  });

  test("defaults: waitFor ready, 240 minutes; numeric strings normalised", () => {
    const r = check({ ...http, delivery: { methodName: "HTTP", maxDownloads: "3" } });
    expect(r.inputs).toMatchObject({ waitFor: "ready", waitTimeoutMinutes: 240, delivery: { maxDownloads: 3 } });
  });

  test("__provider passes through untouched", () => {
    expect(check({ ...http, __provider: "exports.handler = 1" }).inputs.__provider).toBe("exports.handler = 1");
  });
});

describe("check rejects bad input on the right property, with a reason", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["missing projectId", { ...http, projectId: undefined }, "projectId", /required/],
    ["short projectId", { ...http, projectId: "6b99" }, "projectId", /24/],
    ["uppercase projectId", { ...http, projectId: P.toUpperCase() }, "projectId", /hexadecimal/],
    ["numeric projectId", { ...http, projectId: 12345 }, "projectId", /string/],
    ["missing clusterName", { ...http, clusterName: undefined }, "clusterName", /required/],
    ["empty clusterName", { ...http, clusterName: "" }, "clusterName", /required/],
    ["clusterName ../", { ...http, clusterName: "../other" }, "clusterName", /letters, digits and hyphens/],
    ["clusterName ?", { ...http, clusterName: "Cluster0?x=1" }, "clusterName", /pattern/],
    ["clusterName #", { ...http, clusterName: "Cluster0#a" }, "clusterName", /pattern/],
    ["clusterName %2F", { ...http, clusterName: "a%2Fb" }, "clusterName", /pattern/],
    ["clusterName space", { ...http, clusterName: "Cluster 0" }, "clusterName", /pattern/],
    ["clusterName unicode", { ...http, clusterName: "Clüster0" }, "clusterName", /pattern/],
    ["clusterName leading hyphen", { ...http, clusterName: "-Cluster0" }, "clusterName", /start with a letter or digit/],
    ["clusterName huge", { ...http, clusterName: "c".repeat(10_000) }, "clusterName", /64/],
    ["snapshotId malformed", { ...http, snapshotId: "not-an-id" }, "snapshotId", /24/],
    ["snapshotId with path", { ...http, snapshotId: `${S}/../x` }, "snapshotId", /24/],
    ["no restore point", { ...http, snapshotId: undefined }, "snapshotId", /exactly one restore point/],
    ["snapshot + checkpoint", auto({ snapshotId: S, checkpointId: S }), "snapshotId", /Only one restore point/],
    ["snapshot + oplog", auto({ snapshotId: S, oplogTs: 1764414000, oplogInc: 1 }), "snapshotId", /Only one restore point/],
    ["snapshot + PIT", auto({ snapshotId: S, pointInTimeUTCMillis: NOW - 1000 }), "snapshotId", /Only one restore point/],
    ["checkpoint + PIT", auto({ checkpointId: S, pointInTimeUTCMillis: NOW - 1000 }), "snapshotId", /Only one restore point/],
    ["oplogTs without oplogInc", auto({ oplogTs: 1764414000 }), "oplogInc", /needs oplogInc/],
    ["oplogInc without oplogTs", auto({ oplogInc: 1 }), "oplogTs", /needs oplogTs/],
    ["oplogInc zero", auto({ oplogTs: 1764414000, oplogInc: 0 }), "oplogInc", />= 1/],
    ["oplogTs negative", auto({ oplogTs: -5, oplogInc: 1 }), "oplogTs", /whole number/],
    ["oplogTs not digits", auto({ oplogTs: "yesterday", oplogInc: 1 }), "oplogTs", /whole number/],
    ["PIT older than 24 h", auto({ pointInTimeUTCMillis: NOW - 25 * 3_600_000 }), "pointInTimeUTCMillis", /24 hours/],
    ["PIT in the future", auto({ pointInTimeUTCMillis: NOW + 3_600_000 }), "pointInTimeUTCMillis", /future/],
    ["PIT before 2008", auto({ pointInTimeUTCMillis: 1000 }), "pointInTimeUTCMillis", /2008/],
    ["PIT as a string", auto({ pointInTimeUTCMillis: "soon" }), "pointInTimeUTCMillis", /number/],
    ["checkpoint with HTTP", { ...http, snapshotId: undefined, checkpointId: S }, "checkpointId", /AUTOMATED_RESTORE/],
    ["oplog with HTTP", { ...http, snapshotId: undefined, oplogTs: 1764414000, oplogInc: 1 }, "oplogTs", /AUTOMATED_RESTORE/],
    ["PIT with HTTP", { ...http, snapshotId: undefined, pointInTimeUTCMillis: NOW - 1000 }, "pointInTimeUTCMillis", /AUTOMATED_RESTORE/],
    ["missing delivery", { ...http, delivery: undefined }, "delivery", /required/],
    ["delivery not an object", { ...http, delivery: "HTTP" }, "delivery", /object|expected/i],
    ["methodName SCP", { ...http, delivery: { methodName: "SCP" } }, "delivery.methodName", /SCP and QUERY are not supported/],
    ["methodName lowercase", { ...http, delivery: { methodName: "http" } }, "delivery.methodName", /"HTTP"/],
    ["unknown delivery field", { ...http, delivery: { methodName: "HTTP", format: "tar" } }, "delivery", /Unknown field\(s\) format/],
    ["expirationHours 0", { ...http, delivery: { methodName: "HTTP", expirationHours: 0 } }, "delivery.expirationHours", /at least 1/],
    ["expirationHours fractional", { ...http, delivery: { methodName: "HTTP", expirationHours: 1.5 } }, "delivery.expirationHours", /whole number/],
    ["maxDownloads negative", { ...http, delivery: { methodName: "HTTP", maxDownloads: -1 } }, "delivery.maxDownloads", /at least 1/],
    ["maxDownloads huge", { ...http, delivery: { methodName: "HTTP", maxDownloads: 1e12 } }, "delivery.maxDownloads", /at most/],
    ["automated without target project", { ...auto({ snapshotId: S }), delivery: { methodName: "AUTOMATED_RESTORE", targetClusterName: "Dr" } }, "delivery.targetProjectId", /needs delivery.targetProjectId/],
    ["automated without target cluster", { ...auto({ snapshotId: S }), delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T } }, "delivery.targetClusterName", /targetClusterName or delivery.targetClusterId/],
    ["automated with both target forms", { ...auto({ snapshotId: S }), delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "Dr", targetClusterId: T } }, "delivery.targetClusterName", /only one/],
    ["automated target id malformed", { ...auto({ snapshotId: S }), delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: "x" } }, "delivery.targetProjectId", /24/],
    ["automated with maxDownloads", { ...auto({ snapshotId: S }), delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "Dr", maxDownloads: 1 } }, "delivery.maxDownloads", /only applies to HTTP/],
    ["HTTP with a target", { ...http, delivery: { methodName: "HTTP", targetProjectId: T } }, "delivery.targetProjectId", /only applies to AUTOMATED_RESTORE/],
    ["unknown top-level input", { ...http, snapshotID: S }, "snapshotID", /Unknown input/],
    ["waitFor bad", { ...http, waitFor: "forever" }, "waitFor", /"none"/],
    ["waitTimeoutMinutes zero", { ...http, waitTimeoutMinutes: 0 }, "waitTimeoutMinutes", /greater than 0/],
    ["waitTimeoutMinutes too long", { ...http, waitTimeoutMinutes: 100_000 }, "waitTimeoutMinutes", /one week/],
    ["adopt malformed", { ...http, adopt: "batch-1" }, "adopt", /24/],
  ];
  test.each(cases)("%s", (_name, news, property, reason) => {
    const r = check(news);
    expect(r.failures.map((f) => f.property)).toContain(property);
    expect(r.failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });
  test("there are at least 40 bad-input cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));
});

describe("check during preview and on existing restores", () => {
  test("unknown values are accepted and skip the combination rules", () => {
    const r = check({ ...http, snapshotId: UNKNOWN, delivery: { methodName: "HTTP", maxDownloads: UNKNOWN } });
    expect(r.failures).toEqual([]);
  });
  test("an existing point-in-time restore does not fail check once it is older than 24 h", () => {
    const old = auto({ pointInTimeUTCMillis: NOW - 48 * 3_600_000 });
    expect(check(old, old).failures).toEqual([]);
    expect(check(old, {}).failures.map((f) => f.property)).toEqual(["pointInTimeUTCMillis"]);
  });
});

describe("check: adopt (issue 9 item 3)", () => {
  const pit = { projectId: P, clusterName: "Cluster0", pointInTimeUTCMillis: Date.now() - 3 * 24 * 3_600_000, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: P, targetClusterName: "Dr" } };
  test("adopting a point-in-time restore older than 24 hours is allowed (the age limit is for starting one)", () => {
    expect(checkInputs({}, { ...pit, adopt: "5a69049d87d9d62a94d01adc" }).failures).toEqual([]);
  });
  test("removing adopt from it afterwards keeps the restore point unchanged: still no age failure", () => {
    const olds = { ...pit, adopt: "5a69049d87d9d62a94d01adc" };
    expect(checkInputs(olds, pit).failures).toEqual([]);
  });
});

describe("check never echoes a secret pasted as a field name (issue 18)", () => {
  const privateKey = "fc9fad7b-0ced-4d7a-b1b6-80bc53df301b";
  const clientSecret = "mdb_sa_sk_4XJ2k9Lq0Zr8TnVw3Yb6Pc1Hs5Ud7Ef";
  test.each([
    ["inside delivery", { ...http, delivery: { methodName: "HTTP", [privateKey]: true } }, "delivery"],
    ["inside delivery, a client secret", { ...http, delivery: { methodName: "HTTP", [clientSecret]: "x" } }, "delivery"],
    ["as a top-level input", { ...http, [privateKey]: true }, "(an input)"],
  ])("%s: the failure says an unknown field was given, and never quotes it", (_what, news, property) => {
    const r = check(news);
    expect(r.failures.map((f) => f.property)).toContain(property);
    const text = JSON.stringify(r.failures);
    expect(text).toMatch(/not shown: it does not look like a field name/);
    expect(text).not.toContain(privateKey);
    expect(text).not.toContain(clientSecret);
  });
  test("a mistyped field name is still quoted, so the user can see the typo", () => {
    expect(JSON.stringify(check({ ...http, delivery: { methodName: "HTTP", format: "tar" } }).failures)).toContain("format");
  });
});

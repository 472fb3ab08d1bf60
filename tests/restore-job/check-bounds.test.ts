/**
 * Issue 9 item 9: every number is bounded to what Atlas can mean, and every failure names the
 * property, at check time (no request). Also the wording of the restore-point messages.
 */
import { checkInputs } from "../../provider/restore-job";

const P = "6b99999887d9d61443b41657";
const S = "5a681ff180eef54e09de20d1";
const T = "5f1e3d2c1b0a998877665544";
const NOW = Date.parse("2026-11-29T12:00:00Z");
const auto = (extra: object) => ({
  projectId: P,
  clusterName: "ReplicaSet0",
  delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: T, targetClusterName: "DrReplicaSet0" },
  ...extra,
});
const check = (news: Record<string, unknown>) => checkInputs({}, news, NOW);

describe("numbers beyond what Atlas can mean fail check, naming the property", () => {
  test.each([
    ["pointInTimeUTCMillis 8.64e15 (the largest Date)", { pointInTimeUTCMillis: 8.64e15 }, "pointInTimeUTCMillis", /at most 253402300799999 \(9999-12-31\)/],
    ["pointInTimeUTCMillis 1e300", { pointInTimeUTCMillis: 1e300 }, "pointInTimeUTCMillis", /at most/],
    ["pointInTimeUTCMillis far beyond a Date", { pointInTimeUTCMillis: 9e15 }, "pointInTimeUTCMillis", /at most/],
    ["pointInTimeUTCMillis tomorrow", { pointInTimeUTCMillis: NOW + 86_400_000 }, "pointInTimeUTCMillis", /is in the future/],
    ["oplogTs in 2106 (the largest 32-bit epoch second)", { oplogTs: 2 ** 32 - 1, oplogInc: 1 }, "oplogTs", /in the future/],
    ["oplogTs as a string in 2100", { oplogTs: "4102444800", oplogInc: 1 }, "oplogTs", /in the future/],
    ["oplogTs before 2008", { oplogTs: 1000, oplogInc: 1 }, "oplogTs", />= 1199145600 \(2008-01-01\)/],
    ["oplogInc beyond int32", { oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 2 ** 31 }, "oplogInc", /<= 2147483647/],
  ])("%s", (_name, extra, property, reason) => {
    const r = check(auto(extra));
    const failure = r.failures.find((f) => f.property === property);
    expect(failure?.reason).toMatch(reason);
    expect(r.failures.map((f) => f.reason).join(" ")).not.toMatch(/Invalid time value/);
  });

  test("an oplog position a minute ago passes", () => {
    expect(check(auto({ oplogTs: Math.floor(NOW / 1000) - 60, oplogInc: 1 })).failures).toEqual([]);
  });

  test("checks never throw, whatever the number", () => {
    for (const v of [8.64e15, 8.64e15 + 1, Number.MAX_VALUE, -8.64e15, 2 ** 53]) {
      expect(() => check(auto({ pointInTimeUTCMillis: v }))).not.toThrow();
      expect(() => check(auto({ oplogTs: v, oplogInc: 1 }))).not.toThrow();
    }
  });
});

describe("restore-point messages speak to the user", () => {
  test("two restore points: 'both set', no reference to a document users do not have", () => {
    const r = check(auto({ snapshotId: S, pointInTimeUTCMillis: NOW - 60_000 }));
    expect(r.failures).toEqual([{ property: "snapshotId", reason: expect.stringMatching(/snapshotId and pointInTimeUTCMillis are both set/) }]);
    expect(JSON.stringify(r.failures)).not.toMatch(/reference|§/);
  });

  test("three restore points: 'all set'", () => {
    const r = check(auto({ snapshotId: S, checkpointId: S, pointInTimeUTCMillis: NOW - 60_000 }));
    expect(r.failures[0].reason).toMatch(/snapshotId, checkpointId and pointInTimeUTCMillis are all set/);
  });
});

/**
 * The pure pieces on their own: lifecycle phases, §2.3 rules, access-list matching, digest
 * header parsing, fault matching and the rate-limit window text.
 */
import { parseCreateBody } from "../../emulator/create-body";
import { validateCreateRequest } from "../../emulator/create-validation";
import { parseParams } from "../../emulator/digest-auth";
import { Faults } from "../../emulator/faults";
import type { JobRecord } from "../../emulator/job-lifecycle";
import { isoSeconds, phaseAt } from "../../emulator/job-lifecycle";
import { windowMinutes } from "../../emulator/rate-limit";
import { ipMatches } from "../../emulator/routes/scope";

const job = (over: Partial<JobRecord> = {}): JobRecord => ({
  id: "0".repeat(24), batchSeq: 1, partIndex: 0, groupId: "1".repeat(24), clusterName: "C", clusterId: "2".repeat(24),
  createdAt: 0, pointInTime: false, encryptionEnabled: false, timestamp: { date: "2018-01-01T00:00:00Z", increment: 1 },
  methodName: "HTTP", expirationHours: 1, maxDownloads: 1, behaviour: { jobDurationMs: 1_000, outcome: "FINISHED" },
  fileName: "f.tar.gz", token: "t", downloads: 0, ...over,
});

describe("phaseAt", () => {
  it.each([
    [0, "IN_PROGRESS", "NOT_STARTED"],
    [499, "IN_PROGRESS", "NOT_STARTED"],
    [500, "IN_PROGRESS", "IN_PROGRESS"],
    [1_000, "FINISHED", "READY"],
    [3_601_000, "FINISHED", "EXPIRED"],
  ])("at %i ms: job %s, delivery %s", (t, jobStatus, deliveryStatus) => {
    expect(phaseAt(job(), t)).toMatchObject({ jobStatus, deliveryStatus });
  });

  it("reports readiness and expiry times; used downloads win over expiry", () => {
    expect(phaseAt(job(), 2_000)).toEqual({ jobStatus: "FINISHED", deliveryStatus: "READY", readyAt: 1_000, expiresAt: 3_601_000 });
    expect(phaseAt(job({ downloads: 1 }), 9_999_999).deliveryStatus).toBe("MAX_DOWNLOADS_EXCEEDED");
  });

  it("never shows READY for a failing job", () => {
    const failing = job({ behaviour: { jobDurationMs: 1_000, deliveryPrepMs: 100, outcome: "KILLED", failAfterMs: 900 } });
    expect(phaseAt(failing, 500)).toEqual({ jobStatus: "IN_PROGRESS", deliveryStatus: "IN_PROGRESS" });
    expect(phaseAt(failing, 900)).toEqual({ jobStatus: "KILLED", deliveryStatus: "IN_PROGRESS" });
  });

  it("renders dates with second precision", () => {
    expect(isoSeconds(Date.parse("2026-03-01T12:00:00.999Z"))).toBe("2026-03-01T12:00:00Z");
  });
});

describe("create body and §2.3 rules (pure)", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  const parse = (b: unknown) => parseCreateBody(JSON.stringify(b));

  it("normalizes numeric strings, ISO oplogTs and the checkPointId spelling", () => {
    expect(parse({ delivery: { methodName: "HTTP", maxDownloads: "2" }, snapshotId: "a".repeat(24) }))
      .toEqual({ methodName: "HTTP", maxDownloads: 2, snapshotId: "a".repeat(24) });
    expect(parse({ delivery: { methodName: "AUTOMATED_RESTORE" }, oplogTs: "2026-03-01T11:00:00Z", oplogInc: 1 }))
      .toMatchObject({ oplogTs: Date.parse("2026-03-01T11:00:00Z") / 1000 });
    expect(parse({ delivery: { methodName: "AUTOMATED_RESTORE" }, checkPointId: "b".repeat(24), snapshotId: null }))
      .toEqual({ methodName: "AUTOMATED_RESTORE", checkpointId: "b".repeat(24) });
  });

  it("accepts each valid restore point", () => {
    const target = { targetGroupId: "c".repeat(24), targetClusterName: "T" };
    for (const point of [{ snapshotId: "a".repeat(24) }, { checkpointId: "a".repeat(24) }, { oplogTs: now / 1000 - 60, oplogInc: 1 }, { pointInTimeUTCMillis: now - 60_000 }]) {
      expect(validateCreateRequest({ methodName: "AUTOMATED_RESTORE", ...target, ...point }, now)).toBeUndefined();
    }
  });
});

describe("small helpers", () => {
  it("ipMatches exact IPs and IPv4 CIDR blocks", () => {
    expect(ipMatches("127.0.0.1", "127.0.0.1")).toBe(true);
    expect(ipMatches("10.0.0.0/8", "10.20.30.40")).toBe(true);
    expect(ipMatches("10.0.0.0/8", "11.0.0.1")).toBe(false);
    expect(ipMatches("0.0.0.0/0", "8.8.8.8")).toBe(true);
    expect(ipMatches("::1", "127.0.0.1")).toBe(false);
  });

  it("parseParams reads quoted values with commas and unquoted ones", () => {
    expect(parseParams('username="a,b", qop=auth, nc=00000001, uri="/x?y=1,2"')).toEqual({
      username: "a,b", qop: "auth", nc: "00000001", uri: "/x?y=1,2",
    });
  });

  it("windowMinutes prints whole and fractional minutes", () => {
    expect(windowMinutes(60_000)).toBe("1");
    expect(windowMinutes(30_000)).toBe("0.5");
  });

  it("faults: a /g regex matches every time; counts are consumed per match", () => {
    const f = new Faults();
    f.failNext({ status: 500, count: 2, path: /jobs/g });
    expect(f.take("GET", "/jobs").action?.kind).toBe("failNext");
    expect(f.take("GET", "/jobs").action?.kind).toBe("failNext");
    expect(f.take("GET", "/jobs").action).toBeUndefined();
    expect(() => f.failNext({ status: 42 })).toThrow(/not an HTTP status/);
    expect(() => f.resetNext({ count: 0 })).toThrow(/count must be >= 1/);
  });
});

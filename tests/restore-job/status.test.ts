import { batchStatus, toOutputs } from "../../provider/restore-job";
import { job, readyHttp } from "./jobs";

describe("status aggregation table", () => {
  test.each([
    ["nothing yet", [], "HTTP", "IN_PROGRESS"],
    ["fresh HTTP job", [job()], "HTTP", "IN_PROGRESS"],
    ["READY without a URL is not usable yet", [job({ deliveryStatus: "READY" })], "HTTP", "IN_PROGRESS"],
    ["all HTTP parts ready", [readyHttp("a"), readyHttp("b")], "HTTP", "READY"],
    ["one part of three still working", [readyHttp("a"), job(), readyHttp("c")], "HTTP", "IN_PROGRESS"],
    ["a BROKEN part fails the batch", [readyHttp("a"), job({ statusName: "BROKEN" })], "HTTP", "FAILED"],
    ["KILLED", [job({ statusName: "KILLED" })], "HTTP", "FAILED"],
    ["delivery FAILED", [job({ deliveryStatus: "FAILED" })], "HTTP", "FAILED"],
    ["delivery INTERRUPTED", [job({ deliveryStatus: "INTERRUPTED" })], "HTTP", "FAILED"],
    ["links expired", [job({ statusName: "FINISHED", deliveryStatus: "EXPIRED" })], "HTTP", "EXPIRED"],
    ["downloads used up", [job({ statusName: "FINISHED", deliveryStatus: "MAX_DOWNLOADS_EXCEEDED" })], "HTTP", "EXPIRED"],
    ["automated in progress", [job()], "AUTOMATED_RESTORE", "IN_PROGRESS"],
    ["automated finished", [job({ statusName: "FINISHED", deliveryStatus: "READY" })], "AUTOMATED_RESTORE", "READY"],
    ["automated finished needs no URL", [job({ statusName: "FINISHED" })], "AUTOMATED_RESTORE", "READY"],
  ] as const)("%s → %s", (_name, jobs, method, expected) => {
    expect(batchStatus([...jobs], method).status).toBe(expected);
  });
});

describe("outputs", () => {
  test("maps a batch: batchId, ids, URLs (url, else urlV2), earliest expiry, per-part lines", () => {
    const a = { ...readyHttp("a"), batchId: "b1" };
    const b = { ...readyHttp("b"), batchId: "b1", delivery: { ...readyHttp("b").delivery, url: undefined, urlV2: "https://v2/b", expires: "2026-11-29T12:30:00Z" } };
    const out = toOutputs([a, b], "HTTP");
    expect(out).toMatchObject({ batchId: "b1", jobIds: ["a", "b"], deliveryUrls: ["https://dl/a", "https://v2/b"], status: "READY", expiresAt: "2026-11-29T12:30:00Z" });
    expect(out.statusDetail).toEqual(["a FINISHED/READY (READY)", "b FINISHED/READY (READY)"]);
  });
  test("a replica-set job has no batchId and no undefined values", () => {
    const out = toOutputs([job()], "HTTP");
    expect("batchId" in out).toBe(false);
    expect(JSON.stringify(out)).not.toContain("undefined");
  });
});

/** Controls: the contract checks reject what the spec forbids (so a pass means something). */
import { requestContract, responseContract } from "./openapi-contract";

test("a job with a non-hex id, a string flag or a non-array deliveryUrl breaks the response contract", () => {
  expect(() => responseContract("restoreJob", "GET", 200, { id: "nothex", deliveryType: "download" })).toThrow(/id must match pattern/);
  expect(() => responseContract("restoreJob", "GET", 200, { id: "6b9a1c0387d9d61443b4c103", deliveryType: "download", cancelled: "no" })).toThrow(/cancelled must be boolean/);
  expect(() => responseContract("restoreJobs", "GET", 200, { results: [{ deliveryType: "download", deliveryUrl: "x" }] })).toThrow(/deliveryUrl must be array/);
  expect(() => responseContract("restoreJobs", "POST", 409, { error: 409 })).toThrow(/errorCode/);
  expect(() => responseContract("restoreJob", "DELETE", 204, { unexpected: true })).toThrow(/no body/);
  expect(() => responseContract("restoreJob", "DELETE", 201, undefined)).toThrow(/declares no 201/);
});

test("request bodies: deliveryType required, int32 seconds, patterns, no readOnly fields", () => {
  expect(() => requestContract("restoreJobs", "POST", { deliveryType: "download", snapshotId: "6b9a1c0387d9d61443b4c103" })).not.toThrow();
  expect(() => requestContract("restoreJobs", "POST", { snapshotId: "6b9a1c0387d9d61443b4c103" })).toThrow(/deliveryType/);
  expect(() => requestContract("restoreJobs", "POST", { deliveryType: "pointInTime", pointInTimeUTCSeconds: 1_754_790_000_000 })).toThrow(/int32/);
  expect(() => requestContract("restoreJobs", "POST", { deliveryType: "automated", targetGroupId: "DR" })).toThrow(/pattern/);
  expect(() => requestContract("restoreJobs", "POST", { deliveryType: "download", cancelled: false })).toThrow(/readOnly field\(s\) cancelled/);
});

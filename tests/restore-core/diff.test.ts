import { diffRestore, UNKNOWN } from "../../provider/restore-core";
import { legacyRestoreAdapter } from "../../provider/restore-job";
import { cloudRestoreAdapter } from "../../provider/cloud-backup-job";

const keysOf = (a: typeof legacyRestoreAdapter | typeof cloudRestoreAdapter) => ({ restoreDefiningKeys: a.restoreDefiningKeys, settingKeys: a.settingKeys, defaults: a.check.defaults });
/** The core's diff as a RestoreJob runs it; the stored restore is known by its batch id. */
const diffInputs = (olds: Record<string, unknown>, news: Record<string, unknown>) => diffRestore(keysOf(legacyRestoreAdapter), olds, news, ["5a69049d87d9d62a94d01adc"]);

const base = {
  projectId: "6b99999887d9d61443b41657",
  clusterName: "Cluster0",
  snapshotId: "5a681ff180eef54e09de20d1",
  delivery: { methodName: "HTTP", maxDownloads: 1 },
  waitFor: "ready",
  waitTimeoutMinutes: 240,
};
// olds are stored outputs: inputs plus computed values.
const olds = { ...base, batchId: "5a69049d87d9d62a94d01adc", status: "READY", __provider: "old text" };

describe("diff: what replaces and what updates", () => {
  test("no change (computed outputs and provider text are not inputs)", () => {
    expect(diffInputs(olds, { ...base, __provider: "new text" })).toEqual({ changes: false, replaces: [], updates: [] });
  });
  test("numeric strings equal numbers", () => {
    expect(diffInputs({ ...olds, delivery: { methodName: "HTTP", maxDownloads: "1" } }, base).changes).toBe(false);
  });
  test.each([
    ["projectId", { projectId: "5f1e3d2c1b0a998877665544" }],
    ["clusterName", { clusterName: "Cluster1" }],
    ["snapshotId", { snapshotId: "5b1a2c3d4e5f6a7b8c9d0e1f" }],
    ["delivery", { delivery: { methodName: "HTTP", maxDownloads: 2 } }],
    ["pointInTimeUTCMillis", { pointInTimeUTCMillis: 1764414000000 }],
    ["trigger", { trigger: "drill 2" }],
    ["adopt", { adopt: "5b1a2c3d4e5f6a7b8c9d0e1f" }],
  ])("changing %s replaces (a new restore)", (key, change) => {
    const d = diffInputs(olds, { ...base, ...change });
    expect(d.changes).toBe(true);
    expect(d.replaces).toContain(key);
  });
  test.each([
    ["waitFor", { waitFor: "none" }],
    ["waitTimeoutMinutes", { waitTimeoutMinutes: 30 }],
    ["concurrencyLimit", { concurrencyLimit: { group: "g", max: 2 } }],
  ])("changing %s is an in-place update, never a new restore", (key, change) => {
    expect(diffInputs(olds, { ...base, ...change })).toEqual({ changes: true, replaces: [], updates: [key] });
  });
  test("an unknown restore-defining value (preview) shows as a replacement", () => {
    expect(diffInputs(olds, { ...base, snapshotId: UNKNOWN }).replaces).toEqual(["snapshotId"]);
  });
});

describe("diff: an outcome still owed (the real engine's refresh drops init errors)", () => {
  test.each([
    ["FAILED", "report the failure"],
    ["IN_PROGRESS", "resume waiting"],
  ])("stored status %s with unchanged inputs: an update that will %s", (status, owed) => {
    expect(diffInputs({ ...olds, status }, base)).toEqual({ changes: true, replaces: [], updates: [], owed });
  });
  test.each(["READY", "EXPIRED", "constructor", "toString"])("stored status %s: nothing owed", (status) => {
    expect(diffInputs({ ...olds, status }, base)).toEqual({ changes: false, replaces: [], updates: [] });
  });
  test("EXPIRED links of a restore seen READY once: nothing owed; EXPIRED before it was ever ready: the failure is owed", () => {
    const timed = { ...olds, parts: [] };
    expect(diffInputs({ ...timed, status: "EXPIRED", readyAt: "2026-12-01T00:00:00Z" }, base).owed).toBeUndefined();
    expect(diffInputs({ ...timed, status: "EXPIRED" }, base).owed).toBe("report the failure");
  });
  test.each([
    ["CANCELLED", "report the failure"],
    ["COMPLETED", undefined],
  ])("Cloud Backup's stored status %s: owed %s", (status, owed) => {
    const cloud = { projectId: base.projectId, clusterName: "C", deliveryType: "download", snapshotId: base.snapshotId, waitFor: "ready", waitTimeoutMinutes: 240 };
    expect(diffRestore(keysOf(cloudRestoreAdapter), { ...cloud, status, parts: [] }, cloud, ["j"]).owed).toBe(owed);
  });
  test("CANCELLED after it was seen usable (a destroy that died after its cancel reached Atlas): the failure is still owed", () => {
    const cloud = { projectId: base.projectId, clusterName: "C", deliveryType: "download", snapshotId: base.snapshotId, waitFor: "ready", waitTimeoutMinutes: 240 };
    const used = { ...cloud, parts: [], readyAt: "2026-12-01T00:00:00Z" };
    expect(diffRestore(keysOf(cloudRestoreAdapter), { ...used, status: "CANCELLED" }, cloud, ["j"]).owed).toBe("report the failure");
    expect(diffRestore(keysOf(cloudRestoreAdapter), { ...used, status: "EXPIRED" }, cloud, ["j"]).owed).toBeUndefined();
  });
  test("waitFor none: nobody waits for the outcome, so nothing is owed", () => {
    expect(diffInputs({ ...olds, status: "FAILED", waitFor: "none" }, { ...base, waitFor: "none" }).changes).toBe(false);
  });
  test("a replacement is a new restore: nothing owed by the old one", () => {
    const d = diffInputs({ ...olds, status: "FAILED" }, { ...base, snapshotId: "5b1a2c3d4e5f6a7b8c9d0e1f" });
    expect(d.owed).toBeUndefined();
    expect(d.replaces).toEqual(["snapshotId"]);
  });
});

describe("diff: adopt (issue 9 item 3, issue 17 item 3): never a new restore", () => {
  test("adding adopt with the id of the restore the resource already holds: an update, no replacement", () => {
    expect(diffInputs(olds, { ...base, adopt: "5a69049d87d9d62a94d01adc" })).toEqual({ changes: true, replaces: [], updates: ["adopt"] });
  });
  const adopted = { ...olds, adopt: "5a69049d87d9d62a94d01adc" };
  test("removing adopt after the adoption keeps the restore: an update, no replacement", () => {
    expect(diffInputs(adopted, base)).toEqual({ changes: true, replaces: [], updates: ["adopt"] });
  });
  test("removing adopt while changing the restore point still replaces", () => {
    expect(diffInputs(adopted, { ...base, snapshotId: "5b1a2c3d4e5f6a7b8c9d0e1f" }).replaces).toEqual(["snapshotId"]);
  });
  test("adopting another id replaces", () => {
    expect(diffInputs(adopted, { ...base, adopt: "5b1a2c3d4e5f6a7b8c9d0e1f" }).replaces).toEqual(["adopt"]);
  });
});

/** The built-in drill plan (drill/builtin-plan.ts): in step with the emulator's seed world, and never a target nobody named. */
import { BUILTIN_ENTRY_KEYS, BUILTIN_PLAN, builtinPlan, idsOfEntries, parseEntries, targetIdsOfEntries } from "../../drill/builtin-plan";
import { DEFAULT_FIXTURES } from "../../emulator";
import type { ClusterFixture } from "../../emulator/fixture-schema";

function cluster(projectId: string, name: string): ClusterFixture | undefined {
  return DEFAULT_FIXTURES.projects.find((p) => p.id === projectId)?.clusters?.find((c) => c.name === name);
}

test("four entries, one of each kind, each on a seed cluster of the API it names, from a completed non-fallback snapshot", () => {
  expect(Object.keys(BUILTIN_PLAN.entries)).toEqual(["legacy-download", "legacy-dr", "cloud-download", "cloud-dr"]);
  const kinds = Object.values(BUILTIN_PLAN.entries).map((e) => `${e.api} ${e.delivery.type}`);
  expect(kinds).toEqual(["legacy download", "legacy automated", "cloudBackup download", "cloudBackup automated"]);
  for (const [key, e] of Object.entries(BUILTIN_PLAN.entries)) {
    const source = cluster(e.source.projectId, e.source.clusterName);
    expect({ key, backup: source?.backup ?? "legacy" }).toEqual({ key, backup: e.api === "cloudBackup" ? "cloud" : "legacy" });
    expect("snapshotId" in e.restorePoint).toBe(true); // pinned: the advice
    const snapshot = source?.snapshots?.find((s) => "snapshotId" in e.restorePoint && s.id === e.restorePoint.snapshotId);
    expect({ key, snapshot: snapshot?.snapshotType ?? "scheduled", status: snapshot?.status ?? "completed" }).toEqual({ key, snapshot: "scheduled", status: "completed" });
    if (e.delivery.type === "automated") {
      const target = cluster(e.delivery.targetProjectId, e.delivery.targetClusterName);
      expect({ key, target: target?.backup ?? (target ? "legacy" : "missing") }).toEqual({ key, target: e.api === "cloudBackup" ? "cloud" : "legacy" });
      expect(target?.type).toBe(source?.type);
    }
  }
});

test("overwritableTargets lists exactly the targets of the automated entries run, with the ids given", () => {
  expect(BUILTIN_PLAN.overwritableTargets).toEqual(["6d72ec0087d9d61443b4d001/DrReplicaSet0", "6d72ec0087d9d61443b4d001/DrCloudReplicaSet0"]);
  const atlas = builtinPlan({ entries: ["legacy-download", "cloud-dr"], ids: { projectId: "5e2211c17a3e5a48f5497de3", drProjectId: "5e2211c17a3e5a48f5497de4", drCloudCluster: "Drill" } });
  expect(Object.keys(atlas.entries)).toEqual(["legacy-download", "cloud-dr"]);
  expect(atlas.overwritableTargets).toEqual(["5e2211c17a3e5a48f5497de4/Drill"]);
  expect(atlas.entries["cloud-dr"].source.projectId).toBe("5e2211c17a3e5a48f5497de3");
  expect(builtinPlan({ entries: ["legacy-download", "cloud-download"] }).overwritableTargets).toEqual([]);
});

test("objectives and waiting: RTO 60 minutes unless set, no RPO target unless set", () => {
  expect(BUILTIN_PLAN.defaults).toEqual({ rtoTargetMinutes: 60, waitTimeoutMinutes: 60 });
  expect(builtinPlan({ rtoTargetMinutes: 15, rpoTargetMinutes: 1440, waitTimeoutMinutes: 5 }).defaults).toEqual({ rtoTargetMinutes: 15, rpoTargetMinutes: 1440, waitTimeoutMinutes: 5 });
});

test("entries by name or by API; the ids and targets each subset reads", () => {
  expect(parseEntries("cloudBackup")).toEqual(["cloud-download", "cloud-dr"]);
  expect(parseEntries(" cloud-dr , legacy-download,cloud-dr")).toEqual(["legacy-download", "cloud-dr"]); // plan order, once each
  expect(() => parseEntries("constructor")).toThrow(/unknown entry "constructor"/);
  expect(() => parseEntries(" , ")).toThrow("entries: name at least one entry.");
  expect(idsOfEntries(["legacy-download"])).toEqual(["projectId", "shardedCluster", "shardedSnapshotId"]);
  expect(idsOfEntries(BUILTIN_ENTRY_KEYS)).toHaveLength(12);
  expect(targetIdsOfEntries(["legacy-dr", "cloud-download", "cloud-dr"])).toEqual(["drProjectId/drCluster", "drProjectId/drCloudCluster"]);
});

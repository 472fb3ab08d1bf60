/**
 * The conformance suite's refresh and adopt scenarios under the real engine (the built CLI
 * through the Automation API, the packed package), over every way to declare a restore:
 * RestoreJob, CloudBackupRestoreJob and a DisasterRecoveryPlan entry of each API. The real engine
 * is where refresh drops init errors, so this is where "a failure keeps failing" is proven. And the
 * plan's concurrency bound with a failing entry (issue 17 item 6), as the drill runner runs it,
 * and its slots going to the longest chain first (issue 21) in the order the real engine asks in.
 */
import { startEmulator, type Emulator } from "../../emulator";
import type { DisasterRecoveryPlanArgs, DrPlanEntryArgs } from "../../provider";
import { creates, restores } from "../conformance/helpers";
import { peakConcurrency, restoreSpans } from "../dr-plan/log-analysis";
import type { Api } from "../conformance/subjects";
import { newSource, newTarget, type SourceCluster, type TargetCluster } from "../conformance/world";
import { limit } from "../helpers/limit";
import { describeRealEngine, openRealStack, type OpResult, type ResourceSpec, type StateResource } from "./harness";

jest.setTimeout(300_000);

const SCALE = 20;
const CONTINUE = { options: { continueOnError: true } };

interface Subject {
  name: string;
  api: Api;
  /** The program's resources declaring `restores` (name → declaration). */
  resources(restores: Record<string, { source: SourceCluster; target: TargetCluster; adopt?: string }>): ResourceSpec[];
  /** The state resource of a declaration. */
  urnSuffix(name: string): string;
}

const resource = (name: string, api: Api): Subject => ({
  name,
  api,
  resources: (restores) =>
    Object.entries(restores).map(([n, d]) => ({
      name: n,
      ...(api === "cloudBackup" ? { kind: "cloud" as const } : {}),
      args:
        api === "legacy"
          ? { projectId: d.source.projectId, clusterName: d.source.name, snapshotId: d.source.snapshotId, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: d.target.projectId, targetClusterName: d.target.name }, waitTimeoutMinutes: 5, ...(d.adopt ? { adopt: d.adopt } : {}) }
          : { projectId: d.source.projectId, clusterName: d.source.name, snapshotId: d.source.snapshotId, deliveryType: "automated", targetProjectId: d.target.projectId, targetClusterName: d.target.name, waitTimeoutMinutes: 5, ...(d.adopt ? { adopt: d.adopt } : {}) },
    })),
  urnSuffix: (n) => `::${n}`,
});

const planEntry = (name: string, api: Api): Subject => ({
  name,
  api,
  resources: (restores) => {
    const entries: Record<string, DrPlanEntryArgs> = Object.fromEntries(
      Object.entries(restores).map(([n, d]) => [
        n,
        {
          source: { projectId: d.source.projectId, clusterName: d.source.name },
          api,
          restorePoint: { snapshotId: d.source.snapshotId },
          delivery: { type: "automated", targetProjectId: d.target.projectId, targetClusterName: d.target.name },
          waitTimeoutMinutes: 5,
          ...(d.adopt ? { adopt: d.adopt } : {}),
        },
      ]),
    );
    const plan: DisasterRecoveryPlanArgs = { entries, overwritableTargets: Object.values(restores).map((d) => `${d.target.projectId}/${d.target.name}`) };
    return [{ name: "plan", kind: "plan", args: plan as unknown as Record<string, unknown> }];
  },
  urnSuffix: (n) => `::plan-${n}`,
});

const SUBJECTS: Subject[] = [resource("RestoreJob", "legacy"), resource("CloudBackupRestoreJob", "cloudBackup"), planEntry("plan entry (legacy)", "legacy"), planEntry("plan entry (Cloud Backup)", "cloudBackup")];

const stored = (r: OpResult, s: Subject, name: string): StateResource | undefined => (r.deployment?.resources ?? []).find((x) => x.urn.endsWith(s.urnSuffix(name)));

/** Stacks at a time: each holds a driver, the CLI and the plugin (about 400 MB), and CPU is 2 cores. */
const inTurn = limit(2);

describeRealEngine("real engine: the conformance suite's refresh and adopt scenarios, over every resource", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: SCALE, rateLimit: false });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  // Each scenario on a stack of its own, two at a time (their waits on emulated time overlap).
  test.concurrent.each(SUBJECTS)("$name: a failed restore fails up, still fails after refresh (which drops init errors); adopt added and removed on another: updates, never a create", (subject) =>
    inTurn(async () => {
      const stack = await openRealStack({ project: `re-conf-${subject.api}-${subject.name.startsWith("plan") ? "plan" : "res"}`, emulator, config: { "atlas-restore:serverTimeScale": String(SCALE) } });
      try {
        const broken = { source: newSource(emulator, subject.api, { outcome: "BROKEN" }), target: newTarget(emulator, subject.api) };
        const good = { source: newSource(emulator, subject.api), target: newTarget(emulator, subject.api) };

        const first = await stack.op("up", subject.resources({ broken, good }), CONTINUE);
        expect(first.ok).toBe(false);
        expect(first.output).toMatch(/failed/);
        expect(stored(first, subject, "broken")?.outputs?.status).toBe("FAILED");
        const goodId = stored(first, subject, "good")?.id;
        expect(goodId).toBeDefined();

        const refreshed = await stack.op("refresh", subject.resources({ broken, good }), CONTINUE);
        expect(refreshed.error).toBeUndefined();
        expect(stored(refreshed, subject, "broken")?.initErrors ?? []).toEqual([]);

        // The same declarations plus `adopt` of the restore "good" already holds.
        const adopted = await stack.op("up", subject.resources({ broken, good: { ...good, adopt: goodId!.split("/")[2] } }), CONTINUE);
        expect(adopted.ok).toBe(false);
        expect(adopted.output).toMatch(/stored as FAILED: re-reading it to report the failure/);
        expect(stored(adopted, subject, "good")?.id).toBe(goodId);

        const removed = await stack.op("up", subject.resources({ broken, good }), CONTINUE);
        expect(removed.ok).toBe(false); // the broken restore keeps failing
        expect(stored(removed, subject, "good")?.id).toBe(goodId);
        expect([creates(emulator, broken.source), creates(emulator, good.source)]).toEqual([1, 1]);
        expect([restores(emulator, subject.api, broken.source).length, restores(emulator, subject.api, good.source).length]).toEqual([1, 1]);
      } finally {
        stack.remove();
      }
    }),
  );

  test.concurrent("item 6: a plan bounded to 1 restore at a time with a failing first entry: the independent entries still run", () => inTurn(async () => {
    const stack = await openRealStack({ project: "re-conf-bound", emulator, config: { "atlas-restore:serverTimeScale": String(SCALE) } });
    try {
      const sources = [newSource(emulator, "legacy", { outcome: "BROKEN" }), newSource(emulator, "legacy"), newSource(emulator, "cloudBackup")];
      const targets = [newTarget(emulator, "legacy"), newTarget(emulator, "legacy"), newTarget(emulator, "cloudBackup")];
      const apis: Api[] = ["legacy", "legacy", "cloudBackup"];
      const plan: DisasterRecoveryPlanArgs = {
        entries: Object.fromEntries(
          sources.map((s, i) => [`e${i}`, { source: { projectId: s.projectId, clusterName: s.name }, api: apis[i], restorePoint: { snapshotId: s.snapshotId }, delivery: { type: "automated", targetProjectId: targets[i].projectId, targetClusterName: targets[i].name } }]),
        ),
        overwritableTargets: targets.map((t) => `${t.projectId}/${t.name}`),
        maxConcurrentRestores: 1,
      };
      const r = await stack.op("up", [{ name: "bounded", kind: "plan", args: plan as unknown as Record<string, unknown> }], CONTINUE);
      expect(r.ok).toBe(false);
      const status = (k: string) => (r.deployment?.resources ?? []).find((x) => x.urn.endsWith(`::bounded-${k}`))?.outputs?.status;
      expect([status("e0"), status("e1"), status("e2")]).toEqual(["FAILED", "READY", "COMPLETED"]);
      expect(sources.map((s) => creates(emulator, s))).toEqual([1, 1, 1]);
    } finally {
      stack.remove();
    }
  }));

  test.concurrent("a plan bounded to 2: the entry that starts the longest after chain takes a slot first, in the order the real engine asks in", () => inTurn(async () => {
    const stack = await openRealStack({ project: "re-conf-rank", emulator, config: { "atlas-restore:serverTimeScale": String(SCALE) } });
    try {
      // Three independent downloads declared first, then a chain a → b → c (see plan-integrity.test.ts).
      const keys = ["x1", "x2", "x3", "a", "b", "c"];
      const sources = keys.map(() => newSource(emulator, "legacy"));
      const after: Record<string, string[]> = { b: ["a"], c: ["b"] };
      const plan: DisasterRecoveryPlanArgs = {
        entries: Object.fromEntries(
          keys.map((k, i) => [k, { source: { projectId: sources[i].projectId, clusterName: sources[i].name }, api: "legacy", restorePoint: { snapshotId: sources[i].snapshotId }, delivery: { type: "download" }, ...(after[k] ? { after: after[k] } : {}) }]),
        ),
        maxConcurrentRestores: 2,
      };
      const r = await stack.op("up", [{ name: "ranked", kind: "plan", args: plan as unknown as Record<string, unknown> }]);
      expect(r.ok).toBe(true);
      const key = new Map(sources.map((s, i) => [s.name, keys[i]]));
      const spans = [...restoreSpans(emulator)].filter(([cluster]) => key.has(cluster));
      const order = spans.sort(([, p], [, q]) => p.post - q.post).map(([cluster]) => key.get(cluster));
      expect(order.slice(0, 2)).toContain("a");
      expect(order.slice(2, 4)).toContain("b");
      expect(peakConcurrency(new Map(spans))).toBe(2);
      expect(sources.map((s) => creates(emulator, s))).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      stack.remove();
    }
  }));
});

/**
 * The examples under the real engine: each compiled with its own tsconfig.json, its program placed
 * in the user project that holds the packed package, then `pulumi preview` (the plan, no request)
 * and, for http-download, `pulumi up` twice (READY, then no changes and no second POST).
 */
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_IDS as IDS, startEmulator, type Emulator } from "../../emulator";
import { compile, copyExample } from "../examples/example-project";
import { postsSent } from "../reliability/helpers";
import { describeRealEngine, openRealStack, packedProject, type ConfigValue } from "./harness";

jest.setTimeout(300_000);

const EXAMPLES: Record<string, { project: string; config: Record<string, ConfigValue>; creates: number }> = {
  "http-download": {
    project: "http-download",
    config: { "http-download:projectId": IDS.projectId, "http-download:clusterName": IDS.orders0.name, "http-download:snapshotId": IDS.orders0.snapshotId },
    creates: 1,
  },
  "sharded-cluster": {
    project: "sharded-cluster",
    config: { "sharded-cluster:projectId": IDS.projectId, "sharded-cluster:clusterName": IDS.cluster0.name, "sharded-cluster:snapshotId": IDS.cluster0.snapshotId },
    creates: 1,
  },
  "dr-plan": {
    project: "dr-plan",
    config: {
      "dr-plan:projectId": IDS.projectId,
      "dr-plan:drProjectId": IDS.drProjectId,
      "dr-plan:plan": JSON.stringify([
        { source: IDS.replicaSet0.name, snapshotId: IDS.replicaSet0.snapshotId, target: IDS.drReplicaSet0.name },
        { source: IDS.orders0.name, snapshotId: IDS.orders0.snapshotId, target: IDS.drOrders0.name },
      ]),
      "dr-plan:overwritableTargets": JSON.stringify([IDS.drReplicaSet0.name, IDS.drOrders0.name].map((c) => `${IDS.drProjectId}/${c}`)),
    },
    creates: 3, // the DisasterRecoveryPlan component and its two RestoreJobs
  },
};

/** Compiles examples/<name> as a user would and puts the program inside the packed user project. */
async function programOf(example: string): Promise<string> {
  const copy = copyExample(example);
  try {
    const { code, output } = await compile(copy);
    expect({ code, output }).toEqual({ code: 0, output: "" });
    const dir = mkdtempSync(join(await packedProject(), `program-${example}-`));
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(copy.dir, "bin", "index.js"), join(dir, "index.js"));
    return join(dir, "index.js");
  } finally {
    copy.remove();
  }
}

describeRealEngine("real engine: the examples", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 20 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test.each(Object.keys(EXAMPLES))("pulumi preview of examples/%s: the plan, and no request to Atlas", async (example) => {
    const e = EXAMPLES[example];
    const stack = await openRealStack({ project: e.project, emulator, config: e.config });
    try {
      emulator.clearRequestLog();
      const r = await stack.opModule("preview", await programOf(example));
      expect(r.error).toBeUndefined();
      expect(r.changeSummary).toEqual({ create: e.creates + 1 });
      expect(emulator.requestLog.filter((x) => x.path.startsWith("/api/"))).toEqual([]);
    } finally {
      stack.remove();
    }
  });

  test("pulumi up of examples/http-download: READY with its secret URL; a second up changes nothing", async () => {
    const e = EXAMPLES["http-download"];
    const stack = await openRealStack({ project: e.project, emulator, config: e.config });
    try {
      const program = await programOf("http-download");
      const up = await stack.opModule("up", program);
      expect(up.error).toBeUndefined();
      expect(up.outputs.status).toEqual({ value: "READY", secret: false });
      expect(up.outputs.deliveryUrls).toEqual({ value: [emulator.jobs({ clusterName: IDS.orders0.name })[0].delivery.url], secret: true });
      const again = await stack.opModule("up", program);
      expect(again.summary?.resourceChanges).toEqual({ same: 2 });
      expect(postsSent(emulator, IDS.orders0.name)).toBe(1);
      const destroyed = await stack.opModule("destroy", program);
      expect(destroyed.error).toBeUndefined();
    } finally {
      stack.remove();
    }
  });
});

/**
 * The packaged provider (`atlas-restore`, the plugin `pulumi-resource-atlas-restore`) from the
 * languages the dynamic provider cannot reach, each as its user runs it with the real `pulumi` CLI
 * and that language's host: the YAML and Python examples' READMEs (readme-run.ts: preview, up, up
 * again, refresh, destroy, POSTs, secrets, a secret scan), and a Go program through the generated Go
 * SDK. The same program as TypeScript (the dynamic provider, through the Automation API) runs on
 * the same emulator first: each language must give the same POST counts, the same outputs, the same
 * secret URLs, and the same error for a target the plan does not allow.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_IDS, startEmulator, type Emulator } from "../../emulator";
import type { DisasterRecoveryPlanArgs } from "../../provider";
import { checkPlan, planError } from "../../provider/dr-plan";
import { REPO_ROOT } from "../helpers/plugin-session";
import { postsSent, scanForSecrets } from "../reliability/helpers";
import { openCliProject, type CliProject } from "./cli-project";
import { describeRealEngine, openRealStack, readTree, type OpResult, type RealStack } from "./harness";
import { packagedBuild, packagedStackLines, type PackagedBuild } from "./packaged-build";
import { describeReadmeRun, type Expected, type Outputs, type ReadmeRun } from "./readme-run";

jest.setTimeout(600_000);

const SCALE = 50;
const PROJECT = "6b99999887d9d61443b41657";
const DR_PROJECT = "6d72ec0087d9d61443b4d001";
const ALLOWED = `${DR_PROJECT}/DrCloudReplicaSet0`;
const NOT_ALLOWED = `${DR_PROJECT}/DrReplicaSet0`;

/** The examples' program (examples/yaml-dr-plan/Pulumi.yaml, examples/python-restore/__main__.py), in TypeScript. */
const plan = (overwritableTargets: string[]): DisasterRecoveryPlanArgs => ({
  entries: {
    orders: { source: { projectId: PROJECT, clusterName: "Orders0" }, api: "legacy", restorePoint: { snapshotId: "6b9a100387d9d61443b4b003" }, delivery: { type: "download" }, rtoTargetMinutes: 60 },
    customers: {
      source: { projectId: PROJECT, clusterName: "CloudReplicaSet0" },
      api: "cloudBackup",
      restorePoint: { snapshot: { latest: true } },
      delivery: { type: "automated", targetProjectId: DR_PROJECT, targetClusterName: "DrCloudReplicaSet0" },
      rtoTargetMinutes: 240,
    },
  },
  overwritableTargets,
  maxConcurrentRestores: 2,
});
const restoreJob = { projectId: PROJECT, clusterName: "ReplicaSet0", snapshotId: "6b9a100287d9d61443b4b002", delivery: { methodName: "HTTP" } };

/** What must be the same in every language: the outputs without ids and times. */
function comparable(o: { entries: Outputs; summary: Outputs; status: string }) {
  const entries = Object.fromEntries(
    Object.entries(o.entries).map(([k, e]) => [k, { api: e.api, status: e.status, rto: e.rto, rpo: e.rpo, passed: e.passed, rtoTargetSeconds: e.rtoTargetSeconds, resolvedSnapshotId: e.resolvedSnapshotId, parts: e.parts.map((p: Outputs) => [p.name, p.status]), ids: e.ids.length }]),
  );
  return { entries, summary: o.summary, status: o.status };
}

const PACKAGED_EXAMPLE: Expected = {
  resources: 5, // the stack, the plan, its two children, the RestoreJob
  posts: 3,
  statuses: (o) => [...Object.keys(o.entries).sort().map((k) => o.entries[k].status), o.status],
  want: ["COMPLETED", "READY", "READY"],
  secret: ["deliveryUrls", "planDeliveryUrls"],
  urls: (o) => [...o.deliveryUrls, ...Object.values(o.planDeliveryUrls as Record<string, string[]>).flat()],
};

describeRealEngine(
  "real engine: the packaged provider from YAML, Python and Go, as each language's users run it",
  () => {
    let emulator: Emulator;
    let build: PackagedBuild;
    /** The TypeScript program's run (the dynamic provider): what every language must match. */
    let ts: { up: OpResult; posts: number; refused: OpResult; refusedRequests: number };
    let tsStack: RealStack;

    beforeAll(async () => {
      emulator = await startEmulator({ timeScale: SCALE });
      build = await packagedBuild();
      tsStack = await openRealStack({ project: "languages-ts", emulator, config: { "atlas-restore:serverTimeScale": String(SCALE) } });
      const program = (targets: string[]) => [
        { name: "dr", kind: "plan" as const, args: plan(targets) as unknown as Record<string, unknown> },
        { name: "replicaSetDownload", args: restoreJob },
      ];
      const before = postsSent(emulator);
      const up = await tsStack.op("up", program([ALLOWED]));
      const posts = postsSent(emulator) - before;
      await tsStack.op("destroy", program([ALLOWED]));
      const requests = emulator.requestLog.length;
      const refused = await tsStack.op("preview", program([NOT_ALLOWED]));
      ts = { up, posts, refused, refusedRequests: emulator.requestLog.length - requests };
    });
    afterAll(async () => {
      tsStack?.remove();
      await emulator?.close();
    });

    test("the TypeScript program (dynamic provider): 3 restore POSTs, READY / COMPLETED, URLs secret; a target not allowed fails preview, no request", () => {
      expect(ts.up.ok).toBe(true);
      expect(ts.posts).toBe(3);
      expect(ts.up.outputs.drUrls.secret).toBe(true);
      expect(ts.up.outputs.replicaSetDownloadUrls.secret).toBe(true);
      expect(ts.refused.ok).toBe(false);
      expect(ts.refusedRequests).toBe(0);
    });

    /** The plan error for a target that is not allowed, as the TypeScript component throws it. */
    const refusal = () => planError("dr", checkPlan(plan([NOT_ALLOWED]))).message;
    const containsMessage = (output: string, message: string) => message.split("\n").every((l) => output.includes(l.trim()));

    const sameAsTypeScript = (language: string, run: () => ReadmeRun) => {
      test(`${language} behaves as the TypeScript program: the same POSTs, outputs and secret URLs`, () => {
        const r = run();
        expect(r.upPosts()).toBe(ts.posts);
        const tsOut = ts.up.outputs;
        const theirs = r.afterUp!.shown;
        expect(comparable({ entries: theirs.entries, summary: theirs.summary, status: theirs.status })).toEqual(
          comparable({ entries: (tsOut.dr.value as Outputs).entries, summary: (tsOut.dr.value as Outputs).summary, status: (tsOut.replicaSetDownload.value as Outputs).status }),
        );
        expect([r.afterUp!.masked.deliveryUrls, r.afterUp!.masked.planDeliveryUrls]).toEqual(["[secret]", "[secret]"]);
      });

      test(`${language}: a target not in overwritableTargets fails preview with TypeScript's message, and no request`, async () => {
        const r = run();
        const { project } = r;
        await project.sh(`pulumi config set --path 'overwritableTargets[0]' ${NOT_ALLOWED}`);
        const preview = await project.sh("pulumi preview");
        expect(preview.code).not.toBe(0);
        expect(preview.requests).toEqual([]);
        const message = refusal();
        expect(containsMessage(preview.stdout + preview.stderr, message)).toBe(true);
        expect(containsMessage(ts.refused.output + (ts.refused.error ?? ""), message)).toBe(true);
      });
    };

    for (const example of ["yaml-dr-plan", "python-restore"]) {
      describeReadmeRun(example, PACKAGED_EXAMPLE, async () => ({ emulator, values: { pluginArchive: build.archive, pythonSdk: build.pythonSdk } }), (run) =>
        sameAsTypeScript(example.startsWith("yaml") ? "Pulumi YAML" : "Python", run),
      );
    }

    describe("Go: the generated SDK compiles and a program runs up", () => {
      let project: CliProject;
      const steps: Record<string, { code: number; posts: number; out: string; ms: number }> = {};
      beforeAll(async () => {
        project = openCliProject("go-restore", emulator, join(REPO_ROOT, "tests/real-engine/programs/go-restore"));
        writeFileSync(
          join(project.dir, "go.mod"),
          `module go-restore\n\ngo 1.24\n\nrequire pulumi-atlas-restore/sdk/go v0.0.0\n\nreplace pulumi-atlas-restore/sdk/go => ${build.goSdk}\n`,
        );
        mkdirSync(project.stateDir, { recursive: true });
        const lines = [
          "GOFLAGS=-mod=mod go mod tidy",
          ...packagedStackLines(build, project, emulator, { stack: "dev", serverTimeScale: SCALE }),
          `pulumi config set projectId ${FIXTURE_IDS.projectId}`,
          "GOFLAGS=-mod=mod pulumi up --yes --skip-preview",
          "pulumi stack output --json",
          "GOFLAGS=-mod=mod pulumi destroy --yes --skip-preview",
        ];
        for (const line of lines) {
          const r = await project.sh(`GOTOOLCHAIN=local ${line}`, line);
          steps[line.replace(/^GOFLAGS=\S+ /, "").replace(/^pulumi (up|destroy) .*/, "$1")] = { code: r.code, posts: r.posts, out: r.stdout + r.stderr, ms: r.ms };
          if (r.code !== 0) break;
        }
        const figures = ["go mod tidy", "up", "destroy"].filter((k) => steps[k]).map((k) => `${k} ${(steps[k].ms / 1000).toFixed(1)} s${steps[k].posts ? ` (${steps[k].posts} POST)` : ""}`);
        process.stdout.write(`[real-engine] go-restore: ${figures.join(", ")}\n`);
      });
      afterAll(() => project?.remove());

      test("up: one restore POST, READY, the delivery URLs secret; destroy succeeds; no secret in state, console or home", () => {
        const failed = Object.entries(steps).find(([, s]) => s.code !== 0);
        if (failed) throw new Error(`\`${failed[0]}\` exited ${failed[1].code}:\n${failed[1].out}`);
        expect(steps.up.posts).toBe(1);
        const outputs = JSON.parse(steps["pulumi stack output --json"].out);
        expect(outputs).toEqual({ status: "READY", deliveryUrls: "[secret]" });
        const corpus = new Map<string, string>(Object.entries(steps).map(([k, s]) => [k, s.out]));
        for (const dir of [project.stateDir, project.homeDir]) for (const f of readTree(dir, /\/plugins\//)) corpus.set(f.path, f.text);
        const secrets: Record<string, string> = { privateKey: emulator.privateKey };
        emulator.jobs().forEach((j, i) => j.delivery.url && (secrets[`url${i}`] = j.delivery.url));
        expect(scanForSecrets(corpus, secrets)).toEqual([]);
      });
    });
  },
  ["yaml", "python", "go"],
);

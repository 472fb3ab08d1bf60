/**
 * The conformance suite's lost-answer, refresh and adopt scenarios (tests/conformance), once
 * through the packaged provider: a Pulumi YAML program under the real CLI, its resources written
 * before each operation as the user edits the program. One scenario per declaration kind, so each
 * path of the packaged door is crossed once: a RestoreJob (legacy), a CloudBackupRestoreJob, and
 * a DisasterRecoveryPlan entry (the plugin's construct). Counted at the emulator, as there.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { createPath, creates, restores, someoneElsesRestore } from "../conformance/helpers";
import { newSource, newTarget } from "../conformance/world";
import { REPO_ROOT } from "../helpers/plugin-session";
import { scanForSecrets } from "../reliability/helpers";
import { openCliProject, type CliProject, type CommandRun } from "./cli-project";
import { describeRealEngine, readTree, type StateResource } from "./harness";
import { packagedBuild, packagedStackLines } from "./packaged-build";

jest.setTimeout(300_000);

const SCALE = 20;

describeRealEngine(
  "real engine: the conformance suite's lost-answer, refresh and adopt scenarios through the packaged provider (Pulumi YAML)",
  () => {
    let emulator: Emulator;
    let project: CliProject;
    const runs: CommandRun[] = [];
    const sh = async (line: string) => {
      const r = await project.sh(line);
      runs.push(r);
      return r;
    };
    /** The program's resources (name → type and properties), as the user last wrote them. */
    const write = (resources: Record<string, { type: string; properties: Record<string, unknown> }>) =>
      writeFileSync(join(project.dir, "Pulumi.yaml"), `name: packaged-conformance\nruntime: yaml\nresources: ${JSON.stringify(resources)}\n`);
    const state = async (): Promise<StateResource[]> => JSON.parse((await project.pulumi(["stack", "export"])).stdout).deployment.resources ?? [];
    const stored = async (suffix: string) => (await state()).find((r) => r.urn.endsWith(`::${suffix}`));

    beforeAll(async () => {
      emulator = await startEmulator({ timeScale: SCALE, rateLimit: false });
      const build = await packagedBuild();
      project = openCliProject("packaged-conformance", emulator, join(REPO_ROOT, "tests/real-engine/programs/yaml-conformance"));
      for (const line of [...packagedStackLines(build, project, emulator, { stack: "conformance", serverTimeScale: SCALE }), "pulumi config set atlas-restore:requestsPerMinute 100000"]) {
        const r = await sh(line);
        if (r.code !== 0) throw new Error(`${line}: ${r.stdout}${r.stderr}`);
      }
    });
    afterAll(async () => {
      project?.remove();
      await emulator?.close();
    });

    test("RestoreJob: a lost create answer after Atlas acted: the restore it started is found and adopted, nothing sent again", async () => {
      const source = newSource(emulator, "legacy");
      const target = newTarget(emulator, "legacy");
      write({
        lost: {
          type: "atlas-restore:index:RestoreJob",
          properties: { projectId: source.projectId, clusterName: source.name, snapshotId: source.snapshotId, delivery: { methodName: "AUTOMATED_RESTORE", targetProjectId: target.projectId, targetClusterName: target.name }, waitTimeoutMinutes: 2 },
        },
      });
      emulator.faults.dropNextResponse({ method: "POST", path: createPath(source) });
      const up = await sh("pulumi up --yes --skip-preview");
      expect(up.code).toBe(0);
      const held = restores(emulator, "legacy", source);
      expect([creates(emulator, source), held.length]).toEqual([1, 1]);
      const r = await stored("lost");
      expect(r?.id).toBe(`${source.projectId}/${source.name}/${held[0].id}`);
      expect(r?.outputs?.status).toBe("READY");
    });

    test("CloudBackupRestoreJob: a failed restore fails up, and still fails after a refresh (which drops init errors); one create", async () => {
      const source = newSource(emulator, "cloudBackup", { outcome: "BROKEN" });
      const target = newTarget(emulator, "cloudBackup");
      write({
        broken: {
          type: "atlas-restore:index:CloudBackupRestoreJob",
          properties: { projectId: source.projectId, clusterName: source.name, snapshotId: source.snapshotId, deliveryType: "automated", targetProjectId: target.projectId, targetClusterName: target.name, waitTimeoutMinutes: 2 },
        },
      });
      const first = await sh("pulumi up --yes --skip-preview");
      expect(first.code).not.toBe(0);
      expect(first.stdout).toMatch(/failed.*recorded in state/s);
      expect((await stored("broken"))?.outputs?.status).toBe("FAILED");
      const refresh = await sh("pulumi refresh --yes --skip-preview");
      expect(refresh.code).toBe(0);
      const again = await sh("pulumi up --yes --skip-preview");
      expect(again.code).not.toBe(0);
      expect(again.stdout).toMatch(/stored as FAILED: re-reading it to report the failure/);
      expect([creates(emulator, source), restores(emulator, "cloudBackup", source).length]).toEqual([1, 1]);
    });

    test("DisasterRecoveryPlan entry: a restore into the target running outside the stack is refused with the id to adopt; adopting it sends no create", async () => {
      const source = newSource(emulator, "cloudBackup");
      const target = newTarget(emulator, "cloudBackup");
      // 5 emulated minutes (15 s here): theirs is still running when `pulumi up` gets to its create,
      // however slowly the CLI starts on a loaded machine.
      emulator.setRestoreBehaviour(source.projectId, source.name, { jobDurationMs: 300_000 });
      const theirs = await someoneElsesRestore(emulator, "cloudBackup", source, target);
      const planWith = (adopt?: string) => ({
        plan: {
          type: "atlas-restore:index:DisasterRecoveryPlan",
          properties: {
            entries: {
              dr: {
                source: { projectId: source.projectId, clusterName: source.name },
                api: "cloudBackup",
                restorePoint: { snapshotId: source.snapshotId },
                delivery: { type: "automated", targetProjectId: target.projectId, targetClusterName: target.name },
                waitTimeoutMinutes: 10,
                ...(adopt ? { adopt } : {}),
              },
            },
            overwritableTargets: [`${target.projectId}/${target.name}`],
          },
        },
      });
      write(planWith());
      const refused = await sh("pulumi up --yes --skip-preview");
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).toMatch(new RegExp(`still running.*No second restore was started.*adopt: "${theirs}"`, "s"));
      expect((await stored("plan-dr"))?.id).toBeUndefined();
      write(planWith(theirs));
      const adopted = await sh("pulumi up --yes --skip-preview");
      expect(adopted.code).toBe(0);
      expect((await stored("plan-dr"))?.id).toBe(`${source.projectId}/${source.name}/${theirs}`);
      expect([creates(emulator, source), restores(emulator, "cloudBackup", source).length]).toEqual([1, 1]); // theirs only
    });

    test("destroy succeeds; no key or delivery URL in console output, state or PULUMI_HOME", async () => {
      write({});
      expect((await sh("pulumi destroy --yes --skip-preview")).code).toBe(0);
      const corpus = new Map<string, string>(runs.map((r, i) => [`${i}: ${r.line}`, r.stdout + r.stderr]));
      for (const dir of [project.stateDir, project.homeDir]) for (const f of readTree(dir, /\/plugins\//)) corpus.set(f.path, f.text);
      const secrets: Record<string, string> = { privateKey: emulator.privateKey };
      emulator.jobs().forEach((j, i) => j.delivery.url && (secrets[`url${i}`] = j.delivery.url));
      expect(scanForSecrets(corpus, secrets)).toEqual([]);
    });
  },
  ["yaml"],
);

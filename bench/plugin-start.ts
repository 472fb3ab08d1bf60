/**
 * Measurement 3: the serialized `__provider` (what every RestoreJob stores in state) and the
 * plugin's cold start: spawn the SDK's real dynamic-provider plugin in a user-shaped project
 * folder (this package linked into its node_modules), then configure → check → create (waitFor
 * "none", so Create answers right after the POST). Timed from spawn to the Create answer.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FIXTURE_IDS, startEmulator } from "../emulator";
import { ProviderPlugin } from "../local-engine/plugin";
import { restoreJobProvider } from "../provider/resource/provider-shim";
import { median, realNow } from "./clock";

const PROJECT_NAME = "restore-bench";
const RESTORE_JOB_TYPE = "pulumi-nodejs:dynamic/atlas:RestoreJob";

/** The checkout's root: the nearest folder up from here whose package.json is this package. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "pulumi-atlas-restore") return dir;
    if (dirname(dir) === dir) throw new Error(`no pulumi-atlas-restore package.json above ${from}`);
  }
}

/** The provider text exactly as `pulumi.dynamic.Resource` stores it in `__provider`. */
export async function serializedProvider(): Promise<string> {
  const { text } = await pulumi.runtime.serializeFunction(() => restoreJobProvider, { allowSecrets: true });
  return text;
}

/** A throwaway Pulumi project folder with this package installed as a link, as a user has it. */
export function makeUserProject(name = PROJECT_NAME): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "atlas-restore-bench-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(repoRoot(), join(dir, "node_modules", "pulumi-atlas-restore"), "dir");
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ColdStart {
  /** Spawn until the plugin printed its gRPC port. */
  spawnMs: number;
  configureMs: number;
  /** First Check: loads the serialized provider and, through it, the installed implementation. */
  checkMs: number;
  /** Create with waitFor "none": the POST (and its digest challenge) to the emulator. */
  createMs: number;
  totalMs: number;
}

export interface PluginFigures {
  providerBytes: number;
  runs: ColdStart[];
  median: ColdStart;
}

export async function measurePlugin(runs = 5): Promise<PluginFigures> {
  const providerText = await serializedProvider();
  const emu = await startEmulator();
  const project = makeUserProject();
  const results: ColdStart[] = [];
  try {
    for (let i = 0; i < runs; i++) results.push(await coldStart(project.dir, providerText, emu, i));
  } finally {
    project.remove();
    await emu.close();
  }
  const pick = (k: keyof ColdStart) => median(results.map((r) => r[k]));
  return {
    providerBytes: Buffer.byteLength(providerText, "utf8"),
    runs: results,
    median: { spawnMs: pick("spawnMs"), configureMs: pick("configureMs"), checkMs: pick("checkMs"), createMs: pick("createMs"), totalMs: pick("totalMs") },
  };
}

async function coldStart(cwd: string, providerText: string, emu: { apiBase: string; publicKey: string; privateKey: string }, i: number): Promise<ColdStart> {
  const t0 = realNow();
  const plugin = await ProviderPlugin.start({ cwd, project: PROJECT_NAME });
  try {
    const t1 = realNow();
    await plugin.configure({
      "mongodbatlas:publicKey": emu.publicKey,
      "mongodbatlas:privateKey": { secret: emu.privateKey },
      "mongodbatlas:baseUrl": emu.apiBase,
    });
    const t2 = realNow();
    const urn = `urn:pulumi:dev::${PROJECT_NAME}::${RESTORE_JOB_TYPE}::cold-${i}`;
    const { inputs, failures } = await plugin.check(urn, {}, {
      __provider: providerText,
      projectId: FIXTURE_IDS.projectId,
      clusterName: FIXTURE_IDS.replicaSet0.name,
      snapshotId: FIXTURE_IDS.replicaSet0.snapshotId,
      delivery: { methodName: "HTTP" },
      waitFor: "none",
    });
    if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    const t3 = realNow();
    const created = await plugin.create(urn, inputs);
    const t4 = realNow();
    if (!created.id) throw new Error("create answered without an id");
    return { spawnMs: t1 - t0, configureMs: t2 - t1, checkMs: t3 - t2, createMs: t4 - t3, totalMs: t4 - t0 };
  } finally {
    await plugin.stop();
  }
}

/** What goes into state and what configuration errors look like, through the plugin. */
import { startEmulator, type Emulator } from "../../emulator";
import { ProviderPlugin } from "../../local-engine/plugin";
import { makeUserProject, serializedProvider, RESTORE_JOB_TYPE } from "../helpers/plugin-session";
import { httpSeed } from "./helpers";

const PRIVATE = "priv-7f3c9a1e-52d4-4b8e-9c61-d0e2a4b6c8f1";
const PUBLIC = "pub-contract-3d5f";

describe("the serialized provider (__provider)", () => {
  test("is at most 4 KB, copies no local module by value, and holds no credential even when keys are in the environment", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { MONGODB_ATLAS_PUBLIC_KEY: PUBLIC, MONGODB_ATLAS_PRIVATE_KEY: PRIVATE });
    try {
      const text = await serializedProvider();
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(text).not.toContain(PRIVATE);
      expect(text).not.toContain(PUBLIC);
      expect(text).not.toMatch(/require\("\.\//);
      expect(text).toContain('require(IMPLEMENTATION)');
    } finally {
      process.env = saved;
    }
  });
});

describe("configuration through the plugin", () => {
  let emulator: Emulator;
  const project = makeUserProject();
  beforeAll(async () => {
    emulator = await startEmulator({ publicKey: PUBLIC, privateKey: PRIVATE });
  });
  afterAll(async () => {
    await emulator.close();
    project.remove();
  });
  const start = async (env: NodeJS.ProcessEnv = {}) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MONGODB_ATLAS_")));
    const logs: string[] = [];
    const plugin = await ProviderPlugin.start({ cwd: project.dir, project: "restore-test", env: { ...clean, ...env }, onLog: (l) => logs.push(l) });
    return { plugin, logs };
  };
  const urn = "urn:pulumi:dev::restore-test::" + RESTORE_JOB_TYPE + "::cfg";

  test("missing keys: a clear error naming both ways to set them, and no request", async () => {
    const { plugin } = await start();
    try {
      await plugin.configure({ "mongodbatlas:baseUrl": emulator.apiBase });
      const text = await serializedProvider();
      const err = await plugin.create(urn, { ...httpSeed(text), waitFor: "none" }).catch((e) => e);
      expect(err.message).toMatch(/mongodbatlas:publicKey \(or the environment variable MONGODB_ATLAS_PUBLIC_KEY\)/);
      expect(err.message).toMatch(/mongodbatlas:privateKey \(or the environment variable MONGODB_ATLAS_PRIVATE_KEY\)/);
      expect(emulator.requestLog.length).toBe(0);
    } finally {
      await plugin.stop();
    }
  });

  test("environment variables are the fallback for stack config", async () => {
    const { plugin } = await start({ MONGODB_ATLAS_PUBLIC_KEY: PUBLIC, MONGODB_ATLAS_PRIVATE_KEY: PRIVATE, MONGODB_ATLAS_BASE_URL: emulator.baseUrl });
    try {
      await plugin.configure({});
      const r = await plugin.create(urn, { ...httpSeed(await serializedProvider()), waitFor: "none" });
      expect(r.id).toMatch(/Cluster0/);
    } finally {
      await plugin.stop();
    }
  });

  test("a wrong private key: 401 with advice, and the key appears nowhere in the error or logs", async () => {
    const { plugin, logs } = await start();
    try {
      await plugin.configure({ "mongodbatlas:publicKey": PUBLIC, "mongodbatlas:privateKey": { secret: `${PRIVATE}-wrong` }, "mongodbatlas:baseUrl": emulator.apiBase });
      const err = await plugin.create(urn, { ...httpSeed(await serializedProvider()), waitFor: "none" }).catch((e) => e);
      expect(err.message).toMatch(/401/);
      expect(err.message).toMatch(/mongodbatlas:privateKey|MONGODB_ATLAS_PRIVATE_KEY/);
      expect(err.message).toMatch(/access list/i);
      for (const text of [err.message, ...logs]) expect(text).not.toContain(PRIVATE);
    } finally {
      await plugin.stop();
    }
  });
});

/**
 * The CLI: flag parsing as a pure function, plus one real process started from JavaScript
 * compiled from emulator/ only (which also proves the emulator needs no runtime code from
 * provider/: `import type` is erased, anything else would fail to load).
 */
import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { once } from "node:events";
import { parseCliArgs, USAGE, versionLine } from "../../emulator/cli-args";
import { DigestTestClient, FIXTURE_IDS, jobsPath } from "./helpers";

const ROOT = join(__dirname, "..", "..");

/** The TypeScript API used here, typed locally so ts-jest need not type-check typescript.d.ts. */
interface TsApi {
  transpileModule(input: string, o: { compilerOptions: Record<string, unknown>; fileName: string }): { outputText: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see TsApi
const ts = require("typescript") as TsApi;

describe("parseCliArgs", () => {
  it("maps every flag", () => {
    expect(parseCliArgs([
      "--port", "9000", "--host", "0.0.0.0", "--no-auth", "--digest", "SHA-256", "--fixtures", "w.json",
      "--time-scale", "60", "--rate-limit", "30", "--restore-seconds", "600",
    ])).toEqual({
      kind: "run",
      options: {
        port: 9000, host: "0.0.0.0", auth: false, digestAlgorithm: "SHA-256", fixtures: "w.json", timeScale: 60,
        rateLimit: { requests: 30, windowMs: 60_000 },
      },
      restoreSeconds: 600,
    });
  });

  it("has defaults, --rate-limit off and --help", () => {
    expect(parseCliArgs([])).toEqual({ kind: "run", options: { port: 8080 }, restoreSeconds: undefined });
    expect(parseCliArgs(["--rate-limit", "off", "--digest", "md5"]).kind).toBe("run");
    expect(parseCliArgs(["--rate-limit", "OFF"])).toMatchObject({ options: { rateLimit: false } });
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["--version"])).toEqual({ kind: "version" });
  });

  it("says how a user runs it and what version it is (issue 18)", () => {
    expect(USAGE).toMatch(/^Usage: atlas-restore-emulator \[options\]/);
    expect(versionLine()).toMatch(/^pulumi-atlas-restore \d+\.\d+\.\d+/);
  });

  it.each([
    [["--port", "70000"], /--port/],
    [["--port", "abc"], /--port/],
    [["--digest", "sha1"], /--digest/],
    [["--time-scale", "0"], /--time-scale/],
    [["--rate-limit", "1.5"], /--rate-limit/],
    [["--restore-seconds", "-1"], /--restore-seconds/],
    [["--bogus"], /bogus/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

/** Transpile emulator/**.ts (only) into a cache dir inside node_modules so packages resolve. */
async function buildEmulatorOnly(outDir: string): Promise<string> {
  const walk = async (dir: string): Promise<string[]> =>
    (await Promise.all((await readdir(dir, { withFileTypes: true })).map((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []))).flat();
  for (const file of await walk(join(ROOT, "emulator"))) {
    const out = join(outDir, relative(ROOT, file)).replace(/\.ts$/, ".js");
    const { outputText } = ts.transpileModule(await readFile(file, "utf8"), {
      compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true },
      fileName: file,
    });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  return join(outDir, "emulator", "cli.js");
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe("cli process", () => {
  const outDir = join(ROOT, "node_modules", ".cache", `atlas-emulator-cli-test-${process.pid}`);
  let cli: string;
  beforeAll(async () => (cli = await buildEmulatorOnly(outDir)));
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it("prints its base URL first, serves the API, and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0", "--restore-seconds", "1"], {
      env: { ...process.env, ATLAS_EMULATOR_PRIVATE_KEY: "cli-secret" },
    });
    let all = "";
    child.stdout.on("data", (d: Buffer) => (all += d.toString()));
    try {
      const line = await firstLine(child);
      const m = /^Atlas emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(API base \1\/api\/atlas\/v1\.0\)$/.exec(line);
      expect(m).not.toBeNull();
      const client = new DigestTestClient({ baseUrl: m?.[1] ?? "", publicKey: "emulator-public-key", privateKey: "cli-secret" });
      const res = await client.post(jobsPath(FIXTURE_IDS.projectId, "Cluster0"), { delivery: { methodName: "HTTP" }, snapshotId: FIXTURE_IDS.cluster0.snapshotId });
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(3);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(all).toContain('public key "emulator-public-key"');
    expect(all).toContain("ATLAS_EMULATOR_PRIVATE_KEY");
    expect(all).not.toContain("cli-secret");
  });

  it("prints usage for --help and exits 2 on a bad flag", async () => {
    const help = spawn(process.execPath, [cli, "--help"]);
    let text = "";
    help.stdout.on("data", (d: Buffer) => (text += d.toString()));
    expect((await once(help, "exit"))[0]).toBe(0);
    expect(text).toContain("--restore-seconds");
    const bad = spawn(process.execPath, [cli, "--port", "nope"]);
    expect((await once(bad, "exit"))[0]).toBe(2);
  });
});

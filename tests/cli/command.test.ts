/**
 * The command's exit codes, each for its outcome, all reached before any stack runs (so no
 * Pulumi CLI is needed): help, usage, invalid plans (with lines), --check, no CLI, no
 * passphrase, no credentials. Nothing is ever requested: the emulator is never started here.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../cli/atlas-restore";
import { EXIT } from "../../cli/drill/exit-codes";
import { ALIAS_BOMB } from "./hostile-files";

let dir: string;
/** A folder with an executable named `pulumi` that fails if run: these paths must stop before running it. */
let fakeCliDir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-restore-cmd-"));
  fakeCliDir = join(dir, "bin");
  require("node:fs").mkdirSync(fakeCliDir);
  writeFileSync(join(fakeCliDir, "pulumi"), "#!/bin/sh\necho 'must not run' >&2\nexit 99\n");
  chmodSync(join(fakeCliDir, "pulumi"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = "6b99999887d9d61443b41657";
const B = "6c11111187d9d61443b41111";
const plan = (entries: string) => `overwritableTargets: ["${B}/DrUsers"]\nentries:\n${entries}`;
const TWO_PROJECTS = plan(`  config:
    source: { projectId: "${A}", clusterName: Config }
    restorePoint: { snapshot: { latest: true } }
    delivery: { type: download }
  users:
    source: { projectId: "${B}", clusterName: Users }
    restorePoint: { snapshot: { latest: true } }
    delivery: { type: automated, targetProjectId: "${B}", targetClusterName: DrUsers }
`);

async function run(argv: string[], env: NodeJS.ProcessEnv = { PATH: dirname(process.execPath) }) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env, cwd: dir });
  return { code, stdout, stderr };
}

function planFile(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}

test("atlas-restore: --help 0, no command 2, an unknown one 2", async () => {
  expect(await run(["--help"])).toMatchObject({ code: EXIT.passed, stdout: expect.stringContaining("drill <plan file>") });
  expect((await run([])).code).toBe(EXIT.usage);
  expect(await run(["restore"])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('Unknown command "restore"') });
});

test("--version, of the command and of drill: the package's name and version, 0", async () => {
  const { version } = require("../../package.json") as { version: string };
  expect(await run(["--version"])).toEqual({ code: EXIT.passed, stdout: `pulumi-atlas-restore ${version}\n`, stderr: "" });
  expect(await run(["drill", "--version"])).toEqual({ code: EXIT.passed, stdout: `pulumi-atlas-restore ${version}\n`, stderr: "" });
});

test("a negative number: 2, naming the flag and what it takes (not the parser's 'argument is ambiguous')", async () => {
  const r = await run(["drill", "p.yaml", "--parallel", "-3"]);
  expect(r.code).toBe(EXIT.usage);
  expect(r.stderr).toMatch(/^Invalid --parallel -3: use a whole number from 1 to 64\.\n/);
});

test("drill --help: 0, with the exit codes documented", async () => {
  const r = await run(["drill", "--help"]);
  expect(r.code).toBe(EXIT.passed);
  for (const [name, code] of Object.entries(EXIT)) expect([name, r.stdout]).toEqual([name, expect.stringMatching(new RegExp(`^  ${code} `, "m"))]);
});

test("a bad flag: 2, with the usage", async () => {
  const r = await run(["drill", "p.yaml", "--paralel", "2"]);
  expect(r.code).toBe(EXIT.usage);
  expect(r.stderr).toMatch(/Unknown option '--paralel'[\s\S]*Usage: atlas-restore drill/);
});

test("plans that cannot run: 3, naming the file and line; nothing else happens", async () => {
  expect(await run(["drill", "missing.yaml"])).toMatchObject({ code: EXIT.invalidPlan, stderr: expect.stringMatching(/missing\.yaml: no such file/) });
  const broken = planFile("broken.yaml", "entries:\n  a: [\n");
  expect(await run(["drill", broken])).toMatchObject({ code: EXIT.invalidPlan, stderr: expect.stringMatching(/broken\.yaml:3:1: not valid YAML\/JSON/) });
  const empty = planFile("empty.json", '{"entries": {}}');
  expect(await run(["drill", empty])).toMatchObject({ code: EXIT.invalidPlan, stderr: expect.stringMatching(/line 1: \[schema\] entries: entries must declare at least one restore/) });
  const across = planFile("across.yaml", TWO_PROJECTS.replace("delivery: { type: automated", `after: [config]\n    delivery: { type: automated`));
  const r = await run(["drill", across]);
  expect(r.code).toBe(EXIT.invalidPlan);
  expect(r.stderr).toMatch(new RegExp(`not valid \\(nothing was requested\\):\\n  - line 8: Entry "users" \\(project ${B}\\) is after "config" \\(project ${A}\\)`));
  expect(r.stdout).toBe("");
});

test("hostile plan files: an alias bomb and /dev/zero are invalid plans (3), told in one line, no stack trace", async () => {
  const bomb = await run(["drill", planFile("bomb.yaml", ALIAS_BOMB), "--check"]);
  expect(bomb).toMatchObject({ code: EXIT.invalidPlan, stdout: "" });
  expect(bomb.stderr).toMatch(/^\/\S+\/bomb\.yaml: not a usable plan: its YAML aliases expand past 100 copies[^\n]*\n$/);
  const zero = await run(["drill", "/dev/zero", "--name", "zero", "--check"]);
  expect(zero).toMatchObject({ code: EXIT.invalidPlan, stderr: "Cannot read the plan file /dev/zero: more than a plan's limit of 1048576 bytes.\n" });
});

test("the plan's own rules, each problem with its line: a shape mistake, an automated target not allow-listed", async () => {
  const wrong = planFile("wrong.yaml", TWO_PROJECTS.replace("delivery: { type: download }", "delivery: { type: downlaod }").replace(`${B}/DrUsers`, `${B}/DrUser`));
  const r = await run(["drill", wrong]);
  expect(r.code).toBe(EXIT.invalidPlan);
  expect(r.stderr).toMatch(/^  - line 6: \[schema\] entries\.config\.delivery/m);
  const targets = planFile("targets.yaml", TWO_PROJECTS.replace(`${B}/DrUsers`, `${B}/DrUser`));
  const t = await run(["drill", targets]);
  expect(t.code).toBe(EXIT.invalidPlan);
  expect(t.stderr).toMatch(new RegExp(`^  - line 10: \\[overwritable-target\\] entries\\.users\\.delivery targets ${B}/DrUsers, which is not in overwritableTargets`, "m"));
  expect(t.stdout).toBe("");
});

test("--check: the stacks, 0, without a Pulumi CLI", async () => {
  const r = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--check"]);
  expect(r).toMatchObject({ code: EXIT.passed, stderr: "" });
  expect(r.stdout).toBe(
    `Plan two (two.yaml): 2 entries in 2 projects, one stack each:\n  two-${A}: config\n  two-${B}: users\n` +
      "The plan is valid; nothing was requested (--check).\n",
  );
});

test("no pulumi on PATH: 4, saying how to get one", async () => {
  const r = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--emulator"]);
  expect(r.code).toBe(EXIT.noPulumiCli);
  expect(r.stderr).toContain("No `pulumi` CLI found on PATH");
  expect(r.stderr).toContain("npm run build:pulumi-cli");
  expect(r.stderr).toContain("https://www.pulumi.com/docs/iac/download-install/");
});

test("no passphrase for a kept state: 5, saying how to make one outside the repository; no state folder made", async () => {
  const env = { PATH: `${fakeCliDir}:${dirname(process.execPath)}`, MONGODB_ATLAS_PUBLIC_KEY: "pub", MONGODB_ATLAS_PRIVATE_KEY: "priv" };
  const r = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--state-dir", "st"], env);
  expect(r.code).toBe(EXIT.environment);
  expect(r.stderr).toMatch(/PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE; neither is set/);
  expect(r.stderr).toContain("export PULUMI_CONFIG_PASSPHRASE_FILE=~/.config/atlas-restore/drill-passphrase");
  expect(require("node:fs").existsSync(join(dir, "st"))).toBe(false);
  expect(r.stderr).not.toContain("must not run");
});

test("no Atlas credentials, or half of one: 5, naming the variables; the secret half never printed", async () => {
  const base = { PATH: `${fakeCliDir}:${dirname(process.execPath)}`, PULUMI_CONFIG_PASSPHRASE: "p" };
  const none = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--state-dir", "st"], base);
  expect(require("node:fs").existsSync(join(dir, "st"))).toBe(false);
  expect(none.code).toBe(EXIT.environment);
  expect(none.stderr).toMatch(/No Atlas credentials in the environment: set MONGODB_ATLAS_PUBLIC_KEY and MONGODB_ATLAS_PRIVATE_KEY/);
  const half = await run(["drill", "two.yaml", "--state-dir", "st"], { ...base, MONGODB_ATLAS_CLIENT_SECRET: "s3cr3t-value" });
  expect(half.code).toBe(EXIT.environment);
  expect(half.stderr).toMatch(/service account is half configured.*MONGODB_ATLAS_CLIENT_ID/);
  expect(half.stderr).not.toContain("s3cr3t-value");
});

describe("the environment checked before anything runs (exit 5, nothing requested, no state folder)", () => {
  const KEY = "4f0c1a2b-3c4d-5e6f-7a8b-9c0d1e2f3a4b";
  const env = (extra: NodeJS.ProcessEnv) => ({ PATH: `${fakeCliDir}:${dirname(process.execPath)}`, MONGODB_ATLAS_PUBLIC_KEY: "pub", MONGODB_ATLAS_PRIVATE_KEY: "private-key-value", PULUMI_CONFIG_PASSPHRASE: "a-long-passphrase", ...extra });
  const expectNothingRan = (r: Awaited<ReturnType<typeof run>>) => {
    expect(r.code).toBe(EXIT.environment);
    expect(r.stderr).not.toContain("must not run");
    expect(require("node:fs").existsSync(join(dir, "st5"))).toBe(false);
  };

  test("a passphrase file that does not exist: says so (not the CLI's bare errno) and how to make one", async () => {
    const r = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--state-dir", "st5"], env({ PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: join(dir, "no-such-passphrase") }));
    expectNothingRan(r);
    expect(r.stderr).toMatch(/^PULUMI_CONFIG_PASSPHRASE_FILE names \S+no-such-passphrase, which cannot be read: no such file\. Nothing was requested\. On a first run, make one/);
    writeFileSync(join(dir, "empty-passphrase"), "\n");
    const empty = await run(["drill", "two.yaml", "--state-dir", "st5"], env({ PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: join(dir, "empty-passphrase") }));
    expectNothingRan(empty);
    expect(empty.stderr).toMatch(/which is empty/);
  });

  test.each([
    ["the private key pasted as the base URL", { MONGODB_ATLAS_BASE_URL: KEY }],
    ["the same key in both variables", { MONGODB_ATLAS_BASE_URL: KEY, MONGODB_ATLAS_PRIVATE_KEY: KEY }],
    ["a URL carrying it in its path", { MONGODB_ATLAS_BASE_URL: `https://cloud.mongodb.com/${KEY}` }],
    ["a URL carrying it as user-info", { MONGODB_ATLAS_BASE_URL: `https://pub:${KEY}@cloud.mongodb.com` }],
  ])("a secret in MONGODB_ATLAS_BASE_URL (%s): named, never shown", async (_, vars) => {
    const r = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--state-dir", "st5"], env(vars));
    expectNothingRan(r);
    expect(r.stderr).toMatch(/MONGODB_ATLAS_BASE_URL/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  test("a key pasted into the plan (as an entry's name): every line that names it shows it redacted", async () => {
    const r = await run(["drill", planFile("pasted.yaml", TWO_PROJECTS.replace("  config:", `  "${KEY}":`)), "--check"], env({ MONGODB_ATLAS_PRIVATE_KEY: KEY }));
    expect(r.code).toBe(EXIT.passed);
    expect(r.stdout).toContain(`pasted-${A}: [REDACTED]`);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  test.each([
    ["ATLAS_RESTORE_REQUEST_TIMEOUT_SECONDS", "3000000", /must be a positive number of seconds, at most 3600 \(1 hour\): got 3000000\./],
    ["ATLAS_RESTORE_REQUEST_TIMEOUT_SECONDS", "1e300", /at most 3600 \(1 hour\): got 1e\+300\./],
    ["ATLAS_RESTORE_RATE_LIMIT_WINDOW_SECONDS", "1e12", /at most 86400 \(1 day\)/],
    ["ATLAS_RESTORE_REQUEST_TIMEOUT_SECONDS", KEY, /: not a number\./],
  ])("%s=%s: a setting no timer can hold is refused, naming it", async (name, value, message) => {
    const r = await run(["drill", planFile("two.yaml", TWO_PROJECTS), "--state-dir", "st5"], env({ [name]: value }));
    expectNothingRan(r);
    expect(r.stderr).toContain(name);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(KEY);
  });
});

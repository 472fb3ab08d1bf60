/**
 * The examples' READMEs are the scripts tests/real-engine/examples.test.ts runs with the real CLI.
 * (languages.test.ts the YAML and Python ones). These checks need no CLI (they run in every pass):
 * each README block is runnable as the test runs it (only `npm` and `pulumi` commands, and the
 * Python example's venv and pip lines; only the placeholders the test fills in), walks a
 * stack through preview, up, up again, refresh and destroy, and docs/REAL-ENGINE.md shows the
 * http-download block as it is.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/plugin-session";
import { fillPlaceholders, readmeCommands, type ReadmeValues } from "../real-engine/readme-commands";

const EXAMPLES = readdirSync(join(REPO_ROOT, "examples"));
const VALUES: ReadmeValues = { packageTarball: "/t/p.tgz", pluginArchive: "/t/plugin.tgz", pythonSdk: "/t/sdk/python", stateFolder: "/t/state", publicKey: "pub", privateKey: "it's", baseUrl: "http://127.0.0.1:1" };
const VERSION = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version as string;
/** Examples through the packaged provider (a YAML or Python program): no package.json. */
const packaged = (example: string) => !readdirSync(join(REPO_ROOT, "examples", example)).includes("package.json");

test("there are examples, and each has a README block", () => {
  expect(EXAMPLES.sort()).toEqual(["cloud-backup-dr", "dr-plan", "http-download", "python-restore", "sharded-cluster", "yaml-dr-plan"]);
  expect(EXAMPLES.filter(packaged)).toEqual(["python-restore", "yaml-dr-plan"]);
});

test.each(EXAMPLES)("examples/%s: npm and pulumi commands only, every placeholder known, the stack walked through its life", (example) => {
  const lines = readmeCommands(example);
  expect(lines.filter((l) => !/^(npm|pulumi) /.test(l) && !/^(python3 -m venv venv|venv\/bin\/pip install) /.test(l))).toEqual([]);
  // The plugin is installed at the package's version (the README changes with a version bump).
  expect(lines[0]).toMatch(packaged(example) ? new RegExp(`^pulumi plugin install resource atlas-restore ${VERSION.replace(/\./g, "\\.")} --file <plugin archive>`) : /^npm install <package tarball>/);
  for (const l of lines) expect(() => fillPlaceholders(l, VALUES)).not.toThrow();
  const ops = lines.map((l) => /^pulumi (preview|up|refresh|destroy)\b/.exec(l)?.[1]).filter(Boolean);
  expect(ops).toEqual(["preview", "up", "up", "refresh", "destroy"]);
  for (const l of lines.filter((x) => /^pulumi (up|refresh|destroy)\b/.test(x))) expect(l).toMatch(/ --yes --skip-preview\b/);
});

test("placeholders are filled in shell-quoted, and an unknown one is named", () => {
  expect(fillPlaceholders("pulumi config set --secret mongodbatlas:privateKey <private key>", VALUES)).toBe(`pulumi config set --secret mongodbatlas:privateKey 'it'\\''s'`);
  expect(fillPlaceholders("pulumi login file://<state folder>   # or <your backend>", VALUES)).toBe("pulumi login file://'/t/state'   # or <your backend>");
  expect(() => fillPlaceholders("pulumi config set projectId <project id>", VALUES)).toThrow(/<project id>/);
});

test("docs/REAL-ENGINE.md shows the http-download block exactly as the test runs it", () => {
  const doc = readFileSync(join(REPO_ROOT, "docs", "REAL-ENGINE.md"), "utf8");
  const block = /^```sh\n([\s\S]*?)^```/m.exec(readFileSync(join(REPO_ROOT, "examples", "http-download", "README.md"), "utf8"))![1];
  expect(doc).toContain(block);
});

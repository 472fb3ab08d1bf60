/**
 * The README: short enough for a newcomer (≤ 15 KB; reference is in docs/), every command in it
 * run here as written (or, needing a Pulumi CLI, in tests/real-engine), its program the tested
 * example's, its plan valid, and every link in it and in docs/ pointing at a file and heading
 * that exist.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { REPO_ROOT } from "../helpers/plugin-session";
import { packedProject } from "../real-engine/harness";
import { cleanEnv, runShell } from "./run-start";
import { blocks, checkoutWorkspace, README, README_COMMANDS, readmeCommands, readmePlan } from "./readme-commands";

jest.setTimeout(300_000);

const sh = (command: string, cwd: string, env: NodeJS.ProcessEnv) => runShell(command, env, cwd);

test("the README is what a newcomer needs: at most 15 KB, with the reference in docs/", () => {
  expect(Buffer.byteLength(README)).toBeLessThanOrEqual(15 * 1024);
  for (const page of ["resources", "dr-plans-and-runner", "drill-reports", "emulator", "behaviour-and-safety", "troubleshooting", "development"]) {
    expect(README).toContain(`(docs/${page}.md)`);
  }
  expect(README).toMatch(/^## Use it from your language$/m);
});

test("every README command is one this suite runs; its first stack is the tested example's program", () => {
  expect(readmeCommands().sort()).toEqual(Object.keys(README_COMMANDS).sort());
  expect(blocks(README, "ts")).toEqual([readFileSync(join(REPO_ROOT, "examples", "http-download", "index.ts"), "utf8")]);
});

describe("in a checkout", () => {
  let ws: string;
  beforeAll(() => (ws = checkoutWorkspace()));
  afterAll(() => rmSync(ws, { recursive: true, force: true }));

  test("npm start: the built-in drill passes, its report in ./drill-reports/<start time>/", async () => {
    const r = await sh("npm start", ws, cleanEnv());
    expect([r.code, r.stdout.slice(-400)]).toEqual([0, expect.stringMatching(/Drill passed: 4 of 4 entries passed\.\n$/)]);
    const [folder] = readdirSync(join(ws, "drill-reports"));
    const report = JSON.parse(readFileSync(join(ws, "drill-reports", folder!, "drill-report.json"), "utf8"));
    expect(report).toMatchObject({ version: 2, passed: true, server: { kind: "emulator", timeScale: 5 } });
  });

  test("npm start -- --help: the usage, exit 0", async () => {
    const r = await sh("npm start -- --help", ws, cleanEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: npm start -- [options]");
  });
});

test("in a project with the package installed: npx atlas-restore drill q3-drill.yaml --check accepts the README's plan", async () => {
  const project = await packedProject();
  const plan = readmePlan();
  expect(plan.name).toBe("q3-drill.yaml");
  writeFileSync(join(project, plan.name), plan.text);
  try {
    const r = await sh("npx atlas-restore drill q3-drill.yaml --check", project, cleanEnv());
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^Plan q3-drill \(q3-drill\.yaml\): 3 entries in 2 projects, one stack each:\n/);
    expect(r.stdout).toContain("The plan is valid; nothing was requested (--check).");
  } finally {
    rmSync(join(project, plan.name), { force: true });
  }
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-");

test("every relative link of the README and of docs/*.md points at a file, and at a heading that exists", () => {
  const pages = [join(REPO_ROOT, "README.md"), ...readdirSync(join(REPO_ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => join(REPO_ROOT, "docs", f))];
  const broken: string[] = [];
  for (const page of pages) {
    const text = readFileSync(page, "utf8").replace(/^```[\s\S]*?^```$/gm, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [file, anchor] = target!.split("#");
      const path = file ? resolve(dirname(page), file) : page;
      if (!existsSync(path)) {
        broken.push(`${page.slice(REPO_ROOT.length + 1)}: ${target} (no such file)`);
        continue;
      }
      if (anchor && path.endsWith(".md")) {
        const headings = readFileSync(path, "utf8").replace(/^```[\s\S]*?^```$/gm, "").match(/^#+ .*$/gm) ?? [];
        if (!headings.some((h) => slug(h.replace(/^#+ /, "")) === anchor)) broken.push(`${page.slice(REPO_ROOT.length + 1)}: ${target} (no such heading)`);
      }
    }
  }
  expect(broken).toEqual([]);
});

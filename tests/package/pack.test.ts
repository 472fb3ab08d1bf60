/**
 * What `npm pack` puts in the tarball users install (tests/real-engine installs exactly that
 * tarball): runtime files only, a LICENSE matching package.json, an exports map whose every
 * target is in the tarball, and no install-time build step.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { REPO_ROOT } from "../helpers/plugin-session";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const files: string[] = (JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }))[0].files as { path: string }[]).map((f) => f.path);

/** What the drill runner (dist/cli) needs of drill/: the report and the download verification, not the npm start program. */
const DRILL_RUNTIME = /^dist\/drill\/(report\/|verify-download[./])/;

test("runtime files only: the provider, the emulator, the drill runner (and the drill report and verification it uses), README, LICENSE, package.json", () => {
  const outside = files.filter((f) => !/^dist\/(provider|emulator|cli)\//.test(f) && !DRILL_RUNTIME.test(f) && !["README.md", "LICENSE", "package.json"].includes(f));
  expect(outside).toEqual([]);
  expect(files.filter((f) => f.startsWith("dist/drill/") && !DRILL_RUNTIME.test(f))).toEqual([]);
  for (const dropped of ["dist/bench/", "dist/scripts/", "dist/local-engine/", "dist/tests/"]) {
    expect(files.filter((f) => f.startsWith(dropped))).toEqual([]);
  }
  expect(files).toContain("dist/provider/index.js");
  expect(files).toContain("dist/provider/index.d.ts");
  expect(files).toContain("dist/cli/atlas-restore.js");
});

test("LICENSE is the Apache License 2.0 that package.json names", () => {
  expect(pkg.license).toBe("Apache-2.0");
  expect(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8")).toMatch(/^Apache License\s+Version 2\.0, January 2004/);
});

test("every exports target and the bin are in the tarball; the provider implementation path stored in state stays exported", () => {
  const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
  for (const t of [...targets, ...Object.values(pkg.bin as Record<string, string>)]) expect(files).toContain(t.replace(/^\.\//, ""));
  const shim = readFileSync(join(REPO_ROOT, "provider", "resource", "provider-shim.ts"), "utf8");
  const stored = /IMPLEMENTATION = "pulumi-atlas-restore\/(.+?)"/.exec(shim)![1];
  expect(pkg.exports[`./${stored}`]).toBe(`./${stored}`);
});

test("every relative require() of a shipped module is shipped too", () => {
  const missing = files
    .filter((f) => f.endsWith(".js"))
    .flatMap((f) =>
      [...readFileSync(join(REPO_ROOT, f), "utf8").matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => {
        const target = posix.normalize(posix.join(posix.dirname(f), m[1]!));
        return [`${target}.js`, `${target}/index.js`, target].some((t) => files.includes(t)) ? undefined : `${f} → ${m[1]}`;
      }),
    )
    .filter(Boolean);
  expect(missing).toEqual([]);
});

test("the drill runner's bin: a node script, and its parser a runtime dependency", () => {
  expect(pkg.bin["atlas-restore"]).toBe("dist/cli/atlas-restore.js");
  expect(readFileSync(join(REPO_ROOT, "cli", "atlas-restore.ts"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  expect(pkg.dependencies.yaml).toBeDefined();
  expect(pkg.devDependencies.yaml).toBeUndefined();
});

test("nothing is built when a user installs the tarball", () => {
  for (const hook of ["prepare", "preinstall", "install", "postinstall"]) expect(pkg.scripts[hook]).toBeUndefined();
  expect(pkg.scripts.prepack).toBeDefined(); // built before packing instead
});

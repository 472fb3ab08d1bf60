/**
 * What `npm pack` puts in the tarball users install (tests/real-engine installs exactly that
 * tarball): runtime files only, a LICENSE matching package.json, an exports map whose every
 * target is in the tarball, and no install-time build step.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/plugin-session";

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
const files: string[] = (JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" }))[0].files as { path: string }[]).map((f) => f.path);

test("runtime files only: the provider, the emulator, README, LICENSE, package.json", () => {
  const outside = files.filter((f) => !/^dist\/(provider|emulator)\//.test(f) && !["README.md", "LICENSE", "package.json"].includes(f));
  expect(outside).toEqual([]);
  for (const dropped of ["dist/bench/", "dist/drill/", "dist/scripts/", "dist/local-engine/", "dist/tests/"]) {
    expect(files.filter((f) => f.startsWith(dropped))).toEqual([]);
  }
  expect(files).toContain("dist/provider/index.js");
  expect(files).toContain("dist/provider/index.d.ts");
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

test("nothing is built when a user installs the tarball", () => {
  for (const hook of ["prepare", "preinstall", "install", "postinstall"]) expect(pkg.scripts[hook]).toBeUndefined();
  expect(pkg.scripts.prepack).toBeDefined(); // built before packing instead
});

/**
 * The wire types generated from MongoDB's OpenAPI are up to date with the spec subset, and the
 * compile-time contract in wire-types.ts is part of this test's compilation (ts-jest type-checks).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RestoreJobContract, ShardedSnapshotContract, SnapshotContract } from "./wire-types";

const ROOT = join(__dirname, "../..");
const GENERATED = join(ROOT, "provider/atlas/cloud-backup/openapi.generated.ts");
const SUBSET = join(ROOT, "tests/contract/atlas-openapi/cloud-backup-subset.json");

describe("wire types generated from the OpenAPI subset", () => {
  it("match what openapi-typescript generates now (run `npm run generate:wire-types` if not)", () => {
    // Its CLI, as the npm script runs it (the package is ESM-only, which jest's CJS runtime cannot import).
    const dir = mkdtempSync(join(tmpdir(), "wire-types-"));
    try {
      const out = join(dir, "openapi.generated.ts");
      execFileSync(process.execPath, [join(ROOT, "node_modules/openapi-typescript/bin/cli.js"), SUBSET, "-o", out], { stdio: "pipe" });
      expect(readFileSync(out, "utf8")).toBe(readFileSync(GENERATED, "utf8"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hold the field contract (a misfit is a compile error, so these are never)", () => {
    const holds: [RestoreJobContract, SnapshotContract, ShardedSnapshotContract][] = [];
    expect(holds).toEqual([]);
  });
});

/** Plan files: YAML and JSON read alike, every parse error with file, line and column; nothing else accepted. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../cli/drill/exit-codes";
import { MAX_PLAN_BYTES, parsePlanText, readPlanFile } from "../../cli/drill/plan-file";
import { ALIAS_BOMB } from "./hostile-files";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "atlas-restore-planfile-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yaml = `entries:
  orders:
    source: { projectId: "6b99999887d9d61443b41657", clusterName: Orders0 }
    restorePoint: { snapshot: { latest: true } }
    delivery: { type: download }
    verify: no
`;

test("YAML: the plain value, YAML 1.2 core (`no` stays a string), lines of any path", () => {
  const f = parsePlanText(yaml, "p.yaml");
  expect(f.value).toEqual({
    entries: { orders: { source: { projectId: "6b99999887d9d61443b41657", clusterName: "Orders0" }, restorePoint: { snapshot: { latest: true } }, delivery: { type: "download" }, verify: "no" } },
  });
  expect(f.lineOf(["entries", "orders"])).toBe(3);
  expect(f.lineOf(["entries", "orders", "delivery"])).toBe(5);
  expect(f.lineOf(["entries", "nope"])).toBeUndefined();
});

test("JSON reads as the same value, with lines", () => {
  const value = parsePlanText(yaml, "p.yaml").value;
  const f = parsePlanText(JSON.stringify(value, null, 2), "p.json");
  expect(f.value).toEqual(value);
  expect(f.lineOf(["entries", "orders", "delivery"])).toBe(13);
});

test.each([
  ["entries:\n  a: {source: {projectId: x\n", /^p\.yaml:3:1: not valid YAML\/JSON: Flow map in block collection must be sufficiently indented and end with a }/],
  ["entries:\n  a: 1\n  a: 2\n", /^p\.yaml:3:3: not valid YAML\/JSON: Map keys must be unique/],
  ['{"entries": {"a": {}, "a": {}}}', /^p\.yaml:1:23: not valid YAML\/JSON: Map keys must be unique/],
  ['{"entries": {"a": 1,}', /^p\.yaml:1:\d+: not valid YAML\/JSON/],
  ["a: 1\n---\nb: 2\n", /^p\.yaml:2:1: not valid YAML\/JSON: Source contains multiple documents/],
  ["", /a plan is a mapping with "entries".*the file holds nothing/],
  ["- a\n- b\n", /the file holds a list/],
  ["42\n", /the file holds a number/],
])("%j is refused: %s", (text, message) => {
  let error: { code?: number; message: string } | undefined;
  try {
    parsePlanText(text, "p.yaml");
  } catch (e) {
    error = e as { code?: number; message: string };
  }
  expect(error?.code).toBe(EXIT.invalidPlan);
  expect(error?.message).toMatch(message);
});

test("files: missing, a folder, too large", () => {
  expect(() => readPlanFile(join(dir, "none.yaml"))).toThrow(/Cannot read the plan file .*none\.yaml: no such file\./);
  expect(() => readPlanFile(dir)).toThrow(/it is a folder/);
  const big = join(dir, "big.yaml");
  writeFileSync(big, `# ${"x".repeat(MAX_PLAN_BYTES)}\n`);
  expect(() => readPlanFile(big)).toThrow(/more than a plan's limit of 1048576/);
  // A device reports size 0 and never ends: the read itself is bounded.
  expect(() => readPlanFile("/dev/zero")).toThrow(/Cannot read the plan file \/dev\/zero: more than a plan's limit of 1048576 bytes\./);
  const ok = join(dir, "ok.yml");
  writeFileSync(ok, yaml);
  expect(readPlanFile(ok).path).toBe(ok);
});

test("a YAML alias bomb: refused as an invalid plan (exit 3), not expanded", () => {
  let error: { code?: number; message: string } | undefined;
  try {
    parsePlanText(ALIAS_BOMB, "bomb.yaml");
  } catch (e) {
    error = e as { code?: number; message: string };
  }
  expect(error).toMatchObject({ code: EXIT.invalidPlan, message: expect.stringMatching(/^bomb\.yaml: not a usable plan: its YAML aliases expand past 100 copies/) });
});

/**
 * The report's JSON Schema: the checked-in file is what model.ts generates, and ajv (an
 * independent validator) accepts the sample reports and rejects malformed ones, field by field,
 * exactly where the zod schema (validateDrillReport) does.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { DRILL_REPORT_SCHEMA_PATH, drillReportJsonSchemaText } from "../../drill/report/json-schema";
import { InvalidDrillReportError, validateDrillReport } from "../../drill/report/validate";
import { REPO_ROOT } from "../helpers/plugin-session";
import { SAMPLE_ENTRIES, sampleReport } from "./sample-report";

const schemaText = readFileSync(join(REPO_ROOT, DRILL_REPORT_SCHEMA_PATH), "utf8");
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(schemaText));

/** A JSON round trip: what a reader of the file gets. */
const asJson = (value: unknown): Record<string, any> => JSON.parse(JSON.stringify(value));
const zodAccepts = (value: unknown) => {
  try {
    validateDrillReport(value);
    return true;
  } catch (e) {
    if (e instanceof InvalidDrillReportError) return false;
    throw e;
  }
};

test(`${DRILL_REPORT_SCHEMA_PATH} is up to date (regenerate with npm run schema:drill-report)`, () => {
  expect(schemaText).toBe(drillReportJsonSchemaText());
});

test("the schema documents the format: title, version, a description on every property", () => {
  const schema = JSON.parse(schemaText);
  expect(schema.title).toBe("Drill report");
  expect(schema.properties.version).toMatchObject({ const: 2 });
  expect(schema.$id).toBe("urn:pulumi-atlas-restore:drill-report:v2");
  expect(schema.required).toEqual(expect.arrayContaining(["version", "runId", "entries", "passed", "summary", "ranBy", "server", "clock"]));
  const undocumented: string[] = [];
  const walk = (node: any, path: string) => {
    for (const [key, prop] of Object.entries<any>(node.properties ?? {})) {
      // `type` of a delivery variant and the source's ids are self-explanatory within a described object.
      if (!prop.description && !prop.$ref && !["type", "projectId", "clusterName", "targetProjectId", "targetClusterName"].includes(key)) undocumented.push(`${path}.${key}`);
      walk(prop, `${path}.${key}`);
      if (prop.items) walk(prop.items, `${path}.${key}[]`);
    }
  };
  walk(schema, "report");
  for (const [name, def] of Object.entries<any>(schema.$defs)) walk(def, name);
  expect(undocumented).toEqual([]);
});

describe("valid reports", () => {
  const cases: Array<[string, unknown]> = [
    ["the 4-entry sample (one failed)", sampleReport()],
    ["a report where every entry passed", sampleReport({ entries: SAMPLE_ENTRIES.filter((e) => e.passed) })],
    ["a run that failed before any restore", sampleReport({ entries: [], passed: false, errors: ["stack dr-a: the Pulumi CLI exited with code 255"] })],
    [
      "an entry with download verification and offset timestamps",
      sampleReport({
        entries: [
          {
            ...SAMPLE_ENTRIES[2]!,
            requestedAt: "2025-03-01T11:00:10+01:00",
            verification: [{ part: "atlas-orders-shard-0", ok: true, bytes: 52_428_800, checksumAlgorithm: "sha256", checksum: "match", wiredTigerFiles: 14 }],
          },
        ],
      }),
    ],
    [
      "the emulator as server, a reused entry with notes, an unknown RTO and an unresolved api",
      sampleReport({
        server: { origin: "http://127.0.0.1:41235", host: "127.0.0.1:41235", kind: "emulator", timeScale: 5, description: "the local Atlas emulator" },
        engine: "plugin",
        entries: [
          { ...SAMPLE_ENTRIES[0]!, run: "reused", reusedFrom: { runId: "20250201T100000Z", requestedAt: "2025-02-01T10:00:05Z" }, notes: ["download verification not repeated"] },
          { ...SAMPLE_ENTRIES[1]!, rto: "unknown", passed: false, notes: ["RTO unknown: the ready time is unknown"] },
          { ...SAMPLE_ENTRIES[3]!, api: "not resolved", run: "not requested", parts: [], ids: [] },
        ],
      }),
    ],
  ];
  test.each(cases)("%s: ajv and zod accept it", (_, report) => {
    const json = asJson(report);
    expect({ ok: validate(json), errors: validate.errors ?? null }).toEqual({ ok: true, errors: null });
    expect(zodAccepts(json)).toBe(true);
  });
});

describe("invalid reports are rejected at the field that is wrong", () => {
  const bad = (change: (r: Record<string, any>) => void) => {
    const json = asJson(sampleReport());
    change(json);
    return json;
  };
  const cases: Array<[string, Record<string, any>, string]> = [
    ["an unknown version", bad((r) => (r.version = 1)), "/version"],
    ["no version", bad((r) => delete r.version), ""],
    ["a missing entry field", bad((r) => delete r.entries[0].rto), "/entries/0"],
    ["an unknown field", bad((r) => (r.entries[1].deliveryUrl = "https://x.example/t0ken")), "/entries/1"],
    ["a server with a path (could carry a token)", bad((r) => (r.server.origin = "https://cloud.mongodb.com/api/atlas/v2")), "/server/origin"],
    ["a run that says nothing of what it did to an entry", bad((r) => delete r.entries[0].run), "/entries/0"],
    ["no clock", bad((r) => delete r.clock), ""],
    ["an unknown clock source", bad((r) => (r.clock.source = "wall")), "/clock/source"],
    ["an emulator time scale of 0", bad((r) => (r.server.timeScale = 0)), "/server/timeScale"],
    ["a timestamp that is not ISO 8601", bad((r) => (r.startedAt = "yesterday")), "/startedAt"],
    ["a negative RTO", bad((r) => (r.entries[0].rtoSeconds = -5)), "/entries/0/rtoSeconds"],
    ["an unknown objective verdict", bad((r) => (r.entries[0].rpo = "ok")), "/entries/0/rpo"],
    ["an automated delivery without its target", bad((r) => (r.entries[1].delivery = { type: "automated", targetProjectId: "p" })), "/entries/1/delivery"],
    ["an unknown part state", bad((r) => (r.entries[0].parts[0].events[0].state = "queued")), "/entries/0/parts/0/events/0/state"],
    ["an unknown engine", bad((r) => (r.engine = "terraform")), "/engine"],
    ["a fractional count", bad((r) => (r.summary.failed = 0.5)), "/summary/failed"],
  ];
  test.each(cases)("%s", (_, json, where) => {
    expect(validate(json)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(where);
    expect(zodAccepts(json)).toBe(false);
  });

  test("validateDrillReport names the field and the problem", () => {
    expect(() => validateDrillReport(bad((r) => (r.entries[0].rtoSeconds = -5)))).toThrow(/entries\.0\.rtoSeconds: .*>=0/);
  });
});

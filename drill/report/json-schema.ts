/**
 * The drill report's JSON Schema (draft 2020-12), generated from the zod schema in model.ts, so
 * the documented format and the TypeScript types cannot drift apart. docs/drill-report.schema.json
 * is this text, written by `npm run schema:drill-report`.
 */
import { z } from "zod";
import { DRILL_REPORT_VERSION, DrillReportSchema } from "./model";

/** Where the generated schema is checked in, relative to the repository root. */
export const DRILL_REPORT_SCHEMA_PATH = "docs/drill-report.schema.json";

/** The JSON Schema of a version-1 drill report, as an object. */
export function drillReportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(DrillReportSchema, { target: "draft-2020-12" }),
    // A URN, not a URL: the schema is read from the file, never fetched.
    $id: `urn:pulumi-atlas-restore:drill-report:v${DRILL_REPORT_VERSION}`,
  };
}

/** The schema file's exact text: two-space JSON and a final newline. */
export function drillReportJsonSchemaText(): string {
  return `${JSON.stringify(drillReportJsonSchema(), null, 2)}\n`;
}

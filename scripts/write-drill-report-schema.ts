#!/usr/bin/env node
/**
 * `npm run schema:drill-report`: (re)write docs/drill-report.schema.json from the zod schema in
 * drill/report/model.ts. tests/drill-report/schema.test.ts fails while the file is out of date.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DRILL_REPORT_SCHEMA_PATH, drillReportJsonSchemaText } from "../drill/report/json-schema";

// dist/scripts/ → the repository root.
const target = join(__dirname, "..", "..", DRILL_REPORT_SCHEMA_PATH);
writeFileSync(target, drillReportJsonSchemaText());
process.stdout.write(`wrote ${DRILL_REPORT_SCHEMA_PATH}\n`);

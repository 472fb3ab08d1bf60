/** The drill report: its data (model.ts, version 1), JSON Schema, pages and files. */
export * from "./model";
export { drillReportJsonSchema, drillReportJsonSchemaText, DRILL_REPORT_SCHEMA_PATH } from "./json-schema";
export { validateDrillReport, InvalidDrillReportError } from "./validate";
export { toMarkdown } from "./markdown";
export { toHtml, REPORT_CSP } from "./html";
export { writeReport, formatReportPaths, type ReportPaths, type WriteReportOptions } from "./write";
export { redactReport, redactReportText } from "./redact-report";

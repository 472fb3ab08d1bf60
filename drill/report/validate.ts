/**
 * Read a drill report back (a file written by writeReport, or one a runner produced) and check
 * it against the version-1 schema, with an error that names every bad field.
 */
import { DrillReportSchema, type DrillReport } from "./model";

/** Thrown when a value is not a valid version-1 drill report; `issues` has one line per field. */
export class InvalidDrillReportError extends Error {
  override readonly name = "InvalidDrillReportError";
  constructor(readonly issues: readonly string[]) {
    super(`Not a valid drill report (version 1):\n${issues.map((line) => `  - ${line}`).join("\n")}`);
  }
}

/** `value` as a DrillReport, or an InvalidDrillReportError naming each field that is wrong. */
export function validateDrillReport(value: unknown): DrillReport {
  const result = DrillReportSchema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidDrillReportError(
    result.error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(the report)"}: ${issue.message}`),
  );
}

/**
 * Field-match tables: how a restore Atlas holds compares with what a declaration would POST. The
 * same table decides which job a lost create started and whether `adopt` names the declared
 * restore, so the two can never disagree. Each API brings its table (rows of `FieldCheck`);
 * running it and wording the result is shared.
 */

/** One restore-defining field on which a job contradicts the declaration. */
export interface FieldDifference {
  /** The input's name, e.g. `delivery.targetClusterName`. */
  field: string;
  declared: string;
  found: string;
  /** The job (part of a batch) that differs. */
  jobId: string;
}

/** How a restore (every part) compares with a declaration. */
export interface RestoreComparison {
  /** Fields a job returns with another value: this is not the declared restore. */
  differences: FieldDifference[];
  /** Declared fields no job returns, so nothing proves or disproves them (e.g. a batch's snapshot). */
  unverified: string[];
}

/** What one field check says about one job. */
export type FieldVerdict = "same" | "not-returned" | { declared: string; found: string };

/** One row of a field-match table. */
export interface FieldCheck<Req, J> {
  /** The input's name, as the user knows it. */
  field: string;
  /** The row applies to this request (e.g. target fields only to automated restores). */
  applies(request: Req): boolean;
  compare(request: Req, job: J): FieldVerdict;
}

/** Declared and found are equal (as text), or the job does not return the field. */
export const equalField = (declared: unknown, found: unknown): FieldVerdict =>
  found === undefined || found === null ? "not-returned" : String(declared) === String(found) ? "same" : { declared: String(declared), found: String(found) };

/** Runs a table over every part of a restore. */
export function compareWithTable<Req, J extends { id: string }>(table: readonly FieldCheck<Req, J>[], request: Req, parts: readonly J[]): RestoreComparison {
  const differences: FieldDifference[] = [];
  const unverified = new Set<string>();
  for (const check of table.filter((c) => c.applies(request))) {
    for (const job of parts) {
      const v = check.compare(request, job);
      if (v === "not-returned") unverified.add(check.field);
      else if (v !== "same") differences.push({ field: check.field, ...v, jobId: job.id });
    }
  }
  return { differences, unverified: [...unverified] };
}

/** `field: declared X, found Y (job …)`, one clause a difference. */
export function describeDifferences(differences: readonly FieldDifference[]): string {
  return differences.map((d) => `${d.field}: declared ${d.declared}, found ${d.found} (job ${d.jobId})`).join("; ");
}

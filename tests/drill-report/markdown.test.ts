/**
 * The Markdown page: verdict and failed restores before anything else, the run's facts, one table
 * row per restore with every column an auditor asks for, each restore's parts, and user strings
 * that cannot break the table or inject HTML.
 */
import { markdownText, toMarkdown } from "../../drill/report/markdown";
import { SAMPLE_ENTRIES, sampleReport } from "./sample-report";

const md = toMarkdown(sampleReport());
const lines = md.split("\n");
const restoreRows = () => {
  const start = lines.indexOf("## Restores");
  return lines.slice(start).filter((l) => l.startsWith("| ") && !l.startsWith("| Result") && !l.startsWith("| ---"));
};
const cells = (row: string) => row.slice(2, -2).split(/(?<!\\) \| /);

test("the verdict, then the failed restore with its reasons and error, come before the run and the table", () => {
  expect(lines[0]).toBe("# Drill report: examples/dr-plan.yaml");
  expect(lines[2]).toBe("**FAILED: 3 of 4 entries passed. 1 restore is not usable (failed, not finished or never started); 1 missed its RTO target.**");
  expect(lines[4]).toBe("Every time is in UTC on the server's clock (see Clock below).");
  const failed = lines.indexOf("## Failed");
  expect(failed).toBeGreaterThan(0);
  expect(failed).toBeLessThan(lines.indexOf("## Run"));
  expect(lines.indexOf("## Run")).toBeLessThan(lines.indexOf("## Restores"));
  expect(lines[failed + 2]).toBe(
    "- **FAILED** **payments-to-dr** (Cloud Backup, automated into 6b9999988d7d9d1443b41659 / PaymentsDr): status FAILED; RTO missed: 35m 30s (target 30m 00s): missed",
  );
  expect(lines[failed + 3]).toBe("  - Error: Cloud Backup restore job 65f0a1b2c3d4e5f607182950 FAILED: the target cluster PaymentsDr ran out of disk space.");
});

test("the run's facts: plan, run and what it did, stacks, server, clock, who ran it, when, engine", () => {
  for (const fact of [
    "| Plan | examples/dr-plan.yaml |",
    "| Run | 20250301T100000Z: 4 requested in this run |",
    "| Stacks | dr-drill-6b99999887d9d61443b41657 |",
    "| Server | MongoDB Atlas at cloud.mongodb.com |",
    "| Ran by | service account mdb\\_sa\\_id\\_65f0a1b2c3d4e5f6 |",
    "| Started | 2025-03-01 10:00:00 UTC |",
    "| Finished | 2025-03-01 10:35:50 UTC |",
    "| Duration | 35m 50s |",
    "| Engine | Pulumi CLI (Automation API) |",
  ]) {
    expect(lines).toContain(fact);
  }
});

test("one row per restore, failed first, with API, source, restore point, delivery, status, RTO/RPO vs target and ids", () => {
  const rows = restoreRows().slice(0, 4).map(cells);
  expect(rows.map((r) => r[1])).toEqual(["payments-to-dr", "cluster0-download", "replicaset0-to-dr", "orders-download"]);
  expect(rows[0]).toEqual([
    "FAILED",
    "payments-to-dr",
    "Cloud Backup",
    "6b99999887d9d61443b41657 / Payments",
    "pointInTime 2025-03-01T09:30:00Z → taken 2025-03-01 09:30:00 UTC",
    "automated into 6b9999988d7d9d1443b41659 / PaymentsDr",
    "requested in this run",
    "FAILED",
    "35m 30s (target 30m 00s): missed",
    "30m 12s (target 1h 00m 00s): met",
    "65f0a1b2c3d4e5f607182950",
  ]);
  // A pinned snapshot is not repeated: "snapshot X → snapshot X" said nothing.
  expect(rows[1]!.slice(0, 9)).toEqual([
    "PASSED",
    "cluster0-download",
    "legacy",
    "6b99999887d9d61443b41657 / Cluster0",
    "snapshot 5a681ff180eef54e09de20d1, taken 2025-03-01 04:00:00 UTC",
    "download",
    "requested in this run",
    "READY",
    "4m 05s (target 15m 00s): met",
  ]);
  expect(rows[1]![10]).toBe("batch 5a66689487d9d61443b41725, 5a66689487d9d61443b41720, 5a66689487d9d61443b41721, 5a66689487d9d61443b41722");
  expect(rows[3]![9]).toBe("30m 10s (no target): not measured");
});

test("every part of every restore is listed with its last event", () => {
  for (const entry of SAMPLE_ENTRIES) {
    for (const part of entry.parts) expect(md).toContain(`| ${part.name.replace(/_/g, "\\_")} | ${part.jobId} | ${part.status} |`);
  }
  expect(md).toContain("| shard-1 | 5a66689487d9d61443b41721 | READY | 2025-03-01 10:00:05 UTC | ready 2025-03-01 10:04:10 UTC |");
  expect(md).toContain("| atlas-payments-shard-0 | 65f0a1b2c3d4e5f607182950 | FAILED | 2025-03-01 10:00:12 UTC | failed 2025-03-01 10:35:42 UTC |");
});

test("a passing run says so and has no Failed section", () => {
  const passing = toMarkdown(sampleReport({ entries: SAMPLE_ENTRIES.filter((e) => e.passed) }));
  expect(passing).toContain("**PASSED: 3 of 3 entries passed.**");
  expect(passing).not.toContain("## Failed");
});

test("run errors that belong to no entry are listed as failures", () => {
  const out = toMarkdown(sampleReport({ entries: [], passed: false, errors: ["stack dr-b: the Pulumi CLI exited with code 255"] }));
  expect(out).toContain("**FAILED: 0 of 0 entries passed. No entry ran; 1 failure outside the entries (see errors).**");
  expect(out).toContain("- **FAILED** (run): stack dr-b: the Pulumi CLI exited with code 255");
});

test("user strings cannot break a table row, start a heading or inject HTML", () => {
  const hostile = { ...SAMPLE_ENTRIES[3]!, name: "a|b <img src=x onerror=alert(1)>\n# heading", error: "line1\nline2 | *bold*" };
  const out = toMarkdown(sampleReport({ entries: [hostile] }));
  expect(out).not.toContain("<img");
  expect(out).toContain("a\\|b &lt;img src=x onerror=alert(1)&gt; \\# heading");
  expect(out).toContain("line1 line2 \\| \\*bold\\*");
  const row = out.split("\n").find((l) => l.startsWith("| FAILED"))!;
  expect(cells(row)).toHaveLength(11);
  expect(markdownText("`code` [link](x) _u_ ~s~")).toBe("\\`code\\` \\[link\\](x) \\_u\\_ \\~s\\~");
});

test("durations a person reads: 8.9 years, not 77747h; the same words as the console", () => {
  const old = { ...SAMPLE_ENTRIES[2]!, rpoSeconds: 77_747 * 3600 + 27 * 60 + 11 };
  const out = toMarkdown(sampleReport({ entries: [old] }));
  expect(out).toContain("| 8.9 years (no target): not measured |");
  expect(out).not.toMatch(/77747h/);
});

test("a reused restore says so, from which run and when; notes are listed under the table", () => {
  const reused = { ...SAMPLE_ENTRIES[0]!, run: "reused" as const, reusedFrom: { runId: "20250201T100000Z", requestedAt: "2025-02-01T10:00:05Z" }, notes: ["download verification not repeated: the restore is reused from run 20250201T100000Z"] };
  const out = toMarkdown(sampleReport({ entries: [reused, SAMPLE_ENTRIES[1]!] }));
  expect(out).toContain("| Run | 20250301T100000Z: 1 requested in this run, 1 reused from an earlier run (nothing requested for them) |");
  expect(out).toContain("| reused from run 20250201T100000Z, requested 2025-02-01 10:00:05 UTC: nothing requested in this run |");
  expect(out).toContain("- **cluster0-download**: download verification not repeated: the restore is reused from run 20250201T100000Z");
});

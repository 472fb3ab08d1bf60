/**
 * Defence in depth: the model holds no secret, but an error string passed through from a server
 * may quote a delivery URL (token in path or query) or a credential. None of the three files may
 * print one; a report without secrets is left as it is.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redactReport, redactReportText } from "../../drill/report/redact-report";
import { writeReport } from "../../drill/report/write";
import { SAMPLE_ENTRIES, sampleReport } from "./sample-report";

const TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const leaky = sampleReport({
  entries: [
    {
      ...SAMPLE_ENTRIES[3]!,
      error: `download of https://restore-65f0a1b2.us-east-1.mongodb.net:27017/${TOKEN}/restore-65f0a1b2.tar.gz failed; retry https://api-backup.mongodb.com/backup/restore/v2/pull/5a66/x?token=${TOKEN}.`,
      verification: [{ part: "atlas-payments-shard-0", ok: false, checksum: "not given", error: `GET https://h.example/dl#${TOKEN} answered 403 (Authorization: Bearer ${TOKEN})` }],
    },
  ],
  errors: [`stack failed: mongodb+srv://admin:${TOKEN}@dr.example.net and {"authValue":"${TOKEN}"}`],
});

test.each([
  ["a token in a URL path", `see https://x.example:27017/${TOKEN}/file.tar.gz now`, "see https://x.example:27017/[REDACTED] now"],
  ["a token in a query, sentence punctuation kept", `at https://x.example/a?token=${TOKEN}.`, "at https://x.example/[REDACTED]?[REDACTED]."],
  ["an API path keeps its ids", "GET https://cloud.mongodb.com/api/atlas/v2/groups/6b99/clusters/C0 returned 500", "GET https://cloud.mongodb.com/api/atlas/v2/groups/6b99/clusters/C0 returned 500"],
  ["an origin alone is untouched", "server http://127.0.0.1:41235", "server http://127.0.0.1:41235"],
  ["user-info in a connection string", `mongodb://u:${TOKEN}@h:27017/db`, "mongodb://[REDACTED]@h:27017/db"],
])("%s", (_, input, expected) => {
  expect(redactReportText(input)).toBe(expected);
});

test("the JSON, Markdown and HTML of a report with a token in its error strings never contain the token", () => {
  const dir = mkdtempSync(join(tmpdir(), "drill-report-redact-"));
  try {
    const paths = writeReport(leaky, dir);
    for (const path of [paths.json, paths.markdown, paths.html]) {
      const text = readFileSync(path, "utf8");
      expect(text).not.toContain(TOKEN);
      // Markdown escapes the brackets.
      expect(text).toMatch(/\\?\[REDACTED\\?\]/);
      // The failure is still reported, with the host it concerned.
      expect(text).toContain("restore-65f0a1b2.us-east-1.mongodb.net:27017");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a report without secrets is unchanged by redaction", () => {
  const clean = sampleReport({ server: { origin: "http://127.0.0.1:41235", host: "127.0.0.1:41235", kind: "emulator", timeScale: 5, description: "the local Atlas emulator at http://127.0.0.1:41235" } });
  expect(redactReport(clean)).toEqual(clean);
});

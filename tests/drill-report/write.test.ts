/** writeReport: the three files in a folder it creates, the JSON being the data; the printed paths. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toHtml } from "../../drill/report/html";
import { toMarkdown } from "../../drill/report/markdown";
import { validateDrillReport } from "../../drill/report/validate";
import { formatReportPaths, writeReport } from "../../drill/report/write";
import { sampleReport } from "./sample-report";

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), "drill-report-write-"))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

test("creates the folder and writes JSON (the data as is), Markdown and HTML", () => {
  const report = sampleReport();
  const dir = join(root, "reports", "2025-03-01");
  const paths = writeReport(report, dir);
  expect(paths).toEqual({ json: join(dir, "drill-report.json"), markdown: join(dir, "drill-report.md"), html: join(dir, "drill-report.html") });
  const json = readFileSync(paths.json, "utf8");
  expect(JSON.parse(json)).toEqual(report);
  expect(validateDrillReport(JSON.parse(json))).toEqual(report);
  expect(json.endsWith("}\n")).toBe(true);
  expect(readFileSync(paths.markdown, "utf8")).toBe(toMarkdown(report));
  expect(readFileSync(paths.html, "utf8")).toBe(toHtml(report));
});

test("a basename names the three files; a path as basename is refused before anything is written", () => {
  const paths = writeReport(sampleReport(), root, { basename: "drill-2025-03-01T10.00" });
  expect(paths.html).toBe(join(root, "drill-2025-03-01T10.00.html"));
  expect(() => writeReport(sampleReport(), join(root, "other"), { basename: "../escape" })).toThrow(/basename "..\/escape" must be a plain file name/);
  expect(existsSync(join(root, "other"))).toBe(false);
});

test("formatReportPaths prints one aligned line per file, HTML first", () => {
  const text = formatReportPaths({ json: "/r/d.json", markdown: "/r/d.md", html: "/r/d.html" });
  expect(text.split("\n")).toEqual([
    "Drill report (HTML):      /r/d.html",
    "Drill report (Markdown):  /r/d.md",
    "Drill report (JSON):      /r/d.json",
  ]);
});

/**
 * The HTML page in a real headless Chromium (Debian's `chromium`): it renders from the file
 * writeReport wrote, nothing leaves the page, the timeline has exactly one bar per part on one
 * time axis, the failed restore comes first and is marked in colour AND text, and user strings are
 * shown as text. Screenshots and the printed PDF are kept in $ATLAS_RESTORE_TEST_ARTIFACTS when
 * that is set, else in a temporary folder (tests write nothing into the repository).
 *
 * Without /usr/bin/chromium the suite is skipped with one line; under CI=true that is a failure.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { writeReport } from "../../drill/report/write";
import { notice } from "../helpers/notices";
import { SAMPLE_ENTRIES, sampleReport } from "./sample-report";
import type { DrillReport } from "../../drill/report/model";

const CHROMIUM = "/usr/bin/chromium";
/** Flags that work on this machine (root, no GPU, no network). */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Where screenshots and the PDF are kept: $ATLAS_RESTORE_TEST_ARTIFACTS, else the suite's temporary folder. */
const KEEP = process.env.ATLAS_RESTORE_TEST_ARTIFACTS;
/** poppler-utils' pdftotext, where installed: reads the printed PDF's text back. */
const PDFTOTEXT = "/usr/bin/pdftotext";
const RED = "rgb(185, 28, 28)";

/** A computed style property of the locator's element (the test has no DOM types: tsconfig's lib is ES2022). */
const computed = (locator: Locator, property: string): Promise<string> =>
  locator.evaluate((el, p) => (globalThis as any).getComputedStyle(el)[p] as string, property);
/** Computed style of every element the locator matches. */
const computedAll = (locator: Locator, property: string): Promise<string[]> =>
  locator.evaluateAll((els, p) => els.map((el) => (globalThis as any).getComputedStyle(el)[p] as string), property);

const HOW = "install it with `apt-get install -y chromium`";
const suite = existsSync(CHROMIUM)
  ? describe
  : process.env.CI === "true"
    ? (name: string) => describe(name, () => test("Chromium is installed (required under CI=true)", () => {
        throw new Error(`${CHROMIUM} not found: ${HOW}.`);
      }))
    : (name: string, body: () => void) => {
        notice(`[drill-report html] skipped: ${CHROMIUM} not found; ${HOW}.`);
        describe.skip(name, body);
      };

suite("the HTML drill report in headless Chromium", () => {
  let browser: Browser;
  let tmp: string;
  /** Screenshots and the PDF: $ATLAS_RESTORE_TEST_ARTIFACTS when set, else `tmp` (never the repository). */
  let artifacts: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    tmp = mkdtempSync(join(tmpdir(), "drill-report-html-"));
    artifacts = KEEP ?? tmp;
    mkdirSync(artifacts, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Open the report's HTML file as a reader would; every request and console error is recorded. */
  async function open(report: DrillReport, basename: string): Promise<{ page: Page; requests: string[]; consoleErrors: string[]; url: string }> {
    const url = pathToFileURL(writeReport(report, tmp, { basename }).html).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    // Anything but the page itself would be a leak: refuse it (and it stays in `requests`).
    await page.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: "load" });
    return { page, requests, consoleErrors, url };
  }

  describe("the 4-entry sample (one Cloud Backup restore failed and missed its RTO)", () => {
    let page: Page;
    let requests: string[];
    let consoleErrors: string[];
    let url: string;
    beforeAll(async () => ({ page, requests, consoleErrors, url } = await open(sampleReport(), "sample")));
    afterAll(() => page?.close());

    test("renders with no request beyond the file, no script and no console error (CSP intact)", async () => {
      expect(await page.title()).toBe("FAILED · Drill report: examples/dr-plan.yaml");
      expect(requests).toEqual([url]);
      expect(consoleErrors).toEqual([]);
      expect(await page.locator("script, link, img, iframe, object").count()).toBe(0);
      expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    });

    test("the timeline shows exactly one bar per part, on one time axis", async () => {
      const bars = page.locator("svg.timeline g.bar");
      expect(await bars.count()).toBe(SAMPLE_ENTRIES.reduce((n, e) => n + e.parts.length, 0));
      for (const entry of SAMPLE_ENTRIES) {
        expect(await page.locator(`svg.timeline g.bar[data-entry="${entry.name}"]`).count()).toBe(entry.parts.length);
      }
      // Shared axis: every part was requested within 12 s, so the bars start together; shard-1
      // (ready at 250 s) ends right of the config server (ready at 120 s); the failed one (2142 s) ends last.
      const end = async (entry: string, part: string) =>
        page.locator(`g.bar[data-entry="${entry}"][data-part="${part}"] rect.seg`).last().evaluate((r: any) => (r.x.baseVal.value + r.width.baseVal.value) as number);
      const start = async (entry: string, part: string) =>
        page.locator(`g.bar[data-entry="${entry}"][data-part="${part}"] rect.seg`).first().evaluate((r: any) => r.x.baseVal.value as number);
      expect(await end("cluster0-download", "shard-1")).toBeGreaterThan(await end("cluster0-download", "config"));
      expect(await end("payments-to-dr", "atlas-payments-shard-0")).toBeGreaterThan(await end("replicaset0-to-dr", "ReplicaSet0"));
      expect(Math.abs((await start("cluster0-download", "shard-0")) - (await start("payments-to-dr", "atlas-payments-shard-0")))).toBeLessThan(5);
      // Each bar: requested → preparing → ready / failed.
      expect(await page.locator('g.bar[data-part="shard-0"] rect.seg').evaluateAll((rs) => rs.map((r) => r.getAttribute("class")))).toEqual([
        "seg seg-requested",
        "seg seg-preparing",
        "seg seg-ready",
      ]);
    });

    test("the failed restore is marked in the timeline: red, and FAILED in text", async () => {
      const failed = page.locator("svg.timeline g.bar.failed");
      expect(await failed.count()).toBe(1);
      expect(await failed.getAttribute("data-entry")).toBe("payments-to-dr");
      expect(await failed.getAttribute("data-end")).toBe("failed");
      expect(await failed.locator("text").allTextContents()).toEqual(["FAILED payments-to-dr / atlas-payments-shard-0", "FAILED"]);
      expect(await computedAll(failed.locator("rect.seg-failed, rect.end-failed"), "fill")).toEqual([RED, RED]);
      expect(await computed(failed.locator("text.state"), "fill")).toBe(RED);
      expect(await page.locator("svg.timeline g.bar:not(.failed) .seg-failed").count()).toBe(0);
    });

    test("failed entries are the first thing a reader sees, marked in colour and text", async () => {
      const verdict = page.locator("header.verdict");
      expect(await verdict.getAttribute("data-result")).toBe("failed");
      expect((await verdict.innerText()).trim()).toMatch(/^FAILED\s+FAILED: 3 of 4 entries passed\.\s+1 restore is not usable \(failed, not finished or never started\); 1 missed its RTO target\./);
      expect(await computed(verdict, "borderLeftColor")).toBe(RED);
      // The first section after the verdict is the failures, and it is on screen without scrolling.
      expect(await page.locator("main > section").first().getAttribute("id")).toBe("failures");
      const failure = page.locator("#failures article.failure").first();
      expect(await failure.getAttribute("data-entry")).toBe("payments-to-dr");
      const box = (await failure.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(900);
      const text = await failure.innerText();
      expect(text).toContain("FAILED");
      expect(text).toContain("RTO missed: 35m 30s (target 30m 00s): missed");
      expect(text).toContain("ran out of disk space");
      expect(await computed(failure, "borderTopColor")).toBe(RED);
      const badge = failure.locator(".badge.failed");
      expect(await badge.innerText()).toBe("FAILED");
      expect([await computed(badge, "backgroundColor"), await computed(badge, "color")]).toEqual([RED, "rgb(255, 255, 255)"]);
      // The table lists it first too, with its row marked.
      const rows = page.locator("#restores tbody tr.summary");
      expect(await rows.evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute("data-entry")}:${tr.getAttribute("data-result")}`))).toEqual([
        "payments-to-dr:failed",
        "cluster0-download:passed",
        "replicaset0-to-dr:passed",
        "orders-download:passed",
      ]);
      expect(await rows.first().locator("td").first().innerText()).toBe("FAILED");
    });

    test("shows the run's server, who ran it and when, the engine, APIs, restore points and RTO/RPO against targets", async () => {
      const facts = await page.locator("#run dl").innerText();
      for (const fact of ["MongoDB Atlas at cloud.mongodb.com", "Every time is on the API server's clock", "20250301T100000Z: 4 requested in this run", "service account mdb_sa_id_65f0a1b2c3d4e5f6", "2025-03-01 10:00:00 UTC", "2025-03-01 10:35:50 UTC", "Pulumi CLI (Automation API)"]) {
        expect(facts).toContain(fact);
      }
      const table = await page.locator("#restores").innerText();
      for (const text of ["Cloud Backup", "legacy", "snapshot 5a681ff180eef54e09de20d1", "pointInTime 2025-03-01T09:30:00Z", "automated into 6b9999988d7d9d1443b41659 / DrCluster", "requested in this run"]) {
        expect(table).toContain(text);
      }
      const rto = page.locator("#objectives svg").first().locator('g.objective[data-entry="payments-to-dr"]');
      expect(await rto.getAttribute("data-verdict")).toBe("missed");
      expect(await rto.locator("text").allTextContents()).toEqual(["MISSED payments-to-dr", "35m 30s (target 30m 00s): missed"]);
      expect(await computed(rto.locator("rect.measured"), "fill")).toBe(RED);
      // The measured bar reaches past the target line.
      const [barEnd, target] = await rto.evaluate((g: any) => {
        const r = g.querySelector("rect.measured");
        const l = g.querySelector("line.target");
        return [r.x.baseVal.value + r.width.baseVal.value, l.x1.baseVal.value] as number[];
      });
      expect(barEnd).toBeGreaterThan(target!);
    });

    test("a full-page screenshot is taken (kept in $ATLAS_RESTORE_TEST_ARTIFACTS when set)", async () => {
      const path = join(artifacts, "drill-report.png");
      await page.screenshot({ path, fullPage: true });
      expect(statSync(path).size).toBeGreaterThan(10_000);
    });
  });

  describe("layout: nothing wider than the page at 1,400 px, 800 px and on A4 paper", () => {
    /** The sample plus what stretches a page: many parts, long names, ids and errors, and a reused restore. */
    const wide = () => {
      const reused = { ...SAMPLE_ENTRIES[0]!, name: "reused-cluster0-download", run: "reused" as const, reusedFrom: { runId: "20250201T100000Z", requestedAt: "2025-02-01T10:00:05Z" }, notes: ["download verification not repeated: the restore is reused from run 20250201T100000Z, whose report holds its verification"] };
      const long = { ...SAMPLE_ENTRIES[3]!, name: `payments-${"x".repeat(60)}`, ids: ["6b99999887d9d61443b41657/Payments-with-a-very-long-cluster-name-indeed/65f0a1b2c3d4e5f607182950", ...SAMPLE_ENTRIES[0]!.ids], error: `${"E".repeat(300)} https://restore.example/${"t".repeat(80)}` };
      return sampleReport({ entries: [...SAMPLE_ENTRIES, reused, long] });
    };

    /** Every box in <main> (outside the SVGs) whose content is wider than it: clipped or scrolled content. */
    const overflowing = (page: Page) =>
      page.evaluate(() => {
        const doc = (globalThis as any).document;
        const out: string[] = [];
        for (const el of doc.querySelectorAll("main *")) {
          if (el.closest("svg") || el.clientWidth === 0) continue;
          if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
        }
        const root = doc.scrollingElement;
        if (root.scrollWidth > root.clientWidth) out.push(`page: ${root.scrollWidth} > ${root.clientWidth}`);
        return out;
      });

    test.each([1400, 800])("at %i px: no horizontal scrolling, no box wider than its content area, every id shown whole", async (width) => {
      const { page } = await open(wide(), `wide-${width}`);
      try {
        await page.setViewportSize({ width, height: 900 });
        expect(await overflowing(page)).toEqual([]);
        // Every id is on the page, whole, inside the viewport's width.
        const ids = page.locator("#restores .id");
        expect(await ids.count()).toBeGreaterThan(10);
        for (const box of await ids.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]))) {
          expect(box[0]).toBeGreaterThanOrEqual(0);
          expect(box[1]).toBeLessThanOrEqual(width);
        }
        await page.screenshot({ path: join(artifacts, `drill-report-${width}px.png`), fullPage: true });
      } finally {
        await page.close();
      }
    });

    test("printed to PDF (A4): nothing wider than the paper, and every id and error is in the PDF's text", async () => {
      const { page } = await open(wide(), "wide-print");
      try {
        await page.emulateMedia({ media: "print" });
        // A4 is 210 mm; 14 mm margins each side leave 182 mm, 688 CSS px.
        await page.setViewportSize({ width: 688, height: 1000 });
        expect(await overflowing(page)).toEqual([]);
        const pdf = join(artifacts, "drill-report.pdf");
        await page.pdf({ path: pdf, format: "A4", printBackground: true, preferCSSPageSize: true });
        expect(statSync(pdf).size).toBeGreaterThan(10_000);
        if (existsSync(PDFTOTEXT)) {
          // The PDF's own text, in layout order: an id cut at the paper's edge would be missing here.
          const text = execFileSync(PDFTOTEXT, ["-raw", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
          for (const id of wide().entries.flatMap((e) => e.ids)) expect([id, text.includes(id.replace(/\s+/g, ""))]).toEqual([id, true]);
          expect(text).toContain("E".repeat(300));
        }
      } finally {
        await page.close();
      }
    });

    test("the legend names only the states some bar shows; a reused restore is listed beside the axis, not on it", async () => {
      const noPreparing = SAMPLE_ENTRIES.map((e) => ({ ...e, parts: e.parts.map((p) => ({ ...p, events: p.events.filter((ev) => ev.state !== "preparing") })) }));
      const { page } = await open(sampleReport({ entries: noPreparing }), "legend");
      try {
        const legend = await page.locator("#timeline .legend").innerText();
        expect(legend).toMatch(/requested/);
        expect(legend).not.toMatch(/preparing/);
      } finally {
        await page.close();
      }
      const w = await open(wide(), "reused");
      try {
        expect(await w.page.locator('svg.timeline g.bar[data-entry="reused-cluster0-download"]').count()).toBe(0);
        expect(await w.page.locator("#timeline p.note").innerText()).toContain("reused-cluster0-download, reused from run 20250201T100000Z, requested 2025-02-01 10:00:05 UTC");
        expect(await w.page.locator('#restores tr.summary[data-entry="reused-cluster0-download"]').innerText()).toContain("REUSED");
      } finally {
        await w.page.close();
      }
    });
  });

  test("user strings are shown as text, never as markup", async () => {
    const hostile = { ...SAMPLE_ENTRIES[3]!, name: `<script>document.title="pwned"</script><img src="x.png">`, error: `"><b>bold</b>` };
    const { page, requests, consoleErrors, url } = await open(sampleReport({ entries: [hostile], plan: "<i>plan</i>" }), "hostile");
    try {
      expect(await page.title()).toBe("FAILED · Drill report: <i>plan</i>");
      expect(await page.locator("script, img, b, i:not(.legend i)").count()).toBe(0);
      expect(await page.locator("#failures h3").innerText()).toContain(hostile.name);
      expect(await page.locator("#failures .error").innerText()).toBe(hostile.error);
      expect(await page.locator("svg.timeline g.bar").getAttribute("data-entry")).toBe(hostile.name);
      expect(requests).toEqual([url]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test("a passing run is marked PASSED in green, with no failures section", async () => {
    const { page } = await open(sampleReport({ entries: SAMPLE_ENTRIES.filter((e) => e.passed) }), "passing");
    try {
      expect(await page.locator("header.verdict").getAttribute("data-result")).toBe("passed");
      expect(await page.locator("header.verdict h1").innerText()).toBe("PASSED PASSED: 3 of 3 entries passed.");
      expect(await page.locator("#failures").count()).toBe(0);
      expect(await page.locator("svg.timeline g.bar.failed").count()).toBe(0);
      expect(await page.locator("svg.timeline g.bar").count()).toBe(5);
    } finally {
      await page.close();
    }
  });
});

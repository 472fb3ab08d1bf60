/**
 * Group 11 of the benchmark (one plan through the plugin path, the Automation API and `pulumi up`):
 * the CLI log's timeline is read as the rows say, and the rows (or the one skip line) render. The
 * runs themselves need the built CLI and are measured by `npm run bench`; no timing is asserted.
 */
import type { EngineResults } from "../../bench/engine-paths";
import { engineTimeline } from "../../bench/engine-timeline";
import { machine } from "../../bench/machine";
import { renderReport } from "../../bench/report";

const line = (time: string, msg: string) => JSON.stringify({ time, level: "INFO", msg, v: 7 });

test("the CLI's log gives the first time of each step; other lines and repeats are skipped", () => {
  const log = [
    "plain text the CLI printed",
    line("2026-12-07T21:53:12.000000000Z", "skipping update check"),
    line("2026-12-07T21:53:14.100000000Z", "langhost[nodejs].Run(pwd=/p,root=/p, program=/p"),
    line("2026-12-07T21:53:17.280000000Z", "ResourceMonitor.RegisterResource received: t=pulumi:pulumi:Stack, name=s, custom=false"),
    line("2026-12-07T21:53:19.580000000Z", "ResourceMonitor.RegisterResource received: t=atlas:index:DisasterRecoveryPlan, name=drill, custom=false"),
    line("2026-12-07T21:53:19.630000000Z", "GetPluginPath(resource, pulumi-nodejs, <nil>, ): found on $PATH /bin/pulumi-resource-pulumi-nodejs"),
    line("2026-12-07T21:53:19.640000000Z", "GetPluginPath(resource, pulumi-nodejs, <nil>, ): found next to current executable"),
    line("2026-12-07T21:53:21.750000000Z", "Provider[0x3b2e6034be80].GetPluginInfo() success (#version=3.276.0) success"),
    line("2026-12-07T21:53:21.770000000Z", "ProviderRegistry.Create(urn:pulumi:bench::p::pulumi:providers:pulumi-nodejs::default) executing (#news=8)"),
    line("2026-12-07T21:53:22.170000000Z", "Provider[0x3b2e6034be80].Create(urn:pulumi:bench::p::atlas:index:DisasterRecoveryPlan$pulumi-nodejs:dynamic/atlas:RestoreJob::drill-e0) executing"),
    line("2026-12-07T21:53:23.000000000Z", "Provider[0x3b2e6034be80].Create(urn:pulumi:bench::p::atlas:index:DisasterRecoveryPlan$pulumi-nodejs:dynamic/atlas:RestoreJob::drill-e1) executing"),
    "{not json",
  ].join("\n");
  const at = (iso: string) => Date.parse(iso);
  expect(engineTimeline(log)).toEqual({
    programRun: at("2026-12-07T21:53:14.100Z"),
    stackRegistered: at("2026-12-07T21:53:17.280Z"),
    planRegistered: at("2026-12-07T21:53:19.580Z"),
    pluginLaunched: at("2026-12-07T21:53:19.630Z"),
    pluginReady: at("2026-12-07T21:53:21.750Z"),
    firstCreate: at("2026-12-07T21:53:22.170Z"),
  });
  expect(engineTimeline("")).toEqual({});
});

const path = (p: "plugin" | "automation" | "cli", marks: Record<string, number>) => ({
  path: p,
  entries: 4,
  wallMs: 20_000,
  startMs: 8_000,
  minMs: 10_000,
  requests: 90,
  restorePosts: 4,
  challenges: 2,
  errors: [],
  marks,
  tailMs: 400,
});

test("the rows: wall over the restores' own duration, the start, requests; the CLI's steps and plugin cold start", () => {
  const engines: EngineResults = {
    paths: [path("plugin", { pluginReady: 3_000 }), path("automation", { stackRegistered: 800, planRegistered: 3_000, pluginLaunched: 3_200, pluginReady: 5_000, firstCreate: 5_500 }), path("cli", {})],
  };
  const text = renderReport({ machine: machine(), startedAt: "2026-01-01T00:00:00.000Z", seconds: 1, engines });
  expect(text).toContain("| 11 engine paths, 4-entry plan | plugin path: local engine + the SDK's dynamic-provider plugin | wall 20.0 s = 2.00× the restores' own 10.0 s; first request 8.0 s after the start, then 1.20×; 90 req (4 restore POSTs, 2× 401)");
  expect(text).toContain("plugin launched 3.2 s, listening 5.0 s, first Create 5.5 s (plugin cold start 2.3 s)");
  expect(text).toContain("`pulumi up --yes --skip-preview` of a Pulumi.yaml project");
  expect(text).not.toContain("skipped");
});

test("without a built CLI: the plugin path's row and one line saying why the others are skipped", () => {
  const engines: EngineResults = { paths: [path("plugin", { pluginReady: 3_000 })], skipped: "no Pulumi CLI build found (npm run build:pulumi-cli)" };
  const text = renderReport({ machine: machine(), startedAt: "2026-01-01T00:00:00.000Z", seconds: 1, engines });
  expect(text.match(/^\| 11 engine paths/gm)).toHaveLength(1);
  expect(text).toContain("Group 11: the Automation API and `pulumi up` rows were skipped: no Pulumi CLI build found (npm run build:pulumi-cli).");
});

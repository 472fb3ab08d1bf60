/**
 * `npm run bench`: every measurement of issue 6, the Cloud Backup (v2) rows of issue 11 beside
 * the legacy ones (groups 7–9), a 50-entry DR plan across 5 projects (group 10) and one 4-entry
 * plan through the plugin path, the Automation API and `pulumi up` (group 11), in one run against
 * the local emulator, printed as one table (see BENCHMARKS.md for what each figure means).
 *
 *   node dist/bench/run.js [--only restores,batch,plugin,ratelimit,throughput,tokens,cloud,bucket,plan,engines] [--json FILE]
 *
 * Phases run one after another so they do not disturb each other's timing; within a phase the
 * cases run side by side. About 3 minutes on a 2-core machine (plus ~30 s of build), most of it
 * spent waiting on clocks: the 2-hour restore at ×240 (30 s), the real 60 s rate-limit window and
 * the v2 token bucket's real refill (~33 s) and the plan's restores (~2 min over its four cases).
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { measureBatch } from "./batch-polls";
import { APIS, measureApiRestore, measureCloudBatch, TOPOLOGIES } from "./cloud-backup-restores";
import { realNow } from "./clock";
import { machine } from "./machine";
import { measureEnginePaths } from "./engine-paths";
import { measurePlanDrill, PLAN_CASES } from "./plan-drill";
import { measurePlugin } from "./plugin-start";
import { measureRateLimit } from "./rate-limit";
import { renderReport, type BenchResults } from "./report";
import { measureRestore } from "./restore-latency";
import { measureTokens } from "./service-account";
import { measureThroughput } from "./throughput";
import { BUCKET_CASES, measureTokenBucket } from "./token-bucket";

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const PHASES = ["restores", "batch", "plugin", "ratelimit", "throughput", "tokens", "cloud", "bucket", "plan", "engines"] as const;
type Phase = (typeof PHASES)[number];

/** Emulated restore duration → scale of its real-time run: ~1 s, ~10 s and ~30 s of real time. */
const RESTORES: readonly [restoreMs: number, scale: number][] = [
  [10_000, 10],
  [600_000, 60],
  [7_200_000, 240],
];
const BATCH_PARTS = [3, 5, 11];

function parseArgs(argv: string[]): { phases: Set<Phase>; json?: string } {
  const value = (flag: string) => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    return argv[i].includes("=") ? argv[i].slice(flag.length + 1) : argv[i + 1];
  };
  const only = value("--only");
  const phases = new Set<Phase>(only ? (only.split(",") as Phase[]) : PHASES);
  for (const p of phases) if (!PHASES.includes(p)) throw new Error(`Unknown phase ${p}; use ${PHASES.join(", ")}.`);
  return { phases, json: value("--json") };
}

async function main(): Promise<void> {
  const { phases, json } = parseArgs(process.argv.slice(2));
  const started = realNow();
  const load = () => loadavg()[0].toFixed(2);
  const results: BenchResults = { machine: machine(), startedAt: new Date().toISOString(), seconds: 0 };
  const loadAtStart = load();
  const step = (name: string) => process.stderr.write(`[bench] ${name}…\n`);

  if (phases.has("restores")) {
    // Exact clocks first: they poll flat out and would slow the real-time runs' event loop.
    step("restores of 10 s, 10 min, 2 h on exact clocks");
    results.restores = (await Promise.all(RESTORES.map(([d, scale]) => measureRestore(d, "exact", scale)))).flat();
  }
  if (phases.has("restores") || phases.has("batch")) {
    step("the same restores in scaled real time (×10, ×60, ×240) and sharded batches, side by side");
    const [scaled, batches] = await Promise.all([
      phases.has("restores") ? Promise.all(RESTORES.map(([d, scale]) => measureRestore(d, "scaled", scale))).then((r) => r.flat()) : [],
      phases.has("batch") ? Promise.all(BATCH_PARTS.map((n) => measureBatch(n))) : undefined,
    ]);
    results.restores = [...(results.restores ?? []), ...scaled];
    results.batches = batches;
  }
  if (phases.has("ratelimit")) {
    step("200 jobs across 4 projects under 100 requests/min/project (real 60 s window)");
    // The two cases overlap, the second started 10 s late so that neither one's bursts (start,
    // window resets) land on the other's: the budget's accuracy depends on request latency.
    results.rateLimits = await Promise.all([measureRateLimit(1), delay(10_000).then(() => measureRateLimit(2))]);
  }
  if (phases.has("plugin")) {
    step("serialized provider size and plugin cold start");
    results.plugin = await measurePlugin(5);
  }
  if (phases.has("throughput")) {
    step("emulator throughput");
    results.throughput = await measureThroughput();
  }
  if (phases.has("tokens")) {
    step("service-account token requests: 200 concurrent restores, a 2-hour wait");
    results.tokens = await measureTokens();
  }
  if (phases.has("cloud")) {
    step("Cloud Backup beside legacy: create → ready on exact clocks, sharded downloads' requests per poll");
    const cases = RESTORES.flatMap(([d]) => TOPOLOGIES.flatMap((t) => APIS.map((a) => [d, a, t] as const)));
    [results.apiRestores, results.cloudBatches] = await Promise.all([
      Promise.all(cases.map(([d, a, t]) => measureApiRestore(d, a, t))),
      Promise.all(BATCH_PARTS.map((n) => measureCloudBatch(n))),
    ]);
  }
  if (phases.has("bucket")) {
    step("20 concurrent Cloud Backup downloads in one project under a scaled-down v2 token bucket (real time)");
    results.tokenBuckets = await Promise.all(BUCKET_CASES.map((k) => measureTokenBucket(k)));
  }
  if (phases.has("plan")) {
    step("a 50-entry DR plan across 5 projects, one stack per project in parallel (plugin path), per maxConcurrentRestores");
    // One case after another: each runs 5 stacks (10 processes) at once, and the wall times are the figures.
    results.planDrills = [];
    for (const kase of PLAN_CASES) results.planDrills.push(await measurePlanDrill(kase));
  }
  if (phases.has("engines")) {
    step("one 4-entry plan through the plugin path, the Automation API with the real CLI, and `pulumi up` of a Pulumi.yaml project");
    results.engines = await measureEnginePaths();
    if (results.engines.skipped) step(`real-engine rows skipped: ${results.engines.skipped}`);
  }
  results.seconds = (realNow() - started) / 1000;
  results.loadAverage = { start: loadAtStart, end: load() };
  process.stdout.write(`${renderReport(results)}\n`);
  if (json) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[bench] failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});

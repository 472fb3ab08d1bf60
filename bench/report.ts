/**
 * Pure: the results of one run → ONE markdown table (plus the machine line and notes), figures
 * side by side, each target judged from the figures themselves.
 */
import type { BatchResult } from "./batch-polls";
import type { ApiRestoreResult, CloudBatchResult, Topology } from "./cloud-backup-restores";
import type { TokenBucketResult } from "./token-bucket";
import type { EnginePath, EngineResults } from "./engine-paths";
import type { PlanDrillResult } from "./plan-drill";
import { describeMachine, type Machine } from "./machine";
import type { PluginFigures } from "./plugin-start";
import type { RateLimitResult } from "./rate-limit";
import type { LatencyResult, Poller } from "./restore-latency";
import type { TokenResult } from "./service-account";
import type { ThroughputResult } from "./throughput";

export interface BenchResults {
  machine: Machine;
  startedAt: string;
  restores?: LatencyResult[];
  batches?: BatchResult[];
  plugin?: PluginFigures;
  rateLimits?: RateLimitResult[];
  throughput?: ThroughputResult[];
  tokens?: TokenResult[];
  /** Group 7: create → ready, legacy and Cloud Backup side by side (exact clocks). */
  apiRestores?: ApiRestoreResult[];
  /** Group 8: requests per poll of a Cloud Backup sharded download. */
  cloudBatches?: CloudBatchResult[];
  /** Group 9: the v2 token-bucket budget. */
  tokenBuckets?: TokenBucketResult[];
  /** Group 10: a DR plan across projects, one stack per project. */
  planDrills?: PlanDrillResult[];
  /** Group 11: one 4-entry plan through the plugin path, the Automation API and `pulumi up`. */
  engines?: EngineResults;
  /** 1-minute load average when the run started and ended (other work on the machine). */
  loadAverage?: { start: string; end: string };
  /** Real seconds the measurements took (after the build). */
  seconds: number;
}

export const TARGETS = {
  tenMinuteRequests: 30,
  tenMinuteDelayMs: 30_000,
  tenSecondDelayMs: 2_000,
  requestsPerPoll: 1,
  providerBytes: 4_096,
  rateLimitRatio: 1.2,
  userVisible429: 0,
  tokensPer200Restores: 1,
  tokensPerTwoHourWait: 3,
  planRatio: 1.1,
} as const;

type Row = [measurement: string, kase: string, provider: string, sideBySide: string, target: string, met: string];

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms = (v: number) => `${Math.round(v)} ms`;
const yes = (ok: boolean) => (ok ? "**met**" : "**MISSED**");
const int = (n: number) => n.toLocaleString("en-US");

export function restoreLabel(restoreMs: number): string {
  if (restoreMs < 60_000) return `${restoreMs / 1000} s restore`;
  if (restoreMs < 3_600_000) return `${restoreMs / 60_000} min restore`;
  return `${restoreMs / 3_600_000} h restore`;
}

const POLLER_LABEL: Record<Poller, string> = {
  provider: "this provider",
  "provider-nonce5m": "this provider, nonces expiring every 5 min",
  "watch-4s": "4 s poller (`atlas backups restores watch`)",
  "watch-4s-cli": "4 s poller, digest challenge on every request (Go CLI)",
};

const lists = (r: { lists: number }) => (r.lists ? `${r.lists === 1 ? "" : `${r.lists} `}list${r.lists === 1 ? "" : "s"}, ` : "");

const figures = (r: LatencyResult) =>
  `${int(r.requests)} req (${r.challenges}× 401, ${lists(r)}POST, ${int(r.polls)} polls${r.rateLimited ? `, ${r.rateLimited}× 429` : ""}); returned ${s(r.delayMs)} after ready`;

const stretch = (r: LatencyResult) => `rounds stretched ${s(r.overheadPerRoundMs)} each`;

function restoreRows(results: LatencyResult[]): Row[] {
  const rows: Row[] = [];
  const durations = [...new Set(results.map((r) => r.restoreMs))].sort((a, b) => a - b);
  for (const d of durations) {
    const find = (p: Poller, mode: "scaled" | "exact") => results.find((r) => r.restoreMs === d && r.poller === p && r.mode === mode);
    for (const poller of ["provider", "watch-4s", "watch-4s-cli", "provider-nonce5m"] as const) {
      const exact = find(poller, "exact");
      const scaled = find(poller, "scaled");
      const main = exact ?? scaled;
      if (!main) continue;
      let target = "—";
      let met = "—";
      const isProvider = poller === "provider" || poller === "provider-nonce5m";
      if (isProvider && d === 10_000) {
        target = `seen ≤ ${s(TARGETS.tenSecondDelayMs)} after ready`;
        met = yes(main.delayMs <= TARGETS.tenSecondDelayMs);
      } else if (isProvider && d === 600_000) {
        target = `≤ ${TARGETS.tenMinuteRequests} req, ≤ ${s(TARGETS.tenMinuteDelayMs)}`;
        met = yes(main.requests <= TARGETS.tenMinuteRequests && main.delayMs <= TARGETS.tenMinuteDelayMs);
      }
      rows.push([
        "1 create → ready",
        `${restoreLabel(d)}: ${POLLER_LABEL[poller]}`,
        main === exact ? figures(main) : `${figures(main)} (×${main.scale}, ${stretch(main)})`,
        scaled && main !== scaled ? `×${scaled.scale} real time: ${figures(scaled)}; ${stretch(scaled)}` : "",
        target,
        met,
      ]);
    }
  }
  return rows;
}

function batchRows(results: BatchResult[]): Row[] {
  return results.map((b) => [
    "2 sharded batch",
    `${b.parts} parts (${b.parts - 1} shards + config)`,
    `${b.requestsPerPoll.toFixed(2)} req/poll (${b.requests} req over ${b.polls} polls)`,
    `one GET per job would be ${b.parts} req/poll`,
    `${TARGETS.requestsPerPoll} req/poll`,
    yes(b.requestsPerPoll <= TARGETS.requestsPerPoll),
  ]);
}

function pluginRows(p: PluginFigures): Row[] {
  const m = p.median;
  const totals = p.runs.map((r) => r.totalMs);
  return [
    ["3 state size", "serialized `__provider`", `${int(p.providerBytes)} B`, "", `≤ ${int(TARGETS.providerBytes)} B`, yes(p.providerBytes <= TARGETS.providerBytes)],
    [
      "3 plugin cold start",
      `spawn → first Create answered (median of ${p.runs.length})`,
      `${ms(m.totalMs)} (min ${ms(Math.min(...totals))}, max ${ms(Math.max(...totals))})`,
      `spawn→port ${ms(m.spawnMs)}, configure ${ms(m.configureMs)}, first check ${ms(m.checkMs)}, create ${ms(m.createMs)}`,
      "—",
      "—",
    ],
  ];
}

function rateLimitRows(results: RateLimitResult[]): Row[] {
  return results.map((r) => [
    "4 200 jobs / 4 projects",
    r.processes === 1 ? "one client budget (one plugin process)" : `${r.processes} client budgets unaware of each other (${r.processes} plugin processes)`,
    `wall ${s(r.wallMs)} = ${r.ratio.toFixed(2)}× min ${s(r.minWallMs)}; ${int(r.requests)} req (${int(r.challenges)}× 401, ${r.acceptedPerProject} accepted on the busiest project)`,
    `429s: emulator ${r.rateLimitedAtEmulator}, client ${r.rateLimitedAtClient}, user ${r.userErrors}; ${r.retries} retries; ` +
      `held back ${s(r.throttledMs / r.jobs)} per restore on average; first request counted by the server ${s(r.firstCountedLagMs)} after its grant (budget margin 1.0 s); N/limit bound ${s(r.proportionalMinMs)}`,
    `ratio ≤ ${TARGETS.rateLimitRatio}, 0 user-visible 429`,
    yes(r.ratio <= TARGETS.rateLimitRatio && r.userErrors === TARGETS.userVisible429),
  ]);
}

function throughputRows(results: ThroughputResult[]): Row[] {
  return results.map((t) => [
    "5 emulator throughput",
    `${t.clients} client${t.clients === 1 ? "" : "s"}, GET one job ×${int(t.requests)}`,
    `${int(Math.round(t.perSecond))} req/s`,
    `p50 ${t.p50Ms.toFixed(2)} ms, p99 ${t.p99Ms.toFixed(2)} ms`,
    "—",
    "—",
  ]);
}

function tokenRows(results: TokenResult[]): Row[] {
  return results.map((t) => {
    const target = t.kase === "2 h wait" ? TARGETS.tokensPerTwoHourWait : TARGETS.tokensPer200Restores;
    const when = t.kase === "2 h wait" ? ` over ${(t.emulatedMs / 3_600_000).toFixed(2)} emulated h (1-hour tokens, exact clock)` : "";
    return [
      "6 service-account tokens",
      t.kase,
      `${t.tokenRequests} token request${t.tokenRequests === 1 ? "" : "s"}${when}`,
      `${int(t.apiRequests)} API requests in the same run (a token per request would mint that many)`,
      t.kase === "2 h wait" ? `≤ ${target}` : `${target}`,
      yes(t.tokenRequests <= target),
    ];
  });
}

const TOPOLOGY_LABEL: Record<Topology, string> = { replicaSet: "replica set", sharded: "sharded, 2 shards + config" };

const apiFigures = (r: ApiRestoreResult) =>
  `${int(r.requests)} req (${r.challenges}× 401, ${r.snapshotReads ? `${r.snapshotReads} snapshot read, ` : ""}${lists(r)}POST, ${int(r.polls)} polls); ` +
  `returned ${s(r.delayMs)} after ready; ${r.parts} archive${r.parts === 1 ? "" : "s"}`;

function apiRestoreRows(results: ApiRestoreResult[]): Row[] {
  const rows: Row[] = [];
  const durations = [...new Set(results.map((r) => r.restoreMs))].sort((a, b) => a - b);
  for (const d of durations) {
    for (const topology of ["replicaSet", "sharded"] as const) {
      const cloud = results.find((r) => r.restoreMs === d && r.topology === topology && r.api === "cloudBackup");
      const legacy = results.find((r) => r.restoreMs === d && r.topology === topology && r.api === "legacy");
      if (!cloud) continue;
      let target = "—";
      let met = "—";
      if (d === 10_000) {
        target = `seen ≤ ${s(TARGETS.tenSecondDelayMs)} after ready`;
        met = yes(cloud.delayMs <= TARGETS.tenSecondDelayMs);
      } else if (d === 600_000) {
        target = `≤ ${TARGETS.tenMinuteRequests} req, ≤ ${s(TARGETS.tenMinuteDelayMs)}`;
        met = yes(cloud.requests <= TARGETS.tenMinuteRequests && cloud.delayMs <= TARGETS.tenMinuteDelayMs);
      }
      rows.push([
        "7 create → ready, v2",
        `${restoreLabel(d)}, download of a ${TOPOLOGY_LABEL[topology]}: CloudBackupRestoreJob`,
        apiFigures(cloud),
        legacy ? `legacy RestoreJob, same case: ${apiFigures(legacy)}` : "",
        target,
        met,
      ]);
    }
  }
  return rows;
}

function cloudBatchRows(results: CloudBatchResult[], legacy: BatchResult[]): Row[] {
  return results.map((b) => {
    const l = legacy.find((x) => x.parts === b.parts);
    return [
      "8 sharded download, v2",
      `${b.parts} parts (${b.parts - 1} shards + config), one job with ${b.parts} components`,
      `${b.requestsPerPoll.toFixed(2)} req/poll (${b.requests} req over ${b.polls} polls)`,
      l ? `legacy batch of ${l.parts} jobs: ${l.requestsPerPoll.toFixed(2)} req/poll (${l.requests} req over ${l.polls} polls)` : "",
      `${TARGETS.requestsPerPoll} req/poll`,
      yes(b.requestsPerPoll <= TARGETS.requestsPerPoll),
    ];
  });
}

function tokenBucketRows(results: TokenBucketResult[]): Row[] {
  return results.map((r) => [
    "9 v2 token bucket",
    `${r.restores} concurrent downloads, one project: ${r.kase}`,
    `wall ${s(r.wallMs)} = ${r.ratio.toFixed(2)}× min ${s(r.minWallMs)}; ${int(r.requests)} req (${int(r.challenges)}× 401, ${r.accepted} accepted, ${r.acceptedStarts} of them snapshot reads and POSTs)`,
    `429s: emulator ${r.rateLimitedAtEmulator}, client ${r.rateLimitedAtClient}, user ${r.userErrors}; ${r.retries} retries; held back ${s(r.throttledMs / r.restores)} per restore on average`,
    // No ratio target: the bound is close to the restore itself, so the poll schedule's step
    // (up to one interval late) and the machine's load decide the ratio (BENCHMARKS.md, group 9).
    `${TARGETS.userVisible429} user-visible 429`,
    yes(r.userErrors === TARGETS.userVisible429),
  ]);
}

/** The most restores a plan case may run at once per project: its bound, else every entry of the project. */
export const planBound = (r: PlanDrillResult): number => r.maxConcurrentRestores ?? r.entries / r.projects;

function planDrillRows(results: PlanDrillResult[]): Row[] {
  return results.map((r) => {
    const busiest = r.bounds.reduce((a, b) => (b.minMs > a.minMs ? b : a));
    const boundBy = busiest.rateBoundMs > busiest.criticalPathMs ? "rate limit" : "critical path";
    const postsPerEntry = r.restorePosts / r.entries;
    const bound = planBound(r);
    const peakOk = r.peakPerProject.every((p) => p <= bound) && r.peakOverall <= bound * r.projects;
    return [
      `10 DR plan, ${r.entries} entries / ${r.projects} projects`,
      r.kase,
      `restore phase ${r.restorePhaseRatio.toFixed(2)}× its minimum (each project's first request → its stack done); ` +
        `wall from go ${s(r.wallMs)} = ${r.ratio.toFixed(2)}× min ${s(r.minMs)} (${boundBy}: path ${s(busiest.criticalPathMs)}, rate ${s(busiest.rateBoundMs)}); ` +
        `${postsPerEntry.toFixed(2)} restore POST/entry, ${(r.requests / r.entries).toFixed(2)} req/entry (${int(r.requests)} req, ${r.challenges}× 401)`,
      `peak concurrent restores ${Math.max(...r.peakPerProject)} per project (${r.peakPerProject.join(", ")}), ${r.peakOverall} overall; ` +
        `429s: emulator ${r.rateLimitedAtEmulator}, user-visible ${r.userErrors}; plugins started in ${s(r.startMs)} before go, first request ${s(r.startupMs)} after go (slowest project); ` +
        `seen ready ${s(r.seenLateMs.awaited)} late on average where another entry runs after it, ${s(r.seenLateMs.others)} elsewhere; last seen → stack done ${s(r.tailMs)}`,
      `restore phase ≤ ${TARGETS.planRatio.toFixed(2)}×, 1.00 POST/entry, peak ≤ ${bound}/project, 0 user-visible errors`,
      yes(r.restorePhaseRatio <= TARGETS.planRatio && postsPerEntry === 1 && r.repeatedPosts === 0 && peakOk && r.userErrors === 0),
    ];
  });
}

const ENGINE_LABEL: Record<EnginePath, string> = {
  plugin: "plugin path: local engine + the SDK's dynamic-provider plugin",
  automation: "Automation API + the real `pulumi` (inline program)",
  cli: "`pulumi up --yes --skip-preview` of a Pulumi.yaml project (Node.js language host)",
};

function engineRows(r: EngineResults): Row[] {
  return r.paths.map((p) => {
    const m = p.marks;
    const at = (ms: number | undefined) => (ms === undefined ? "?" : s(ms));
    const steps =
      p.path === "plugin"
        ? `plugin started and configured ${at(m.pluginReady)} after the fork`
        : `program: stack registered ${at(m.stackRegistered)}, plan ${at(m.planRegistered)}; plugin launched ${at(m.pluginLaunched)}, listening ${at(m.pluginReady)}, first Create ${at(m.firstCreate)}` +
          (m.pluginLaunched !== undefined && m.firstCreate !== undefined ? ` (plugin cold start ${s(m.firstCreate - m.pluginLaunched)})` : "");
    return [
      `11 engine paths, ${p.entries}-entry plan`,
      ENGINE_LABEL[p.path],
      `wall ${s(p.wallMs)} = ${(p.wallMs / p.minMs).toFixed(2)}× the restores' own ${s(p.minMs)}; first request ${s(p.startMs)} after the start, ` +
        `then ${((p.wallMs - p.startMs) / p.minMs).toFixed(2)}×; ${int(p.requests)} req (${p.restorePosts} restore POSTs, ${p.challenges}× 401)`,
      `${steps}; last request → end ${s(p.tailMs)}${p.errors.length ? `; ERROR: ${p.errors[0]}` : ""}`,
      "—",
      p.errors.length ? "**FAILED**" : "—",
    ];
  });
}

export function renderTable(r: BenchResults): string {
  const rows: Row[] = [
    ...restoreRows(r.restores ?? []),
    ...batchRows(r.batches ?? []),
    ...(r.plugin ? pluginRows(r.plugin) : []),
    ...rateLimitRows(r.rateLimits ?? []),
    ...throughputRows(r.throughput ?? []),
    ...tokenRows(r.tokens ?? []),
    ...apiRestoreRows(r.apiRestores ?? []),
    ...cloudBatchRows(r.cloudBatches ?? [], r.batches ?? []),
    ...tokenBucketRows(r.tokenBuckets ?? []),
    ...planDrillRows(r.planDrills ?? []),
    ...(r.engines ? engineRows(r.engines) : []),
  ];
  const header: Row = ["measurement", "case", "result", "alongside, same run", "target", "met"];
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function renderReport(r: BenchResults): string {
  const notes: string[] = [];
  if (r.restores?.length) {
    notes.push(
      "Row group 1: \"result\" is the exact clock (moves only when the poller sleeps; round trips take no emulated time). " +
        "\"alongside\" is the same case on a clock running ×N real time, where each round also takes (real round trip + timer lateness) × N.",
    );
  }
  const errors = [
    ...(r.rateLimits ?? []).filter((x) => x.firstError).map((x) => `${x.processes} process(es): ${x.firstError}`),
    ...(r.tokenBuckets ?? []).filter((x) => x.firstError).map((x) => `${x.kase}: ${x.firstError}`),
    ...(r.planDrills ?? []).filter((x) => x.firstError).map((x) => `plan, ${x.kase}: ${x.firstError}`),
  ];
  if (errors.length) notes.push(`First user-visible error: ${errors.join(" / ")}`);
  if (r.engines?.skipped) notes.push(`Group 11: the Automation API and \`pulumi up\` rows were skipped: ${r.engines.skipped}.`);
  return [
    `pulumi-atlas-restore benchmark — ${r.startedAt}`,
    `Machine: ${describeMachine(r.machine)}; load average at start ${r.loadAverage?.start ?? "?"}, at end ${r.loadAverage?.end ?? "?"}`,
    "",
    renderTable(r),
    "",
    ...notes,
    `Measurements took ${r.seconds.toFixed(0)} s (plus the build).`,
  ].join("\n");
}

/**
 * Where a real `pulumi up` spends its start, from its own log (`--logtostderr -v=7`: one JSON line
 * per event, with a wall-clock `time`): the language host, the program's first registrations, the
 * dynamic-provider plugin's launch, handshake and first Create. Pure.
 */

/** Epoch ms of each step the log shows (absent: the log did not show it). */
export interface EngineTimeline {
  /** The language host is asked to run the program (absent with an inline Automation API program). */
  programRun?: number;
  /** The program registered its stack resource: Node and the SDK are loaded. */
  stackRegistered?: number;
  /** The program registered the DisasterRecoveryPlan: the package is loaded and the plan checked. */
  planRegistered?: number;
  /** The engine looks up the dynamic-provider plugin to launch it. */
  pluginLaunched?: number;
  /** The plugin answered its first call (it listens). */
  pluginReady?: number;
  /** The engine's first Create call to the plugin. */
  firstCreate?: number;
}

const MARKS: readonly [keyof EngineTimeline, RegExp][] = [
  ["programRun", /^langhost\[nodejs\]\.Run\(/],
  ["stackRegistered", /^ResourceMonitor\.RegisterResource received: t=pulumi:pulumi:Stack,/],
  ["planRegistered", /^ResourceMonitor\.RegisterResource received: t=atlas:index:DisasterRecoveryPlan,/],
  ["pluginLaunched", /^GetPluginPath\(resource, pulumi-nodejs,/],
  ["pluginReady", /^Provider\[[^\]]+\]\.GetPluginInfo\(\) success/],
  ["firstCreate", /^Provider\[[^\]]+\]\.Create\(urn:[^)]*dynamic\//],
];

/** The first time each mark appears in the CLI's JSON log lines (other lines are skipped). */
export function engineTimeline(stderr: string): EngineTimeline {
  const out: EngineTimeline = {};
  for (const line of stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { time?: string; msg?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof entry.msg !== "string" || typeof entry.time !== "string") continue;
    const at = Date.parse(entry.time);
    if (!Number.isFinite(at)) continue;
    for (const [mark, re] of MARKS) if (out[mark] === undefined && re.test(entry.msg)) out[mark] = at;
  }
  return out;
}

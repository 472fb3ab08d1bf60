/**
 * `npm run chaos -- --schedules N --seed S [--concurrency C] [--time-scale X] [--known-gaps]`
 * `npm run chaos -- --replay S:I` (exactly schedule I of seed S, alone)
 *
 * Runs the randomized fault campaign against the emulator on the plugin path and ends with one
 * line: `chaos: N schedules, V violations (seed S)`. Exit code 1 when V > 0.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { runCampaign, type ScheduleOutcome } from "./campaign";
import { figureLines, finalLine, violationReport } from "./report";

function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      schedules: { type: "string", default: "100" },
      seed: { type: "string" },
      replay: { type: "string" },
      concurrency: { type: "string", default: "6" },
      "time-scale": { type: "string", default: "100" },
      "known-gaps": { type: "boolean", default: false },
    },
  });
  const replay = values.replay ? /^(\d+):(\d+)$/.exec(values.replay) : undefined;
  if (values.replay && !replay) throw new Error(`--replay takes <seed>:<index>, e.g. --replay 1234:17 (got "${values.replay}")`);
  const seed = replay ? Number(replay[1]) : values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000;
  const count = Number(values.schedules);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number >= 0 (got "${values.seed}")`);
  if (!replay && !(Number.isSafeInteger(count) && count > 0)) throw new Error(`--schedules must be a whole number > 0 (got "${values.schedules}")`);
  const indices = replay ? [Number(replay[2])] : Array.from({ length: count }, (_, i) => i);
  let shown = 0;
  const onSchedule = (o: ScheduleOutcome) => {
    shown += 1;
    if (o.violations.length > 0) console.log(violationReport(o));
    if (values["known-gaps"] || replay) for (const g of o.knownGaps) console.log(`chaos: known gap in ${o.schedule.seed}:${o.schedule.index}: ${g}`);
    if (!replay && shown % 50 === 0) console.error(`chaos: ${shown}/${indices.length} schedules done`);
  };
  return runCampaign({
    seed,
    schedules: indices,
    concurrency: replay ? 1 : Number(values.concurrency),
    timeScale: Number(values["time-scale"]),
    onSchedule,
  }).then((figures) => {
    for (const line of figureLines(figures, loadavg().map((l) => l.toFixed(2)).join(" "))) console.log(line);
    console.log(finalLine(figures, seed));
    return figures.violations > 0 ? 1 : 0;
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`chaos: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);

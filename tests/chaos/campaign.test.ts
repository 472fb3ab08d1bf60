/**
 * The randomized fault campaign (chaos/) in `npm test`: a fixed set of schedules of a fixed seed,
 * on the plugin path (program hosts running the real dynamic-provider plugin, the emulator over
 * HTTP), every trace checked by the invariant table: 0 violations. The campaign must also have
 * done what it is for (faults served, restores started, plugins killed), so it cannot pass by
 * doing nothing. A failure prints each violation with its replay command.
 */
import { runCampaign, type ScheduleOutcome } from "../../chaos/campaign";
import { violationReport } from "../../chaos/report";

jest.setTimeout(240_000);

/** Seed and count of the fixed set (`npm run chaos -- --seed 17 --schedules 24` runs the same). */
const SEED = 17;
const SCHEDULES = 24;

test(`chaos: ${SCHEDULES} schedules of seed ${SEED}, 0 violations`, async () => {
  const broken: ScheduleOutcome[] = [];
  const figures = await runCampaign({
    seed: SEED,
    schedules: Array.from({ length: SCHEDULES }, (_, i) => i),
    concurrency: 4,
    onSchedule: (o) => o.violations.length > 0 && broken.push(o),
  });
  expect(broken.map(violationReport)).toEqual([]);
  expect(figures.schedules).toBe(SCHEDULES);
  // Not vacuous: faults reached the server, restores ran, plugins died mid-operation.
  expect(Object.values(figures.faultsServed).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
  expect(figures.restoresStarted).toBeGreaterThan(SCHEDULES);
  expect(figures.kills.fired).toBeGreaterThan(0);
  expect(figures.ops.up).toBeGreaterThan(SCHEDULES * 2);
});

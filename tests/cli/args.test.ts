/** `atlas-restore drill` flags → options; every mistake a UsageError naming the flag. */
import { DEFAULT_PARALLEL, parseDrillArgs, UsageError } from "../../cli/drill/args";

test("a plan file and defaults: name from the file, 4 stacks at once, no emulator", () => {
  expect(parseDrillArgs(["plans/q3-drill.yaml"])).toEqual({
    help: false,
    version: false,
    planFile: "plans/q3-drill.yaml",
    name: "q3-drill",
    emulator: false,
    timeScale: undefined,
    fixtures: undefined,
    stateDir: undefined,
    backendUrl: undefined,
    reportDir: undefined,
    parallel: DEFAULT_PARALLEL,
    requestsPerMinute: undefined,
    check: false,
  });
});

test("every flag", () => {
  const o = parseDrillArgs([
    "p.json", "--emulator", "--time-scale", "20", "--fixtures", "f.json", "--state-dir", "st", "--report-dir", "rep",
    "--name", "dr.2026-q4", "--parallel", "2", "--requests-per-minute", "50", "--check", "--run-id", "2026-q4",
  ]);
  expect(o).toMatchObject({ planFile: "p.json", name: "dr.2026-q4", emulator: true, timeScale: 20, fixtures: "f.json", stateDir: "st", reportDir: "rep", parallel: 2, requestsPerMinute: 50, check: true, runId: "2026-q4" });
  expect(parseDrillArgs(["p.yaml", "--backend-url", "s3://bucket/drills"]).backendUrl).toBe("s3://bucket/drills");
});

test("--help and --version need no plan file", () => {
  expect(parseDrillArgs(["-h"]).help).toBe(true);
  expect(parseDrillArgs(["--help", "x.yaml"]).help).toBe(true);
  expect(parseDrillArgs(["--version"])).toMatchObject({ help: false, version: true });
});

test.each([
  [[], /Missing the plan file/],
  [["a.yaml", "b.yaml"], /One plan file, please: got a.yaml, b.yaml/],
  [["a.yaml", "--nope"], /Unknown option '--nope'/],
  [["a.yaml", "--parallel", "0"], /Invalid --parallel 0: use a whole number from 1/],
  [["a.yaml", "--parallel", "1.5"], /Invalid --parallel 1.5/],
  [["a.yaml", "--requests-per-minute", "x"], /Invalid --requests-per-minute x/],
  [["a.yaml", "--emulator", "--time-scale=-1"], /Invalid --time-scale -1: use a positive number/],
  [["a.yaml", "--time-scale", "5"], /--time-scale applies to --emulator only/],
  [["a.yaml", "--fixtures", "f.json"], /--fixtures applies to --emulator only/],
  [["a.yaml", "--state-dir", "s", "--backend-url", "file:///x"], /--state-dir or --backend-url, not both/],
  [["a.yaml", "--backend-url", "bucket/path"], /Invalid --backend-url bucket\/path: use a URL/],
  [["my plan.yaml"], /Invalid plan name "my plan" \(from the file name my plan.yaml\).*--name/],
  [["a.yaml", "--name=-x"], /Invalid plan name "-x"/],
  // A negative number is a bad value, said as such (not the parser's "argument is ambiguous").
  [["a.yaml", "--parallel", "-1"], /^Invalid --parallel -1: use a whole number from 1 to 64\.$/],
  [["a.yaml", "--requests-per-minute", "-5"], /^Invalid --requests-per-minute -5: use a whole number from 1 to 100000\.$/],
  [["a.yaml", "--emulator", "--time-scale", "-0.5"], /^Invalid --time-scale -0.5: use a positive number up to 10000\.$/],
  // Bounded: a number a timer or a process table cannot hold is refused before anything runs.
  [["a.yaml", "--parallel", "1000"], /Invalid --parallel 1000: use a whole number from 1 to 64/],
  [["a.yaml", "--emulator", "--time-scale", "1e300"], /Invalid --time-scale 1e300: use a positive number up to 10000/],
  [["a.yaml", "--requests-per-minute", "1e9"], /Invalid --requests-per-minute 1e9/],
  [["a.yaml", "--run-id", "q4 drill"], /Invalid --run-id q4 drill: use letters, digits/],
])("%j → %s", (argv, message) => {
  expect(() => parseDrillArgs(argv)).toThrow(UsageError);
  expect(() => parseDrillArgs(argv)).toThrow(message);
});

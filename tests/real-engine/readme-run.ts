/**
 * One example run as its README says, with the real `pulumi` CLI and a language host: the README's
 * sh block line by line in a copy of the example's folder against one emulator (readme-commands.ts,
 * cli-project.ts), then what each command did: exit codes, restore POSTs at the emulator, the
 * stack's history, outputs and their secret-ness, and a secret scan of everything the run left.
 * examples.test.ts runs the TypeScript examples (the dynamic provider), languages.test.ts the
 * YAML and Python ones (the packaged provider).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../emulator";
import { scanForSecrets } from "../reliability/helpers";
import { openCliProject, type CliProject, type CommandRun } from "./cli-project";
import { readTree } from "./harness";
import { fillPlaceholders, readmeCommands, type ReadmeValues } from "./readme-commands";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Outputs = Record<string, any>;

export interface Expected {
  /** Resources in the stack, the stack itself included: what preview plans and up creates. */
  resources: number;
  /** Restore POSTs of the first `pulumi up`. */
  posts: number;
  /** The restores' statuses in `pulumi stack output --json --show-secrets`, and what they must be. */
  statuses(o: Outputs): unknown[];
  want: unknown[];
  /** Outputs `pulumi stack output --json` masks as [secret]. */
  secret: string[];
  /** The delivery URLs in `--show-secrets` outputs: the new restores' URLs, no other. */
  urls(o: Outputs): string[];
}

/** The packaged provider's plugin installed in PULUMI_HOME: our shipped code, read by no scan. */
const INSTALLED_PLUGIN = /\/plugins\/resource-atlas-restore-/;

const OP = /^pulumi (preview|up|refresh|destroy)\b/;
const opOf = (r: CommandRun) => OP.exec(r.line)?.[1];

/** The stack as `pulumi` shows it right after the first `up` (before anything else runs). */
export interface AfterUp {
  masked: Outputs;
  shown: Outputs;
  exported: string;
}

/** What the README run left, for a caller's own checks after it. */
export interface ReadmeRun {
  project: CliProject;
  runs: CommandRun[];
  afterUp?: AfterUp;
  /** Restore POSTs of the first `pulumi up`. */
  upPosts(): number;
}

/** What the caller gives a README run: the emulator and the placeholder values (the package tarball, the plugin archive, the Python SDK). */
export type ReadmeSetup = () => Promise<{ emulator: Emulator; values: Omit<ReadmeValues, "stateFolder" | "publicKey" | "privateKey" | "baseUrl"> }>;

/** Everything a README run left: what the tests read. */
interface RunState {
  emulator: Emulator;
  project: CliProject;
  runs: CommandRun[];
  afterUp?: AfterUp;
  /** `pulumi stack history --json` after the README ran, oldest first: one entry per up/refresh/destroy. */
  history: { kind: string; result: string; resourceChanges?: Record<string, number> }[];
  finalExport: string;
  /** Delivery URLs of the (legacy) restore jobs this example started. */
  newUrls: string[];
}

/** Runs the README's sh block line by line (stopping at the first failure), then reads the stack's history and export. */
async function runReadme(example: string, setup: ReadmeSetup): Promise<RunState> {
  const context = await setup();
  const emulator = context.emulator;
  const project = openCliProject(example, emulator);
  const state: RunState = { emulator, project, runs: [], history: [], finalExport: "", newUrls: [] };
  try {
    const jobsBefore = new Set(emulator.jobs().map((j) => j.id));
    const values = { ...context.values, stateFolder: project.stateDir, publicKey: emulator.publicKey, privateKey: emulator.privateKey, baseUrl: emulator.baseUrl };
    for (const line of readmeCommands(example)) {
      const run = await project.sh(fillPlaceholders(line, values), line);
      state.runs.push(run);
      if (run.code !== 0) return state;
      if (opOf(run) === "up" && !state.afterUp) {
        const [masked, shown, exported] = await Promise.all([
          project.pulumi(["stack", "output", "--json"]),
          project.pulumi(["stack", "output", "--json", "--show-secrets"]),
          project.pulumi(["stack", "export"]),
        ]);
        state.afterUp = { masked: JSON.parse(masked.stdout), shown: JSON.parse(shown.stdout), exported: exported.stdout };
      }
    }
    state.newUrls = emulator.jobs().flatMap((j) => (!jobsBefore.has(j.id) && j.delivery.url ? [j.delivery.url] : []));
    state.history = JSON.parse((await project.pulumi(["stack", "history", "--json"])).stdout).reverse();
    state.finalExport = (await project.pulumi(["stack", "export"])).stdout;
    return state;
  } catch (e) {
    project.remove();
    throw e;
  }
}

/** Runs `fn` now, or when a slot is free (a limit on README runs at a time). */
export type Schedule = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * The tests of one example's README run, in the caller's describe: `setup` gives the emulator and
 * the placeholder values. `after` adds the caller's own tests, run once the README's commands have
 * run. The run starts in this describe's beforeAll, or earlier when the caller calls `start()`
 * (from its own beforeAll, so that several examples' runs overlap, each on an emulator of its own:
 * a command's requests are counted at its emulator); `schedule` bounds how many run at a time.
 */
export function describeReadmeRun(example: string, want: Expected, setup: ReadmeSetup, after?: (run: () => ReadmeRun) => void, schedule: Schedule = (fn) => fn()): { start(): void } {
  let started: Promise<RunState> | undefined;
  const run = () => (started ??= schedule(() => runReadme(example, setup)));
  describe(`examples/${example}`, () => {
    let project: CliProject;
    let runs: CommandRun[] = [];
    let afterUp: AfterUp | undefined;
    let history: RunState["history"] = [];
    let finalExport = "";
    let newUrls: string[] = [];
    let emulator: Emulator;

    beforeAll(async () => {
      ({ emulator, project, runs, afterUp, history, finalExport, newUrls } = await run());
    });
    afterAll(() => {
      // One line of figures per example, for docs/REAL-ENGINE.md: each command's wall time and POSTs.
      const figures = runs.filter((r) => opOf(r) || r.ms > 2000).map((r) => `${opOf(r) ?? r.line.split(" ").slice(0, 3).join(" ")} ${(r.ms / 1000).toFixed(1)} s${r.posts ? ` (${r.posts} POST)` : ""}`);
      process.stdout.write(`[real-engine] examples/${example}: ${figures.join(", ")}; total ${(runs.reduce((t, r) => t + r.ms, 0) / 1000).toFixed(1)} s\n`);
      project?.remove();
    });

    /** The `n`th run of `pulumi <op>` in README order (a clear error when the README stopped before it). */
    const nth = (op: string, n = 0): CommandRun => {
      const run = runs.filter((r) => opOf(r) === op)[n];
      if (!run) throw new Error(`the README's commands stopped before \`pulumi ${op}\` #${n + 1}: see "every command of the README exits 0"`);
      return run;
    };
    /** The stack history entry of an up, refresh or destroy run (preview writes none). */
    const historyOf = (run: CommandRun) => history[runs.filter((r) => opOf(r) && opOf(r) !== "preview").indexOf(run)];

    test("every command of the README exits 0", () => {
      const failed = runs.find((r) => r.code !== 0);
      if (failed) throw new Error(`\`${failed.line}\` exited ${failed.code}:\n${failed.stdout}\n${failed.stderr}`);
      expect(runs.map((r) => r.line)).toEqual(readmeCommands(example));
      expect(runs.map(opOf).filter(Boolean)).toEqual(["preview", "up", "up", "refresh", "destroy"]);
    });

    test("pulumi preview: the plan, and no request to Atlas", () => {
      const preview = nth("preview");
      expect(preview.stdout).toMatch(new RegExp(`Resources:\\s+\\+ ${want.resources} to create`));
      expect(preview.requests).toEqual([]);
    });

    test(`pulumi up: the restores ${want.want.join(", ")}, with ${want.posts} restore POST(s); only the URLs secret`, () => {
      const up = nth("up");
      expect(up.posts).toBe(want.posts);
      expect(historyOf(up)).toMatchObject({ kind: "update", result: "succeeded", resourceChanges: { create: want.resources } });
      expect(want.statuses(afterUp!.shown)).toEqual(want.want);
      expect(Object.keys(afterUp!.masked).filter((k) => afterUp!.masked[k] === "[secret]").sort()).toEqual(want.secret);
      expect(want.urls(afterUp!.shown).sort()).toEqual(newUrls.sort());
    });

    test("pulumi up again: no changes, no restore request", () => {
      const again = nth("up", 1);
      expect(again.posts).toBe(0);
      expect(historyOf(again)).toMatchObject({ kind: "update", result: "succeeded", resourceChanges: { same: want.resources } });
    });

    test("pulumi refresh: no changes, no restore request", () => {
      const refresh = nth("refresh");
      expect(refresh.posts).toBe(0);
      expect(historyOf(refresh)).toMatchObject({ kind: "refresh", result: "succeeded", resourceChanges: { same: want.resources } });
    });

    test("pulumi destroy: succeeds, the stack holds nothing, and no request restores or cancels anything", () => {
      const destroy = nth("destroy");
      expect(destroy.requests.filter((e) => e.method !== "GET")).toEqual([]);
      expect(historyOf(destroy)).toMatchObject({ kind: "destroy", result: "succeeded", resourceChanges: { delete: want.resources } });
      expect(JSON.parse(finalExport).deployment.resources ?? []).toEqual([]);
    });

    test("no key, delivery URL or URL token in console output, stack export, state, config or PULUMI_HOME", () => {
      nth("destroy"); // the README ran to its end
      const corpus = new Map<string, string>();
      // What the user asked to see (`--show-secrets`) is the control, not a leak.
      const shownOnPurpose = runs.filter((r) => r.line.includes("--show-secrets"));
      for (const r of runs) if (!shownOnPurpose.includes(r)) corpus.set(`output of \`${r.line}\``, r.stdout + r.stderr);
      corpus.set("stack export after up", afterUp!.exported);
      corpus.set("stack export after destroy", finalExport);
      for (const dir of [project.stateDir, project.homeDir]) for (const f of readTree(dir, INSTALLED_PLUGIN)) corpus.set(f.path, f.text);
      for (const name of readdirSync(project.dir)) {
        const path = join(project.dir, name);
        if (statSync(path).isFile()) corpus.set(path, readFileSync(path, "utf8"));
      }
      const urls = emulator.jobs().flatMap((j) => (j.delivery.url ? [j.delivery.url] : []));
      const secrets: Record<string, string> = { privateKey: emulator.privateKey };
      urls.forEach((u, i) => {
        secrets[`url${i}`] = u;
        secrets[`urlToken${i}`] = new URL(u).pathname.split("/").filter((p) => p.length >= 16).sort((a, b) => b.length - a.length)[0] ?? u;
      });
      expect(scanForSecrets(corpus, secrets)).toEqual([]);
      // Control: the same scan finds this example's URLs where the user asked for them.
      if (want.secret.length) expect(scanForSecrets(new Map(shownOnPurpose.map((r) => [r.line, r.stdout])), secrets).length).toBeGreaterThan(0);
    });

    after?.(() => ({ project, runs, afterUp, upPosts: () => nth("up").posts }));
  });
  return {
    start: () => void run().catch(() => undefined), // a failure is reported by the describe's beforeAll
  };
}

/**
 * Every TypeScript example as its user runs it: the real `pulumi` CLI and its Node.js language
 * host (both built by scripts/pulumi-cli/build.sh), no Automation API. Each example's README block
 * is the script (readme-commands.ts): `npm install <the npm pack tarball>`, `pulumi login`,
 * `stack init`, `config set`, `preview`, `up`, `stack output`, `up` again, `refresh`, `destroy`, run
 * line by line in a copy of the example's folder against an emulator of the example's own; the
 * tests then assert what each command did (readme-run.ts). The YAML and Python examples:
 * languages.test.ts.
 */
import { startEmulator, type Emulator } from "../../emulator";
import { limit } from "../helpers/limit";
import { describeRealEngine, packedTarball } from "./harness";
import { describeReadmeRun, type Expected, type Outputs } from "./readme-run";

jest.setTimeout(300_000);

const EXAMPLES: Record<string, Expected> = {
  "http-download": { resources: 2, posts: 1, statuses: (o) => [o.status], want: ["READY"], secret: ["deliveryUrls"], urls: (o) => o.deliveryUrls },
  "sharded-cluster": {
    resources: 2,
    posts: 1, // one POST restores the whole batch: two shards and the config server
    statuses: (o) => o.parts.map((p: Outputs) => `${p.status}/${p.delivery}`),
    want: Array(3).fill("FINISHED/READY"),
    secret: ["downloads"],
    urls: (o) => Object.values(o.downloads),
  },
  "dr-plan": { resources: 4, posts: 2, statuses: (o) => Object.values(o.restores as Record<string, Outputs>).map((r) => r.status), want: ["READY", "READY"], secret: [], urls: () => [] },
  "cloud-backup-dr": { resources: 3, posts: 2, statuses: (o) => Object.values(o.restores as Record<string, Outputs>).map((r) => r.status), want: ["COMPLETED", "COMPLETED"], secret: [], urls: () => [] },
};

describeRealEngine(
  "real engine: every example through the plain pulumi CLI, as its README says",
  () => {
    // Each example on an emulator of its own (a command's requests are counted at its emulator), two
    // README runs at a time, all started at once: their waits on the CLI and on emulated time overlap.
    const emulators: Emulator[] = [];
    const setup = async () => {
      const emulator = await startEmulator({ timeScale: 50 });
      emulators.push(emulator);
      return { emulator, values: { packageTarball: await packedTarball() } };
    };
    const inTurn = limit(2);
    const runs = Object.entries(EXAMPLES).map(([example, want]) => describeReadmeRun(example, want, setup, undefined, inTurn));
    beforeAll(() => {
      for (const run of runs) run.start();
    });
    afterAll(async () => {
      await Promise.all(emulators.map((e) => e.close()));
    });
  },
  ["nodejs"],
);

/**
 * `npm start` where a `pulumi` CLI is on PATH. No real CLI exists here, so a stand-in records each
 * invocation (args, cwd, environment, stdin) and answers `stack output` with the drill's outputs:
 * the test checks the command sequence, that nothing prompts or logs in, and the cleanup.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../scripts/start";
import { REPO_ROOT } from "../helpers/plugin-session";
import { cleanEnv } from "./run-start";

const FAKE_PULUMI = `#!/usr/bin/env node
const fs = require("fs"), path = require("path");
const args = process.argv.slice(2);
const stdin = args.includes("--secret") ? fs.readFileSync(0, "utf8") : "";
const log = process.env.FAKE_PULUMI_LOG;
const env = { PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL, passphrase: Boolean(process.env.PULUMI_CONFIG_PASSPHRASE) };
fs.appendFileSync(log, JSON.stringify({ args, cwd: process.cwd(), env, stdin }) + "\\n");
const backend = process.env.PULUMI_BACKEND_URL.replace(/^file:\\/\\//, "");
if (args[0] === "stack" && args[1] === "init") {
  fs.writeFileSync(path.join(process.cwd(), "Pulumi." + args[2] + ".yaml"), "encryptionsalt: x\\n");
  fs.mkdirSync(path.join(backend, ".pulumi"), { recursive: true });
} else if (args[0] === "up") {
  const calls = fs.readFileSync(log, "utf8").trim().split("\\n").map(JSON.parse);
  const baseUrl = calls.find((c) => c.args.includes("mongodbatlas:baseUrl")).args.at(-2);
  fetch(baseUrl + "/__emulator/health").then((r) => console.log("fake up: emulator answered " + r.status + " while pulumi ran"));
} else if (args[0] === "stack" && args[1] === "output") {
  const shown = args.includes("--show-secrets");
  console.log(JSON.stringify({
    batchId: "6b0b000000000000000000b1",
    restores: {
      "cluster0-download": { id: "6b99999887d9d61443b41657/Cluster0/6b0b000000000000000000b1", batchId: "6b0b000000000000000000b1", status: "READY", parts: ["6b0b000000000000000000b2 FINISHED/READY (READY)"] },
      "replicaset0-to-dr": { id: "6b99999887d9d61443b41657/ReplicaSet0/6b0b000000000000000000c1", status: "READY", parts: ["6b0b000000000000000000c1 FINISHED/READY (READY)"] },
    },
    deliveryUrls: shown ? { "cluster0-download": ["https://download.example/pull/token/part.tar.gz"] } : "[secret]",
  }));
}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "atlas-restore-fake-pulumi-"));
  writeFileSync(join(dir, "pulumi"), FAKE_PULUMI);
  chmodSync(join(dir, "pulumi"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("with a pulumi CLI on PATH: throwaway file backend, new stack, config set, up --yes --skip-preview, stack output; nothing left behind", async () => {
  const logFile = join(dir, "calls.jsonl");
  let out = "";
  let err = "";
  const code = await main(["--config", "drCluster=DrReplicaSet0"], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: cleanEnv([dir], { FAKE_PULUMI_LOG: logFile }),
  });
  expect({ code, err }).toEqual({ code: 0, err: "" });

  const calls = readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const stack = calls[0].args[2];
  expect(stack).toMatch(/^npm-start-/);
  expect(calls.map((c) => c.args.join(" "))).toEqual([
    `stack init ${stack} --secrets-provider passphrase --non-interactive`,
    `config set --stack ${stack} mongodbatlas:publicKey emulator-public-key --non-interactive`,
    `config set --stack ${stack} --secret mongodbatlas:privateKey --non-interactive`,
    expect.stringMatching(new RegExp(`^config set --stack ${stack} mongodbatlas:baseUrl http://127\\.0\\.0\\.1:\\d+ --non-interactive$`)),
    `config set --stack ${stack} atlas-restore-drill:drCluster DrReplicaSet0 --non-interactive`,
    `up --yes --skip-preview --stack ${stack} --non-interactive`,
    `stack output --json --stack ${stack} --non-interactive`,
  ]);
  expect(calls[2].stdin).toBe("emulator-private-key"); // the secret goes through stdin, not argv
  for (const c of calls) {
    expect(c.cwd).toBe(REPO_ROOT); // the top-level Pulumi.yaml project
    expect(c.env).toEqual({ PULUMI_BACKEND_URL: calls[0].env.PULUMI_BACKEND_URL, passphrase: true });
  }
  const backend = calls[0].env.PULUMI_BACKEND_URL.replace(/^file:\/\//, "");
  expect(backend.startsWith(tmpdir())).toBe(true);
  expect(existsSync(backend)).toBe(false);
  expect(existsSync(join(REPO_ROOT, `Pulumi.${stack}.yaml`))).toBe(false);

  expect(out).toContain(`Engine: pulumi CLI at ${join(dir, "pulumi")}`);
  expect(out).toContain("| fake up: emulator answered 200 while pulumi ran");
  expect(out).toContain("    batchId   6b0b000000000000000000b1");
  expect(out).toContain("    URLs      [secret] (run with --show-secrets to print them)");
  expect(out).toMatch(/Drill passed: 2 restores READY\.\n$/);
});

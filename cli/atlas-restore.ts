#!/usr/bin/env node
/**
 * `atlas-restore <command>` (compiled to dist/cli/atlas-restore.js, the package's bin). One
 * command today: `drill <plan file>` (cli/drill/run.ts).
 */
import { runDrill } from "./drill/run";
import { EXIT } from "./drill/exit-codes";
import { versionLine } from "./command-line";

export const USAGE = `Usage: atlas-restore <command> [options]

Commands:
  drill <plan file>   Run a disaster-recovery plan (YAML/JSON) and write its drill report
                      (atlas-restore drill --help for its options and exit codes)

Options:
  -h, --help          Show this help
  --version           Show the package's version`;

export async function main(argv: readonly string[], io: Parameters<typeof runDrill>[1]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "drill") return runDrill(rest, io);
  if (command === "--version") {
    io.stdout.write(`${versionLine()}\n`);
    return EXIT.passed;
  }
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.stdout.write(`${USAGE}\n`);
    return command === undefined ? EXIT.usage : EXIT.passed;
  }
  io.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
  return EXIT.usage;
}

if (require.main === module) {
  const interrupt = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => interrupt.abort());
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: interrupt.signal }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(EXIT.failed);
    },
  );
}

#!/usr/bin/env node
/**
 * `atlas-restore-emulator --port 8080` (`npm run emulator -- …` in a checkout; compiled to
 * dist/emulator/cli.js). Prints the base URL on
 * the first line, then where the keys come from (never the private key itself), and runs until
 * SIGINT / SIGTERM.
 */
import { parseCliArgs, USAGE, versionLine } from "./cli-args";
import { loadFixtures, withRestoreDuration } from "./fixtures";
import { startEmulator } from "./index";

async function main(): Promise<void> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command.kind === "version") {
    process.stdout.write(`${versionLine()}\n`);
    return;
  }
  const { options, restoreSeconds } = command;
  if (restoreSeconds !== undefined) {
    options.fixtures = withRestoreDuration(await loadFixtures(options.fixtures), restoreSeconds * 1000);
  }
  const emu = await startEmulator(options);
  const keySource = process.env.ATLAS_EMULATOR_PRIVATE_KEY ? "ATLAS_EMULATOR_PRIVATE_KEY" : "the documented default (set ATLAS_EMULATOR_PRIVATE_KEY to change it)";
  process.stdout.write(
    `Atlas emulator listening on ${emu.baseUrl} (API base ${emu.apiBase})\n` +
      `Digest auth: ${options.auth === false ? "off" : `public key "${emu.publicKey}", private key from ${keySource}`}\n` +
      `Service account: client id "${emu.clientId}", secret from ${process.env.ATLAS_EMULATOR_CLIENT_SECRET ? "ATLAS_EMULATOR_CLIENT_SECRET" : "the documented default (set ATLAS_EMULATOR_CLIENT_SECRET to change it)"}; token endpoint ${emu.baseUrl}/api/oauth/token\n` +
      `Press Ctrl+C to stop.\n`,
  );
  const stop = (signal: string) => {
    process.stdout.write(`Received ${signal}, shutting down.\n`);
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e: unknown) => {
  process.stderr.write(`[atlas-emulator] Failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

/**
 * The emulator in a process of its own (for the throughput measurement, so the load generator
 * and the server each get a core). Prints one JSON line with its address and keys, then runs
 * until its stdin closes or it gets SIGTERM. The keys are the emulator's documented defaults.
 */
import { startEmulator } from "../emulator";

async function main(): Promise<void> {
  const emu = await startEmulator({ rateLimit: false });
  process.stdout.write(`${JSON.stringify({ baseUrl: emu.baseUrl, publicKey: emu.publicKey, privateKey: emu.privateKey })}\n`);
  const stop = () => void emu.close().then(() => process.exit(0), () => process.exit(1));
  process.stdin.on("end", stop).resume();
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

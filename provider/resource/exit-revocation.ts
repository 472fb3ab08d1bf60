/**
 * Best-effort revocation of the service-account tokens this plugin minted, at a clean exit, as
 * the official provider does (it keeps the 100-token cap from filling up in CI). The Pulumi engine
 * ends a plugin with SIGINT and kills it 5 s later if it is still running (`Plugin.Kill`); a
 * terminal's Ctrl-C does not reach the plugin, which runs in its own process group. So on SIGINT /
 * SIGTERM: revoke, bounded by 2 s, then re-raise the signal so the process ends exactly as it
 * would have. A SIGKILL or a crash leaves the tokens to expire (one hour). Operations never wait
 * for this, and nothing is installed for API keys.
 */
import { revokeMintedTokens } from "../atlas";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
/** Well inside the engine's 5 s grace. */
const REVOKE_BUDGET_MS = 2_000;

let installed = false;

export function revokeTokensOnExit(): void {
  if (installed) return;
  installed = true;
  const handlers = SIGNALS.map((signal) => [signal, () => void exitAfterRevoking(signal)] as const);
  const exitAfterRevoking = async (signal: NodeJS.Signals) => {
    // A second signal while revoking ends the process at once (default action).
    for (const [s, h] of handlers) process.off(s, h);
    await revokeMintedTokens(REVOKE_BUDGET_MS).catch(() => 0);
    process.kill(process.pid, signal);
  };
  for (const [signal, handler] of handlers) process.once(signal, handler);
}

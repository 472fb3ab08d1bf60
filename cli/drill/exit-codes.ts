/**
 * Exit codes of `atlas-restore drill`, one per outcome a script may branch on. Documented in
 * USAGE (args.ts) and the README; a test pins each one.
 */
export const EXIT = {
  /** Every entry of every stack passed (restored, objectives met or not measured). */
  passed: 0,
  /** The drill ran and the report is written, but an entry failed, missed an objective, or a stack failed. */
  failed: 1,
  /** Bad command line (unknown flag, missing plan file, bad value). */
  usage: 2,
  /** The plan file cannot be read, parsed or fails the plan's rules: nothing was requested. */
  invalidPlan: 3,
  /** No `pulumi` CLI found: nothing was requested. */
  noPulumiCli: 4,
  /** The environment is not set up (no passphrase, no credentials, unreadable state folder): nothing was requested. */
  environment: 5,
  /** Interrupted (Ctrl-C / SIGTERM); restores already requested keep running in Atlas. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the command with its exit code and message (no stack trace). */
export class DrillExit extends Error {
  override name = "DrillExit";
  constructor(readonly code: ExitCode, message: string) {
    super(message);
  }
}

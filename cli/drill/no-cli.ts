/** What to say when no `pulumi` CLI is on PATH (exit 4): how to get one, and what runs without one. */
export const NO_PULUMI_CLI =
  "No `pulumi` CLI found on PATH: the drill runner drives the Pulumi CLI through the Automation API. Get one:\n" +
  "  - in a clone of pulumi-atlas-restore: `npm run build:pulumi-cli` builds the pinned version from source\n" +
  "    (then add the folder it prints to PATH);\n" +
  "  - or install Pulumi: https://www.pulumi.com/docs/iac/download-install/ (e.g. `curl -fsSL https://get.pulumi.com | sh`).\n" +
  "Without a CLI, `npm start` in the repository runs its built-in drill plan through the Pulumi SDK's\n" +
  "dynamic-provider plugin instead. `atlas-restore drill <plan> --check` checks a plan without a CLI.\n" +
  "Nothing was requested.";

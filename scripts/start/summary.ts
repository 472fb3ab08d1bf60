/**
 * What a drill run came to, restore by restore, and its text rendering. Both engines (the pulumi
 * CLI and the plugin path) produce RestoreSummary values, so the report reads the same.
 */

export interface RestoreSummary {
  /** Resource name in the program, e.g. `cluster0-download`. */
  name: string;
  /** Pulumi resource id `{projectId}/{clusterName}/{batchId or job id}`, once the restore exists. */
  id?: string;
  batchId?: string;
  /** READY, IN_PROGRESS, FAILED or EXPIRED; NOT STARTED when no restore was created. */
  status: string;
  /** One line a part: `<job id> <job status>/<delivery status> (<part state>)`. */
  parts: string[];
  /** Delivery URLs; "hidden" when the engine only said they are secret. */
  urls: string[] | "hidden";
  /** Why it failed, as the provider said it. */
  error?: string;
}

export interface Report {
  restores: RestoreSummary[];
  /** Failures that belong to no restore (the program itself, the engine). */
  errors: string[];
}

/** Passed means: no error anywhere and every restore READY. */
export function passed(r: Report): boolean {
  return r.errors.length === 0 && r.restores.length > 0 && r.restores.every((s) => s.status === "READY" && !s.error);
}

/** A delivery URL with everything after the host hidden: the path carries the access token. */
export function maskUrl(url: string): string {
  try {
    return `${new URL(url).origin}/… [secret]`;
  } catch {
    return "[secret]";
  }
}

export interface ReportOptions {
  showSecrets: boolean;
  /** The URLs are the embedded emulator's: `stops` when npm start exits, `kept` with --keep-emulator. */
  emulatorLinks?: "stops" | "kept";
}

/** What happens to printed emulator links, and how to keep them working. */
const EMULATOR_LINKS = {
  stops:
    "These URLs are served by the embedded emulator, which stops when npm start exits: they stop working then. " +
    "Run with --keep-emulator to keep it serving them until Ctrl-C.",
  kept: "These URLs are served by the embedded emulator, which keeps running until Ctrl-C (--keep-emulator).",
} as const;

export function formatReport(r: Report, o: ReportOptions): string {
  const lines: string[] = ["", "Drill results"];
  for (const s of r.restores) {
    lines.push(`  ${s.name}: ${s.status}`);
    // Only a restore that exists has a batchId or not; one that never started says nothing of its topology.
    if (s.id) {
      lines.push(`    id        ${s.id}`);
      lines.push(`    batchId   ${s.batchId ?? "(none: a replica-set restore is a single job)"}`);
    }
    s.parts.forEach((p, i) => lines.push(`    ${i === 0 ? "parts    " : "         "} ${p}`));
    if (s.urls === "hidden") lines.push("    URLs      [secret] (run with --show-secrets to print them)");
    else
      s.urls.forEach((u, i) =>
        lines.push(`    ${i === 0 ? "URLs     " : "         "} ${o.showSecrets ? u : maskUrl(u)}`),
      );
    if (s.error) lines.push(...indent(`error: ${s.error}`, "    "));
  }
  for (const e of r.errors) lines.push(...indent(`error: ${e}`, "  "));
  const masked = !o.showSecrets && r.restores.some((s) => Array.isArray(s.urls) && s.urls.length > 0);
  if (masked) lines.push("", "Delivery URLs are secrets (each carries its access token): --show-secrets prints them.");
  const shown = o.showSecrets && r.restores.some((s) => Array.isArray(s.urls) && s.urls.length > 0);
  if (shown && o.emulatorLinks) lines.push("", EMULATOR_LINKS[o.emulatorLinks]);
  const failed = r.restores.filter((s) => s.status !== "READY" || s.error).map((s) => s.name);
  lines.push(
    "",
    passed(r)
      ? `Drill passed: ${r.restores.length} restore${r.restores.length === 1 ? "" : "s"} READY.`
      : `Drill FAILED: ${failed.length ? failed.join(", ") : "see the errors above"}${failed.length && r.errors.length ? " (and the errors above)" : ""}.`,
  );
  return lines.join("\n") + "\n";
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((l) => prefix + l);
}

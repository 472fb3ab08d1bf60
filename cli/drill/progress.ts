/**
 * Pure: an engine event of one stack → a progress line, or nothing. Only the restores speak:
 * one line when a restore is requested, each provider progress line, and one when it ends.
 * Lines name the stack's project and the plan entry, so parallel stacks stay readable.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";

/** Type tokens of the restore resources (`pulumi-nodejs:dynamic/atlas:RestoreJob`, …CloudBackupRestoreJob). */
const RESTORE_TYPE = /^pulumi-nodejs:dynamic\/atlas:/;
/** How the provider's own lines start (provider-impl.ts `log`). */
const PROVIDER_LINE = /^\[atlas-restore\]\s*/;
/** What a step is, in a drill's words. */
const STEP_WORDS: Readonly<Record<string, string>> = {
  create: "requesting the restore",
  replace: "requesting the restore again (replacement)",
  "create-replacement": "requesting the restore again (replacement)",
  update: "updating",
  delete: "removing from state",
  "delete-replaced": "removing the replaced restore from state",
  refresh: "reading",
};

export interface ProgressContext {
  /** Prefix of every line, e.g. the stack's project id. */
  readonly label: string;
  /** Resource names are `${planName}-${entry}`: lines show the entry. */
  readonly planName: string;
}

export function progressLine(e: EngineEvent, c: ProgressContext): string | undefined {
  const entry = (urn: string | undefined) => {
    const name = urn?.slice(urn.lastIndexOf("::") + 2) ?? "";
    return name.startsWith(`${c.planName}-`) ? name.slice(c.planName.length + 1) : name;
  };
  const say = (urn: string | undefined, text: string) => `[${c.label}] ${entry(urn)}: ${text}`;
  if (e.resourcePreEvent && RESTORE_TYPE.test(e.resourcePreEvent.metadata.type)) {
    const words = STEP_WORDS[e.resourcePreEvent.metadata.op];
    return words ? say(e.resourcePreEvent.metadata.urn, words) : undefined;
  }
  if (e.resOutputsEvent && RESTORE_TYPE.test(e.resOutputsEvent.metadata.type)) {
    const m = e.resOutputsEvent.metadata;
    if (m.op === "same") return undefined;
    if (m.op === "delete" || m.op === "delete-replaced") return say(m.urn, "removed from the stack");
    const status = m.new?.outputs?.status;
    return say(m.urn, `done${typeof status === "string" ? `: ${status}` : ""}`);
  }
  if (e.resOpFailedEvent && RESTORE_TYPE.test(e.resOpFailedEvent.metadata.type)) return say(e.resOpFailedEvent.metadata.urn, "FAILED (see the report)");
  if (e.diagnosticEvent && !e.diagnosticEvent.ephemeral) {
    const d = e.diagnosticEvent;
    // The first line that says something: not the engine's "1 error occurred:" wrapper.
    const text = d.message.split("\n").map((l) => l.trim().replace(/^\* /, "")).find((l) => l && !/^\d+ errors? occurred:?$/.test(l)) ?? "";
    // The provider's progress lines (console.log in the plugin, which knows no resource: the
    // engine files them under the stack) name their cluster and restore themselves.
    if (PROVIDER_LINE.test(text)) return `[${c.label}] ${text.replace(PROVIDER_LINE, "")}`;
    // A child's URN type is `<parent type>$<own type>`.
    if (!text || !RESTORE_TYPE.test((d.urn?.split("::")[2] ?? "").split("$").pop()!)) return undefined;
    return say(d.urn, d.severity === "error" ? `error: ${text}` : d.severity === "warning" ? `warning: ${text}` : text);
  }
  if (e.summaryEvent) {
    const changes = Object.entries(e.summaryEvent.resourceChanges ?? {}).map(([op, n]) => `${n} ${op}`).join(", ");
    return `[${c.label}] stack finished in ${Math.round(e.summaryEvent.durationSeconds)} s${changes ? ` (${changes})` : ""}`;
  }
  return undefined;
}

/** Engine events → progress lines: the restores' steps and the provider's own lines, named by project and entry. */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { progressLine } from "../../cli/drill/progress";

const ctx = { label: "6b99…", planName: "q3" };
const TYPE = "pulumi-nodejs:dynamic/atlas:RestoreJob";
const urn = (name: string, type = `atlas:index:DisasterRecoveryPlan$${TYPE}`) => `urn:pulumi:q3-6b99::atlas-restore-drill::${type}::${name}`;
const meta = (op: string, name: string, outputs?: Record<string, unknown>) =>
  ({ op, urn: urn(name), type: TYPE, provider: "", ...(outputs ? { new: { outputs } } : {}) }) as never;
const ev = (e: Partial<EngineEvent>): EngineEvent => ({ sequence: 1, timestamp: 0, ...e }) as EngineEvent;

test("a restore's steps: requested, done with its status, failed", () => {
  expect(progressLine(ev({ resourcePreEvent: { metadata: meta("create", "q3-orders") } }), ctx)).toBe("[6b99…] orders: requesting the restore");
  expect(progressLine(ev({ resourcePreEvent: { metadata: meta("replace", "q3-orders") } }), ctx)).toBe("[6b99…] orders: requesting the restore again (replacement)");
  expect(progressLine(ev({ resOutputsEvent: { metadata: meta("create", "q3-orders", { status: "READY" }) } }), ctx)).toBe("[6b99…] orders: done: READY");
  expect(progressLine(ev({ resOpFailedEvent: { metadata: meta("create", "q3-orders"), status: 1, steps: 1 } }), ctx)).toBe("[6b99…] orders: FAILED (see the report)");
  // A previous run's restore leaving the stack: not "done" with no status.
  expect(progressLine(ev({ resOutputsEvent: { metadata: meta("delete", "q3-orders") } }), ctx)).toBe("[6b99…] orders: removed from the stack");
});

test("unchanged restores, other resources and reads say nothing", () => {
  expect(progressLine(ev({ resOutputsEvent: { metadata: meta("same", "q3-orders", { status: "READY" }) } }), ctx)).toBeUndefined();
  expect(progressLine(ev({ resourcePreEvent: { metadata: meta("same", "q3-orders") } }), ctx)).toBeUndefined();
  const stack = { op: "create", urn: urn("q3", "pulumi:pulumi:Stack"), type: "pulumi:pulumi:Stack", provider: "" } as never;
  expect(progressLine(ev({ resourcePreEvent: { metadata: stack } }), ctx)).toBeUndefined();
  expect(progressLine(ev({ stdoutEvent: { message: "Updating", color: "never" } }), ctx)).toBeUndefined();
});

test("the provider's progress lines (filed under the stack), and a restore's own warnings and errors", () => {
  const diag = (message: string, severity: "info" | "warning" | "error", u?: string) => ev({ diagnosticEvent: { message, severity, color: "never", urn: u } });
  expect(progressLine(diag("[atlas-restore] restore 6b0f… of Cluster0: 0/3 parts ready [IN_PROGRESS]\n", "info", urn("q3", "pulumi:pulumi:Stack")), ctx))
    .toBe("[6b99…] restore 6b0f… of Cluster0: 0/3 parts ready [IN_PROGRESS]");
  expect(progressLine(diag("POST … failed: 404 SNAPSHOT_NOT_FOUND\nmore", "error", urn("q3-orders")), ctx)).toBe("[6b99…] orders: error: POST … failed: 404 SNAPSHOT_NOT_FOUND");
  expect(progressLine(diag("1 error occurred:\n\t* restore 6b0f… of Inventory0 failed: BROKEN\n", "error", urn("q3-orders")), ctx)).toBe("[6b99…] orders: error: restore 6b0f… of Inventory0 failed: BROKEN");
  expect(progressLine(diag("several credentials", "warning", urn("q3-orders")), ctx)).toBe("[6b99…] orders: warning: several credentials");
  expect(progressLine(diag("update failed", "error", urn("q3", "pulumi:pulumi:Stack")), ctx)).toBeUndefined();
  expect(progressLine(ev({ diagnosticEvent: { message: "[atlas-restore] x", severity: "info", color: "never", ephemeral: true } }), ctx)).toBeUndefined();
});

test("the stack's summary", () => {
  const summary = { maybeCorrupt: false, durationSeconds: 7.4, resourceChanges: { create: 3 }, policyPacks: {} };
  expect(progressLine(ev({ summaryEvent: summary }), ctx)).toBe("[6b99…] stack finished in 7 s (3 create)");
});

/**
 * Drives the real Pulumi CLI through the Automation API, from inside a user-shaped project (this
 * file is copied next to the project's node_modules, which hold the PACKED pulumi-atlas-restore
 * and @pulumi/pulumi). The program is inline: the SDK serves it to `pulumi --client`, so no
 * language host is needed. Plain CommonJS on purpose: it runs with `node`, as a user's script.
 *
 *   node driver.js <spec.json>      writes the result to spec.resultFile
 *
 * On SIGINT it aborts the running operation, which sends SIGINT to `pulumi` (a graceful cancel).
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const pulumi = require("@pulumi/pulumi");

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const abort = new AbortController();
// forwardSigint: false stands for a terminal's Ctrl-C, which reaches `pulumi` directly (the
// whole process group gets it); forwarding it again would be a second Ctrl-C (terminate now).
process.on("SIGINT", () => spec.forwardSigint !== false && abort.abort());

/** The inline program: RestoreJobs from the spec, or a compiled example's module. */
function program() {
  if (spec.programModule) return require(spec.programModule);
  const { RestoreJob } = require("pulumi-atlas-restore");
  const exported = {};
  for (const r of spec.resources) {
    const job = r.getId ? RestoreJob.get(r.name, r.getId) : new RestoreJob(r.name, r.args, r.opts ?? {});
    exported[r.name] = pulumi.output({ id: job.id, status: job.status, statusDetail: job.statusDetail, batchId: job.batchId, jobIds: job.jobIds });
    exported[`${r.name}Urls`] = job.deliveryUrls;
  }
  return exported;
}

async function main() {
  const pulumiCommand = await PulumiCommand.get({ root: spec.cliRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: spec.project, stackName: spec.stack, program: async () => program() },
    { workDir: spec.workDir, pulumiCommand, envVars: spec.env },
  );
  const config = {};
  for (const [key, value] of Object.entries(spec.config ?? {})) {
    config[key] = typeof value === "string" ? { value } : { value: value.secret, secret: true };
  }
  if (Object.keys(config).length) await stack.setAllConfig(config);

  let output = "";
  const events = [];
  const onOutput = (s) => {
    output += s;
    process.stdout.write(s);
  };
  const onEvent = (e) => {
    if (e.diagnosticEvent) events.push({ kind: "diagnostic", severity: e.diagnosticEvent.severity, message: e.diagnosticEvent.message, urn: e.diagnosticEvent.urn });
    else if (e.resourcePreEvent) events.push({ kind: "pre", op: e.resourcePreEvent.metadata.op, urn: e.resourcePreEvent.metadata.urn });
    else if (e.resOutputsEvent) events.push({ kind: "outputs", op: e.resOutputsEvent.metadata.op, urn: e.resOutputsEvent.metadata.urn });
    else if (e.resOpFailedEvent) events.push({ kind: "failed", op: e.resOpFailedEvent.metadata.op, urn: e.resOpFailedEvent.metadata.urn });
    else if (e.summaryEvent) events.push({ kind: "summary", changes: e.summaryEvent.resourceChanges });
  };
  const common = { onOutput, onEvent, signal: abort.signal, color: "never", ...(spec.options ?? {}) };
  const ops = {
    up: () => stack.up(common),
    preview: () => stack.preview(common),
    refresh: () => stack.refresh(common),
    destroy: () => stack.destroy(common),
    none: async () => ({}),
  };
  let result = {};
  let error;
  try {
    result = await ops[spec.op]();
  } catch (e) {
    error = String((e && e.message) || e);
  }
  // State as the engine left it, also after a failed operation.
  const outputs = await stack.outputs().catch(() => ({}));
  const deployment = (await stack.exportStack().catch(() => ({ deployment: undefined }))).deployment;
  return {
    ok: error === undefined,
    error,
    summary: result.summary ? { result: result.summary.result, resourceChanges: result.summary.resourceChanges } : undefined,
    changeSummary: result.changeSummary,
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v.value, secret: v.secret }])),
    deployment,
    events,
    output,
  };
}

main().then(
  (result) => writeFileSync(spec.resultFile, JSON.stringify(result)),
  (e) => {
    writeFileSync(spec.resultFile, JSON.stringify({ ok: false, name: e && e.name, message: String((e && e.message) || e) }));
    process.exitCode = 1;
  },
);

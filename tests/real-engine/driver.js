/**
 * Drives the real Pulumi CLI through the Automation API, from inside a user-shaped project (this
 * file is copied next to the project's node_modules, which hold the PACKED pulumi-atlas-restore
 * and @pulumi/pulumi). The program is inline: the SDK serves it to `pulumi --client`, so no
 * language host is needed. Plain CommonJS on purpose: it runs with `node`, as a user's script.
 *
 * One driver process serves one stack: the harness forks it with an IPC channel and sends one
 * operation at a time ({ op, resources, options }); the answer is the result.
 * The workspace and stack are made once (the first message carries the stack's settings), so an
 * operation costs the `pulumi` run itself plus one `pulumi stack export`.
 */
const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
const pulumi = require("@pulumi/pulumi");

/** The operation being run: the inline program reads what to declare from it. */
let current;
let stackReady;

/** The inline program: RestoreJobs, CloudBackupRestoreJobs or DisasterRecoveryPlans from the operation. */
function program() {
  const { CloudBackupRestoreJob, DisasterRecoveryPlan, RestoreJob } = require("pulumi-atlas-restore");
  const exported = {};
  for (const r of current.resources) {
    if (r.kind === "plan") {
      const plan = new DisasterRecoveryPlan(r.name, r.args, r.opts ?? {});
      exported[r.name] = pulumi.output({ entries: plan.entries, summary: plan.summary });
      exported[`${r.name}Urls`] = plan.deliveryUrls;
      continue;
    }
    if (r.kind === "cloud") {
      const job = new CloudBackupRestoreJob(r.name, r.args, r.opts ?? {});
      exported[r.name] = pulumi.output({ id: job.id, status: job.status, jobId: job.jobId, resolvedSnapshotId: job.resolvedSnapshotId });
      exported[`${r.name}Urls`] = job.deliveryUrls;
      continue;
    }
    const job = r.getId ? RestoreJob.get(r.name, r.getId) : new RestoreJob(r.name, r.args, r.opts ?? {});
    exported[r.name] = pulumi.output({ id: job.id, status: job.status, statusDetail: job.statusDetail, batchId: job.batchId, jobIds: job.jobIds });
    exported[`${r.name}Urls`] = job.deliveryUrls;
  }
  return exported;
}

async function openStack(settings) {
  const pulumiCommand = await PulumiCommand.get({ root: settings.cliRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: settings.project, stackName: settings.stack, program: async () => program() },
    { workDir: settings.workDir, pulumiCommand, envVars: settings.env },
  );
  const config = {};
  for (const [key, value] of Object.entries(settings.config ?? {})) {
    config[key] = typeof value === "string" ? { value } : { value: value.secret, secret: true };
  }
  if (Object.keys(config).length) await stack.setAllConfig(config);
  return stack;
}

async function runOp(msg) {
  stackReady ??= openStack(msg.settings);
  const stack = await stackReady;
  current = msg;
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
  const common = { onOutput, onEvent, color: "never", ...(msg.options ?? {}) };
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
    result = await ops[msg.op]();
  } catch (e) {
    error = String((e && e.message) || e);
  }
  // State as the engine left it, also after a failed operation.
  const outputs = result.outputs ?? (msg.op === "up" ? {} : await stack.outputs().catch(() => ({})));
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

process.on("message", (msg) => {
  runOp(msg).then(
    (result) => process.send({ id: msg.id, result }),
    (e) => process.send({ id: msg.id, result: { ok: false, error: `driver: ${String((e && e.stack) || e)}`, outputs: {}, events: [], output: "" } }),
  );
});

import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { wrapSecret } from "../provider/resource/secret-outputs";

/**
 * Drives the Pulumi SDK's own dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`)
 * over gRPC, exactly as the Pulumi engine launches and calls it (reference pulumi-dynamic.md
 * §2.1-§2.6): so tests, `npm start` and the benchmark exercise what `pulumi up` would run.
 */

// The gRPC runtime and the generated stubs must be the instances @pulumi/pulumi itself uses.
/**
 * The engine's gRPC message limit (pulumi/pulumi sdk/go/common/util/rpcutil: maxRPCMessageSize,
 * 400 MiB, pulumi/pulumi#2319), not grpc's 4 MiB default: an answer the real engine takes must
 * not fail only in this harness.
 */
export const MAX_RPC_MESSAGE_BYTES = 400 * 1024 * 1024;

const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc: any = pulumiRequire("@grpc/grpc-js");
const providerRpc: any = pulumiRequire("./proto/provider_grpc_pb");
const providerProto: any = pulumiRequire("./proto/provider_pb");
const statusProto: any = pulumiRequire("./proto/status_pb");
const structProto: any = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-explicit-any */

export type Props = Record<string, unknown>;

export interface PluginOptions {
  /** The Pulumi project folder: serialized `require("x")` calls resolve from here. */
  cwd: string;
  /** Sets PULUMI_NODEJS_PROJECT, as the engine does for this plugin. */
  project: string;
  env?: NodeJS.ProcessEnv;
  /** Every line the plugin prints after its port line (provider logs, progress). */
  onLog?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** A Create/Update that failed after the resource came into existence (ErrorResourceInitFailed). */
export class ResourceInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "ResourceInitError";
  }
}

export class ProviderPlugin {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any, // eslint-disable-line @typescript-eslint/no-explicit-any
    readonly port: number,
  ) {}

  static async start(o: PluginOptions): Promise<ProviderPlugin> {
    const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider");
    const child = spawn(process.execPath, [entry, "127.0.0.1:0"], {
      cwd: o.cwd,
      env: { ...process.env, ...o.env, PULUMI_NODEJS_PROJECT: o.project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let first = true;
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (first) {
          first = false;
          const p = Number(line.trim());
          if (Number.isInteger(p) && p > 0) resolve(p);
          else reject(new Error(`dynamic-provider plugin printed "${line}" instead of its port`));
        } else o.onLog?.(line, "stdout");
      });
      createInterface({ input: child.stderr! }).on("line", (line) => o.onLog?.(line, "stderr"));
      child.once("exit", (code) => reject(new Error(`dynamic-provider plugin exited with code ${code} before listening`)));
      child.once("error", reject);
    });
    const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_RPC_MESSAGE_BYTES,
      "grpc.max_send_message_length": MAX_RPC_MESSAGE_BYTES,
    });
    return new ProviderPlugin(child, client, port);
  }

  /** Configure with stack config: keys are full keys (`mongodbatlas:publicKey`); `secret` marks secrets. */
  async configure(config: Record<string, string | { secret: string }>): Promise<void> {
    const args: Props = {};
    for (const [k, v] of Object.entries(config)) args[k] = typeof v === "string" ? v : wrapSecret(v.secret);
    const req = new providerProto.ConfigureRequest();
    req.setArgs(structProto.Struct.fromJavaScript(args));
    req.setAcceptsecrets(true);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = new providerProto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("check", req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })), // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: "unknown" | "none" | "some"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = new providerProto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("diff", req);
    const changes = (["unknown", "none", "some"] as const)[resp.getChanges()] ?? "unknown";
    return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const req = new providerProto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(properties));
    const resp = await this.call("create", req);
    return { id: resp.getId(), properties: resp.getProperties().toJavaScript() };
  }

  async read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = new providerProto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    if (inputs) req.setInputs(toStruct(inputs));
    const resp = await this.call("read", req);
    return { id: resp.getId(), properties: resp.getProperties()?.toJavaScript() ?? {}, inputs: resp.getInputs()?.toJavaScript() };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = new providerProto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("update", req);
    return { properties: resp.getProperties().toJavaScript() };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const req = new providerProto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(toStruct(properties));
    await this.call("delete", req);
  }

  /** Ends the plugin process; `SIGKILL` simulates a crash or a killed `pulumi up`. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
    this.child.kill(signal);
    await exited;
  }

  private call(method: string, req: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return new Promise((resolve, reject) => {
      this.client[method](req, (err: any, resp: any) => (err ? reject(toPluginError(err)) : resolve(resp))); // eslint-disable-line @typescript-eslint/no-explicit-any
    });
  }
}

function toStruct(p: Props) {
  return structProto.Struct.fromJavaScript(JSON.parse(JSON.stringify(p)));
}

/** Unpacks ErrorResourceInitFailed from `grpc-status-details-bin`, as the engine does. */
function toPluginError(err: any): Error { // eslint-disable-line @typescript-eslint/no-explicit-any
  const message = String(err.details ?? err.message);
  const bin = err.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (bin) {
    const status = statusProto.Status.deserializeBinary(bin);
    for (const any of status.getDetailsList()) {
      const detail = any.unpack(providerProto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
      if (detail) return new ResourceInitError(message, detail.getId(), detail.getProperties()?.toJavaScript() ?? {}, detail.getReasonsList());
    }
  }
  return new Error(message);
}

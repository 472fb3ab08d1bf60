/**
 * The packaged plugin's cold start, measured: spawn of `pulumi-resource-atlas-restore` (from an
 * unpacked plugin archive) → its port on stdout → the first answer (GetPluginInfo, then
 * GetSchema), as the engine's first calls are. Median and range of N runs.
 *
 *   node dist/scripts/plugin/cold-start.js <unpacked plugin folder> [runs=7]
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";

const sdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc: any = sdk("@grpc/grpc-js");
const rpc: any = sdk("./proto/provider_grpc_pb");
const proto: any = sdk("./proto/provider_pb");
const empty: any = sdk("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-explicit-any */

async function once(dir: string): Promise<{ port: number; info: number; schema: number; schemaBytes: number }> {
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn(join(dir, "pulumi-resource-atlas-restore"), [], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once("line", resolve));
    const atPort = ms();
    const client = new rpc.ResourceProviderClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
    const call = <T>(method: string, req: unknown) => new Promise<T>((resolve, reject) => client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))));
    await call("getPluginInfo", new empty.Empty());
    const atInfo = ms();
    const schema = await call<{ getSchema(): string }>("getSchema", new proto.GetSchemaRequest());
    const atSchema = ms();
    client.close();
    return { port: atPort, info: atInfo, schema: atSchema, schemaBytes: schema.getSchema().length };
  } finally {
    child.kill();
  }
}

async function main() {
  const [dir, n = "7"] = process.argv.slice(2);
  const runs: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < Number(n); i++) runs.push(await once(dir));
  const stat = (k: "port" | "info" | "schema") => {
    const v = runs.map((r) => r[k]).sort((a, b) => a - b);
    return `${v[Math.floor(v.length / 2)].toFixed(0)} ms (${v[0].toFixed(0)}-${v[v.length - 1].toFixed(0)})`;
  };
  console.log(`${runs.length} cold starts of ${dir}: spawn → port ${stat("port")}, → GetPluginInfo answered ${stat("info")}, → GetSchema answered ${stat("schema")} (${runs[0].schemaBytes} bytes)`);
}

void main();

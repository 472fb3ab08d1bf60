import { AsyncLocalStorage } from "node:async_hooks";
import { dirname } from "node:path";

/**
 * The providers' progress lines as the engine's own diagnostics (`Engine.Log`), attributed to the
 * resource whose operation is running, so `pulumi up` shows them as it shows the dynamic
 * provider's. A plugin's stdout, where the dynamic provider writes them, reaches the user only at
 * debug level for an installed provider.
 */
const sdkRequire = (id: string) => require(require.resolve(id, { paths: [dirname(require.resolve("@pulumi/pulumi/package.json"))] }));
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc: any = sdkRequire("@grpc/grpc-js");
const engineRpc: any = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto: any = require("@pulumi/pulumi/proto/engine_pb");
/* eslint-enable @typescript-eslint/no-explicit-any */

const operation = new AsyncLocalStorage<string>();

/** Runs `f` as the operation of resource `urn`: its log lines name that resource. */
export const asOperationOf = <T>(urn: string, f: () => T): T => operation.run(urn, f);

/** A log sink sending each line to the engine at `address` (the plugin's first argument); stdout without one. */
export function engineLog(address: string | undefined): (line: string) => void {
  if (!address) return (line) => console.log(`[atlas-restore] ${line}`);
  const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
  // One at a time, so the lines arrive in the order they were written.
  let sent: Promise<void> = Promise.resolve();
  return (line) => {
    const req = new engineProto.LogRequest();
    req.setSeverity(engineProto.LogSeverity.INFO);
    req.setMessage(`[atlas-restore] ${line}`);
    req.setUrn(operation.getStore() ?? "");
    sent = sent.then(() => new Promise<void>((resolve) => client.log(req, (err: Error | null) => resolve(err ? console.log(`[atlas-restore] ${line}`) : undefined))));
  };
}

import type * as grpcTypes from "@grpc/grpc-js";
import * as provider from "@pulumi/pulumi/provider";
import { dirname } from "node:path";
import { configureProviders, logProvidersTo } from "../resource/provider-impl";
import { engineLog } from "./engine-log";
import { SETTING_SOURCES, type ProviderSettings } from "../resource/settings";
import { unwrapSecrets } from "../restore-core/wire-secrets";
import { PACKAGE } from "./tokens";

/** The gRPC module the SDK's server is made with (its own dependency), so the wrap reaches it. */
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [dirname(require.resolve("@pulumi/pulumi/package.json"))] })) as typeof grpcTypes;

/**
 * Serves the packaged provider with the SDK's own gRPC server (`@pulumi/pulumi/provider` main:
 * marshalling, secrets, construct, partial-failure errors), adding the one thing it leaves out:
 * the SDK's Configure answers but drops the provider's configuration (reference
 * pulumi-packaged-provider.md). The server object the SDK registers is wrapped, once, so that
 * Configure first hands its values to the same settings reader the dynamic provider uses.
 */
export async function serve(p: provider.Provider, args: string[]): Promise<void> {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: grpcTypes.Server, service: grpcTypes.ServiceDefinition, implementation: grpcTypes.UntypedServiceImplementation) {
    grpc.Server.prototype.addService = addService;
    return addService.call(this, service, withConfigure(implementation));
  };
  // The engine's address, read from the arguments as the SDK's server reads it.
  const { parseArgs } = require("@pulumi/pulumi/provider/internals") as { parseArgs(a: string[]): { engineAddress?: string } | undefined };
  logProvidersTo(engineLog(parseArgs(args)?.engineAddress));
  await provider.main(p, args);
}

type Call = { request: { getArgs(): { toJavaScript(): Record<string, unknown> } | undefined; getVariablesMap(): { entries(): Iterable<[string, string]> } } };

function withConfigure(implementation: grpcTypes.UntypedServiceImplementation): grpcTypes.UntypedServiceImplementation {
  const wrapped = Object.create(implementation) as grpcTypes.UntypedServiceImplementation;
  const sdkConfigure = implementation.configure as grpcTypes.handleUnaryCall<unknown, unknown>;
  wrapped.configure = ((call: Call, callback: grpcTypes.sendUnaryData<unknown>) => {
    try {
      configureProviders(settingReader(configurationOf(call)));
    } catch (e) {
      callback(e as Error, null);
      return;
    }
    sdkConfigure.call(implementation, call as never, callback);
  }) as grpcTypes.handleUnaryCall<unknown, unknown>;
  return wrapped;
}

/** The provider configuration by setting name: `args` (typed values), else `variables` (`atlas-restore:config:<name>`). */
function configurationOf(call: Call): Record<string, unknown> {
  const args = call.request.getArgs()?.toJavaScript();
  if (args && Object.keys(args).length > 0) return unwrapSecrets(args);
  const prefix = `${PACKAGE}:config:`;
  return Object.fromEntries([...call.request.getVariablesMap().entries()].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

/**
 * The dynamic provider's settings reader asks by its config keys (`mongodbatlas:publicKey`,
 * `atlas-restore:serverTimeScale`); here every setting is `atlas-restore:<setting name>`. The
 * environment variables are the same for both doors.
 */
function settingReader(config: Record<string, unknown>): (key: string) => string | undefined {
  const nameOf = new Map(Object.entries(SETTING_SOURCES).map(([name, [key]]) => [key, name as keyof ProviderSettings]));
  return (key) => {
    const name = nameOf.get(key);
    const v = name === undefined ? undefined : config[name];
    return v === undefined || v === null ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  };
}

import { isWrappedSecret, unwrapSecrets } from "../provider/resource/secret-outputs";
import { ProviderPlugin, ResourceInitError, type Props } from "./plugin";

/** With acceptSecrets=false the engine sends plaintext to the plugin: strip wrappers first. */
export { unwrapSecrets };

/**
 * The part of the Pulumi engine a dynamic resource meets, for machines with no Pulumi CLI: the
 * step decisions of `up` (check → create, or diff → same / update / replace), `refresh` and
 * `destroy`, with state kept as plain JSON. What the real engine does and this does not: encrypt
 * secrets in state, run providers other than the dynamic one, parallelise across resources.
 *
 * The real engine is the acceptance test (tests/real-engine); where they disagreed, this was
 * brought in line or the difference is listed here:
 * - refresh drops init errors (fixed here: it did keep them, so a failed restore refreshed by the
 *   real CLI passed the next `up` silently while this engine still failed it);
 * - interruption: the real CLI's first Ctrl-C lets the step in flight finish, a second one (or
 *   SIGKILL) leaves a pending create, and SIGKILL a stale lock; this engine has neither
 *   (runProgram's caller stops the plugin);
 * - `--target`, `--replace`, `--refresh` and `RestoreJob.get` counted as a "same" step in the
 *   summary exist only in the real engine.
 */

/** One resource in state, as the engine stores it. Secret values keep their wire wrapper. */
export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
  /** Set when Create/Update failed after the resource existed: the next `up` updates it. */
  initErrors?: string[];
}

export interface StackState {
  resources: Record<string, ResourceState>;
}

export type StepKind = "create" | "same" | "update" | "replace" | "read" | "refresh" | "delete";

export interface Step {
  kind: StepKind;
  urn: string;
  id?: string;
  error?: string;
}

export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: { property: string; reason: string }[],
  ) {
    super(`${urn} has invalid inputs:\n${failures.map((f) => `  - ${f.property}: ${f.reason}`).join("\n")}`);
    this.name = "CheckFailedError";
  }
}

export class LocalEngine {
  readonly steps: Step[] = [];

  constructor(
    readonly plugin: ProviderPlugin,
    readonly state: StackState,
    readonly project: string,
    readonly stack: string,
  ) {}

  urnOf(type: string, name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
  }

  /** One resource registration of `pulumi up`. Returns its id and outputs (secrets still wrapped). */
  async register(type: string, name: string, news: Props, opts: { id?: string } = {}): Promise<ResourceState> {
    const urn = this.urnOf(type, name);
    if (opts.id) return this.readExisting(type, name, urn, opts.id, news);
    const old = this.state.resources[urn];
    const { inputs, failures } = await this.plugin.check(urn, old ? unwrapSecrets(old.inputs) : {}, news);
    if (failures.length > 0) throw new CheckFailedError(urn, failures);
    if (!old) return this.createStep(type, name, urn, inputs, "create");

    const diff = await this.plugin.diff(urn, old.id, unwrapSecrets(old.outputs), inputs);
    if (diff.replaces.length > 0) {
      if (diff.deleteBeforeReplace) {
        // Delete first when the provider asks (the engine's deleteBeforeReplace): if the create
        // then fails, the old resource is gone from state.
        await this.plugin.delete(urn, old.id, unwrapSecrets(old.outputs));
        delete this.state.resources[urn];
        return this.createStep(type, name, urn, inputs, "replace");
      }
      // Create-before-delete, the engine's default when deleteBeforeReplace is not asked for.
      const created = await this.createStep(type, name, urn, inputs, "replace");
      await this.plugin.delete(urn, old.id, unwrapSecrets(old.outputs));
      return created;
    }
    if (diff.changes === "none" && !old.initErrors) {
      // A "same" step keeps the old outputs and stores the new inputs (engine step.go).
      this.steps.push({ kind: "same", urn, id: old.id });
      return this.save({ ...old, inputs });
    }
    try {
      const { properties } = await this.plugin.update(urn, old.id, unwrapSecrets(old.outputs), inputs);
      this.steps.push({ kind: "update", urn, id: old.id });
      return this.save({ ...old, inputs, outputs: properties, initErrors: undefined });
    } catch (e) {
      throw this.recordFailure(e, { ...old, inputs }, "update");
    }
  }

  /**
   * `pulumi refresh`: Read every resource; a blank id drops it from state. As in the real engine,
   * the refreshed resource keeps only the init errors Read returns, and the dynamic-provider
   * plugin's Read returns none: a failed or timed-out restore loses its init errors here.
   */
  async refresh(): Promise<void> {
    for (const r of Object.values(this.state.resources)) {
      const res = await this.plugin.read(r.urn, r.id, unwrapSecrets(r.outputs), unwrapSecrets(r.inputs));
      this.steps.push({ kind: "refresh", urn: r.urn, id: res.id || undefined });
      if (!res.id) delete this.state.resources[r.urn];
      else this.save({ ...r, id: res.id, outputs: res.properties, inputs: res.inputs ?? r.inputs, initErrors: undefined });
    }
  }

  /** `pulumi destroy`: Delete every resource, newest first. */
  async destroy(): Promise<void> {
    for (const r of Object.values(this.state.resources).reverse()) {
      await this.plugin.delete(r.urn, r.id, unwrapSecrets(r.outputs));
      this.steps.push({ kind: "delete", urn: r.urn, id: r.id });
      delete this.state.resources[r.urn];
    }
  }

  private async readExisting(type: string, name: string, urn: string, id: string, inputs: Props): Promise<ResourceState> {
    const res = await this.plugin.read(urn, id, {}, inputs);
    if (!res.id) throw new Error(`${urn}: resource ${id} does not exist`);
    this.steps.push({ kind: "read", urn, id: res.id });
    return { urn, type, name, id: res.id, inputs, outputs: res.properties };
  }

  private async createStep(type: string, name: string, urn: string, inputs: Props, kind: "create" | "replace"): Promise<ResourceState> {
    try {
      const { id, properties } = await this.plugin.create(urn, inputs);
      this.steps.push({ kind, urn, id });
      return this.save({ urn, type, name, id, inputs, outputs: properties });
    } catch (e) {
      throw this.recordFailure(e, { urn, type, name, id: "", inputs, outputs: {} }, kind);
    }
  }

  /** A partial failure still records the resource, with its init errors, as the engine does. */
  private recordFailure(e: unknown, r: ResourceState, kind: StepKind): unknown {
    this.steps.push({ kind, urn: r.urn, id: e instanceof ResourceInitError ? e.id : undefined, error: (e as Error).message });
    if (e instanceof ResourceInitError) {
      this.save({ ...r, id: e.id, outputs: e.properties, initErrors: e.reasons.length ? e.reasons : [e.message] });
    }
    return e;
  }

  private save(r: ResourceState): ResourceState {
    this.state.resources[r.urn] = r;
    return r;
  }
}

/** Dotted paths of every secret-wrapped value, e.g. `deliveryUrls`, `jobs.0.delivery.url`. */
export function secretPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, `${prefix}${i}.`));
  if (value && typeof value === "object") {
    if (isWrappedSecret(value)) return [prefix.slice(0, -1)];
    return Object.entries(value).flatMap(([k, v]) => secretPaths(v, `${prefix}${k}.`));
  }
  return [];
}

/**
 * The conformance suite's subjects: every way a user declares a restore, behind one interface, so
 * each safety scenario runs over each of them. A subject turns a `Declaration` (a download or an
 * automated restore of a source cluster, with its trigger, adopt and wait settings) into one
 * `pulumi up` on the plugin path: a RestoreJob or CloudBackupRestoreJob registered with the
 * LocalEngine, or a DisasterRecoveryPlan entry of either API run as a real program in a process
 * of its own (the plan host, as a language host runs a program).
 *
 * Every scenario gets clusters of its own (`world.ts`), so scenarios never see each other's jobs.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Emulator } from "../../emulator";
import { LocalEngine, unwrapSecrets, type ResourceState, type StackState } from "../../local-engine/engine";
import type { DisasterRecoveryPlanArgs } from "../../provider";
import { CLOUD_BACKUP_RESTORE_JOB_TYPE, REPO_ROOT, RESTORE_JOB_TYPE, type PluginSession } from "../helpers/plugin-session";
import { cloudInputs, legacyInputs, planEntry, type Declaration } from "../../chaos/declarations";
import type { Api } from "../../chaos/world";

export type { Api, Declaration };

/** What one `up` left: the error (if it failed) and the restore as state holds it. */
export interface UpResult {
  error?: string;
  /** The resource id in state, if the restore is there. */
  id?: string;
  /** Outputs in state (secrets unwrapped). */
  outputs?: Record<string, unknown>;
  /** The step the engine took for the restore (create, same, update, replace). */
  step?: string;
  /** Plan entries: the entry's output (status, measurement). */
  entry?: Record<string, unknown>;
}

/** A stack of its own: `pulumi up` of one declaration at a time, refresh, destroy. */
export interface Stack {
  up(name: string, d: Declaration): Promise<UpResult>;
  /** SIGKILL the plugin process serving this stack (the next operation starts a new one). */
  killPlugin(): Promise<void>;
  refresh(): Promise<void>;
  destroy(): Promise<void>;
  /** The restore as state holds it, by its declared name. */
  stored(name: string): Promise<UpResult>;
}

export interface World {
  session: PluginSession;
  emulator: Emulator;
  /** The processes standing in for the language host of plan programs (started on first use). */
  planHosts: PlanHosts;
}

export interface Subject {
  name: string;
  api: Api;
  /** Whether a declaration is a plan entry (a DisasterRecoveryPlan child). */
  plan: boolean;
  openStack(world: World): Stack;
}

const found = (r: ResourceState | undefined): UpResult => (r && r.id ? { id: r.id, outputs: unwrapSecrets(r.outputs) } : {});

/** A resource declared directly, registered the way `pulumi up` registers it, on the shared plugin. */
function resourceSubject(name: string, api: Api, type: string, inputsOf: (d: Declaration) => Record<string, unknown>, providerText: (s: PluginSession) => string): Subject {
  return {
    name,
    api,
    plan: false,
    openStack({ session }) {
      const state: StackState = { resources: {} };
      let engine = new LocalEngine(session.plugin, state, "conformance", "dev");
      const stored = (resourceName: string) => found(Object.values(state.resources).find((x) => x.name === resourceName));
      return {
        async up(resourceName, d) {
          const before = engine.steps.length;
          try {
            await engine.register(type, resourceName, { __provider: providerText(session), ...inputsOf(d) });
          } catch (e) {
            const step = engine.steps.slice(before).at(-1)?.kind;
            return { ...stored(resourceName), error: (e as Error).message, ...(step ? { step } : {}) };
          }
          return { ...stored(resourceName), step: engine.steps.at(-1)?.kind };
        },
        refresh: () => engine.refresh(),
        destroy: () => engine.destroy(),
        stored: async (resourceName) => stored(resourceName),
        async killPlugin() {
          await session.restart("SIGKILL");
          engine = new LocalEngine(session.plugin, state, "conformance", "dev");
        },
      };
    },
  };
}

/** What the plan host answers for one operation. */
interface HostResult {
  outputs?: Record<string, unknown>;
  errors?: string[];
  steps: { kind: string; urn: string }[];
  resources: ResourceState[];
  hostError?: string;
}

/**
 * The language-host stand-in for plan programs: a child process holding its own plugin and engines.
 * It runs one program at a time (a program's SDK state is process-wide, as in a language host), so
 * operations sent together run one after the other, in order; a kill is sent at once (it is meant
 * to land while an operation runs).
 */
export class PlanHost {
  readonly #child: ChildProcess;
  #next = 0;
  readonly #waiting = new Map<number, (r: HostResult) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  /** Operations sent and not yet answered. */
  pending = 0;

  constructor(emulator: Emulator, serverTimeScale: number) {
    this.#child = fork(join(__dirname, "programs/plan-host.js"), [], {
      env: { ...process.env, REPO_ROOT, API_BASE: emulator.apiBase, PUBLIC_KEY: emulator.publicKey, PRIVATE_KEY: emulator.privateKey, SERVER_TIME_SCALE: String(serverTimeScale) },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    this.#child.on("message", (m: { id: number; result: HostResult }) => this.#waiting.get(m.id)?.(m.result));
  }

  async run(message: Record<string, unknown>): Promise<HostResult> {
    if (message.op === "kill") return this.#send(message);
    this.pending++;
    const turn = this.#queue.then(() => this.#send(message));
    this.#queue = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      this.pending--;
    }
  }

  async #send(message: Record<string, unknown>): Promise<HostResult> {
    const id = ++this.#next;
    const result = await new Promise<HostResult>((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ ...message, id });
    });
    this.#waiting.delete(id);
    if (result.hostError) throw new Error(result.hostError);
    return result;
  }

  close(): void {
    this.#child.disconnect();
  }
}

/**
 * Plan hosts for stacks whose scenarios run at the same time (test.concurrent): a stack is bound,
 * at its first operation, to an idle host (a new one while fewer than `size` run), so scenarios
 * wait on emulated time side by side instead of in one host's queue. A stack stays on its host:
 * its state is there.
 */
export class PlanHosts {
  readonly #hosts: PlanHost[] = [];
  readonly #bound = new Map<string, PlanHost>();

  constructor(
    private readonly emulator: Emulator,
    private readonly serverTimeScale: number,
    /**
     * A host and its plugin hold about 260 MB, and the two conformance files usually run at the
     * same time (one per worker): 5 hosts each took the suite's peak RSS to 3.96 GB; 2 each bound
     * the hosts to about 1 GB in all.
     */
    private readonly size = 2,
  ) {}

  of(stack: string): PlanHost {
    let host = this.#bound.get(stack);
    if (!host) {
      host = this.#hosts.find((h) => h.pending === 0);
      if (!host && this.#hosts.length < this.size) this.#hosts.push((host = new PlanHost(this.emulator, this.serverTimeScale)));
      host ??= this.#hosts.reduce((a, b) => (b.pending < a.pending ? b : a));
      this.#bound.set(stack, host);
    }
    return host;
  }

  close(): void {
    for (const host of this.#hosts) host.close();
  }
}

let stacks = 0;

/** An entry of a DisasterRecoveryPlan named "plan", run as a real Pulumi program by the plan host. */
function planEntrySubject(name: string, api: Api): Subject {
  return {
    name,
    api,
    plan: true,
    openStack(world) {
      const stack = `plan${++stacks}`;
      let resources: ResourceState[] = [];
      const stored = (entryName: string) => found(resources.find((x) => x.name === `plan-${entryName}`));
      const op = async (message: Record<string, unknown>) => {
        const r = await world.planHosts.of(stack).run({ ...message, stack });
        resources = r.resources;
        return r;
      };
      return {
        async up(entryName, d) {
          const entry = planEntry(d, api);
          const plan: DisasterRecoveryPlanArgs = {
            entries: { [entryName]: entry },
            ...(d.target ? { overwritableTargets: [`${d.target.projectId}/${d.target.name}`] } : {}),
          };
          const r = await op({ op: "up", name: "plan", plan });
          const child = r.steps.filter((x) => x.urn.endsWith(`::plan-${entryName}`)).at(-1);
          const entry$ = (r.outputs?.entries as Record<string, Record<string, unknown>> | undefined)?.[entryName];
          const error = (r.errors ?? []).join("\n");
          return { ...stored(entryName), ...(error ? { error } : {}), ...(child ? { step: child.kind } : {}), ...(entry$ ? { entry: entry$ } : {}) };
        },
        refresh: async () => void (await op({ op: "refresh" })),
        destroy: async () => void (await op({ op: "destroy" })),
        stored: async (entryName) => stored(entryName),
        killPlugin: async () => void (await world.planHosts.of(stack).run({ op: "kill" })),
      };
    },
  };
}

export const SUBJECTS: readonly Subject[] = [
  resourceSubject("RestoreJob", "legacy", RESTORE_JOB_TYPE, legacyInputs, (s) => s.providerText),
  resourceSubject("CloudBackupRestoreJob", "cloudBackup", CLOUD_BACKUP_RESTORE_JOB_TYPE, cloudInputs, (s) => s.cloudProviderText),
  planEntrySubject("plan entry (legacy)", "legacy"),
  planEntrySubject("plan entry (Cloud Backup)", "cloudBackup"),
];

/**
 * A lane of the campaign: one program host process (chaos/host) running one schedule at a time.
 * Several lanes run side by side on one emulator, each schedule on clusters of its own.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { HostMessage, HostReply, HostRequest, HostResult, PluginConfig } from "./host/protocol";
import { repoRoot } from "./repo-root";

export class Lane {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (r: HostReply) => void>();
  #next = 0;
  #config = "";

  /** The plugin config the lane's next operation runs with (JSON). */
  get configKey(): string {
    return this.#config;
  }
  #exited = false;

  constructor() {
    // The host runs the compiled provider, as a user's `pulumi up` would (jest's global setup builds dist/).
    this.#child = fork(join(repoRoot(), "dist/chaos/host/program-host.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
    this.#child.on("message", (m: HostReply) => this.#waiting.get(m.id)?.(m));
    this.#child.on("exit", (code, signal) => {
      this.#exited = true;
      for (const resolve of this.#waiting.values()) resolve({ id: -1, hostError: `program host exited (${signal ?? code})` });
    });
  }

  async request(request: HostRequest): Promise<HostResult | undefined> {
    if (this.#exited) throw new Error("program host has exited");
    const id = ++this.#next;
    const reply = await new Promise<HostReply>((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ id, request } satisfies HostMessage);
    });
    this.#waiting.delete(id);
    if (reply.hostError) throw new Error(reply.hostError);
    return reply.result;
  }

  async operate(request: Extract<HostRequest, { stack: string }>): Promise<HostResult> {
    return (await this.request(request))!;
  }

  /** Plugin config for the schedule; a different one starts a new plugin process for it. */
  async useConfig(config: PluginConfig): Promise<void> {
    const key = JSON.stringify(config);
    if (key === this.#config) return;
    this.#config = key;
    await this.request({ op: "configure", config });
    await this.request({ op: "newProcess" });
  }

  /** Ends the host (it stops its plugin first); resolves once it has exited. */
  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#child.once("exit", () => resolve()));
    this.#child.disconnect();
    await exited;
  }
}

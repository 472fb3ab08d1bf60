import { AtlasClient, CloudBackupClient, isAtlasConfigError } from "../atlas";
import { serverClock, type Clock } from "../restore-core/clock";
import { chooseCredential } from "./credentials";
import { revokeTokensOnExit } from "./exit-revocation";
import { clientOptionsFrom, configurationError, readSettings, type ProviderSettings } from "./settings";

/**
 * The API clients of one plugin process, made from the provider's settings on first use (so
 * check, diff and a legacy delete send nothing), one per API, remade after a configure. Both
 * resources and the DR plan's API decision use them: one credential choice, one request budget
 * per API, one place that installs token revocation at exit.
 */
export class ProviderClients {
  #settings: ProviderSettings | undefined;
  #legacy: AtlasClient | undefined;
  #cloud: CloudBackupClient | undefined;
  #clock: Clock | undefined;

  constructor(private readonly log: (line: string) => void) {}

  configure(config: (key: string) => string | undefined): void {
    this.#settings = readSettings(config);
    this.#legacy = undefined;
    this.#cloud = undefined;
    this.#clock = serverClock(this.#settings.serverTimeScale);
  }

  /** The server's clock, when it runs faster than real time (`atlas-restore:serverTimeScale`). */
  clock(): Clock | undefined {
    return this.#clock;
  }

  legacy(): AtlasClient {
    this.#legacy ??= this.#make((o) => new AtlasClient(o));
    return this.#legacy;
  }

  cloud(): CloudBackupClient {
    this.#cloud ??= this.#make((o) => new CloudBackupClient({ ...o, warn: this.log }));
    return this.#cloud;
  }

  #make<C>(make: (options: ReturnType<typeof clientOptionsFrom> & { log?: (line: string) => void }) => C): C {
    const all = this.#settings ?? readSettings(() => undefined);
    const credential = chooseCredential(all);
    if (credential.warning) this.log(credential.warning);
    if (credential.settings.clientId) revokeTokensOnExit();
    try {
      return make({ ...clientOptionsFrom({ ...all, ...credential.settings }), log: process.env.ATLAS_RESTORE_DEBUG ? this.log : undefined });
    } catch (e) {
      throw isAtlasConfigError(e) ? configurationError(e) : e;
    }
  }
}

// global_defs lvs_sync_daemon in the VRRP process: the IPVS connection-sync daemon follows the named instance —
// master daemon while it is MASTER, backup daemon once it leaves MASTER — and the running one stops with the
// process. Requests are chained so they reach the kernel in order without blocking the loop; a failure is logged.
import type { LvsSyncDaemon } from '../../config/model/global-defs';
import { switchSyncDaemon } from '../../ipvs/sync-daemon';
import type { IpvsClient } from '../../ipvs/types';

export class LvsSyncSwitch {
  private chain: Promise<void> = Promise.resolve();
  private role: 'master' | 'backup' | undefined;

  constructor(
    private readonly client: IpvsClient,
    private readonly config: LvsSyncDaemon,
    /** The instance's VRID: the sync id when none is configured. */
    private readonly vrid: number | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** The VRRP instance the daemon follows. */
  get instance(): string | undefined {
    return this.config.instance;
  }

  switchTo(role: 'master' | 'backup'): void {
    this.role = role;
    this.chain = this.chain
      .then(() => switchSyncDaemon(this.client, this.config, role, this.vrid))
      .catch((e: Error) => this.log(`IPVS: ${e.message}`));
  }

  /** keepalived's stop: the daemon of the current role stops. */
  async stop(): Promise<void> {
    await this.chain;
    if (this.role) await this.client.stopSyncDaemon(this.role).catch(() => undefined);
    this.client.close();
  }
}

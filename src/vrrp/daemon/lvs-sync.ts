// lvs_sync_daemon in the VRRP process (global_defs lvs_sync_daemon, or the legacy per-instance
// lvs_sync_daemon_interface, which keepalived turns into it): the IPVS connection-sync daemon follows the named
// instance as keepalived's does. Its initialisation (vrrp_init_state, at start and at each reload) starts the daemon
// of the role the instance starts in; becoming MASTER stops the backup daemon and starts the master one, leaving
// MASTER the reverse; a reload first restarts the running one without its settings (keepalived passes none), then
// initialises the instances again; the stop ends the running one.
// Failures are logged in keepalived's words except where keepalived ignores them. Requests are chained so they reach
// the kernel in order without blocking the loop.
import type { LvsSyncDaemon } from '../../config/model/global-defs';
import { syncDaemonCommand, syncDaemonConfig } from '../../ipvs/sync-daemon';
import type { IpvsClient } from '../../ipvs/types';

type Role = 'master' | 'backup';

const other = (role: Role): Role => (role === 'master' ? 'backup' : 'master');

export class LvsSyncSwitch {
  private chain: Promise<void> = Promise.resolve();
  private role: Role | undefined;

  constructor(
    private readonly client: IpvsClient,
    private config: LvsSyncDaemon | undefined,
    /** The instance's VRID: the sync id when none is configured. */
    private vrid: number | undefined,
    private readonly log: (line: string) => void,
  ) {}

  /** The VRRP instance the daemon follows (none once a reload dropped lvs_sync_daemon). */
  get instance(): string | undefined {
    return this.config?.instance;
  }

  /** vrrp_init_state: the daemon of the role the instance starts in (MASTER only when it stays MASTER at a reload). */
  start(role: Role): void {
    const cfg = this.config;
    if (!cfg) return;
    this.role = role;
    this.queue(async () => this.logged(await syncDaemonCommand(this.client, 'start', syncDaemonConfig(cfg, role, this.vrid))));
  }

  /** vrrp_state_become_master / leave_master: the other role's daemon stops, this one starts. */
  switchTo(role: Role): void {
    const cfg = this.config;
    if (!cfg) return;
    this.role = role;
    this.queue(async () => {
      this.logged(await syncDaemonCommand(this.client, 'stop', other(role)));
      this.logged(await syncDaemonCommand(this.client, 'start', syncDaemonConfig(cfg, role, this.vrid)));
    });
  }

  /**
   * A reload read `config`. keepalived then restarts the running daemon without its settings, every answer ignored
   * (so when the settings changed, the stop goes through and the start is refused); the instances' initialisation,
   * which comes after, starts the daemon with the new settings.
   */
  reconfigure(config: LvsSyncDaemon | undefined, vrid: number | undefined): void {
    const before = this.config && syncDaemonConfig(this.config, 'master', this.vrid);
    const after = config && syncDaemonConfig(config, 'master', vrid);
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    this.config = config;
    this.vrid = vrid;
    const role = this.role;
    if (!config || !role) return;
    const bare = { state: role, interface: '', syncId: 0, maxLen: 0, mcastGroup: '', mcastPort: 0, mcastTtl: 0 };
    this.queue(async () => {
      if (changed) await syncDaemonCommand(this.client, 'stop', role);
      await syncDaemonCommand(this.client, 'start', bare);
      await syncDaemonCommand(this.client, 'stop', other(role));
    });
  }

  /** keepalived's stop: the daemon of the current role stops. */
  async stop(): Promise<void> {
    const role = this.role;
    if (this.config && role) this.queue(async () => this.logged(await syncDaemonCommand(this.client, 'stop', role)));
    await this.chain;
    this.client.close();
  }

  private logged(line: string | undefined): void {
    if (line !== undefined) this.log(line);
  }

  private queue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((e: Error) => this.log(`IPVS: ${e.message}`));
  }
}

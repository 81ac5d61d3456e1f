// An IPv4 VMAC needs rp_filter 0, which only takes effect while net.ipv4.conf.all.rp_filter is 0 too. keepalived
// (clear_rp_filter) therefore, when all.rp_filter is N > 0: raises default.rp_filter to N if lower, raises each
// interface it knows — the ones the configuration names — to N if lower, then sets all.rp_filter to 0 (measured:
// an unnamed interface keeps its value unless the kernel copies the new default onto it); at exit it puts
// back each value it changed that is still what it set. The same NOTICE lines are logged.
import type { Logger } from '../../core/logging/logger';
import type { Sysctl } from '../../net/sysctl/sysctl';

const conf = (ifname: string): string[] => ['net', 'ipv4', 'conf', ifname, 'rp_filter'];

export class RpFilter {
  /** all.rp_filter before we cleared it; undefined while not cleared. */
  private all: number | undefined;
  private defaultWas: number | undefined;
  /** Interfaces whose rp_filter we raised, with their value before. */
  private readonly raised = new Map<string, number>();

  constructor(
    private readonly sysctl: Sysctl,
    private readonly log: Logger,
    /** The interfaces the configuration names (keepalived only knows those), existing or not. */
    private readonly interfaces: () => readonly string[],
  ) {}

  async clear(): Promise<void> {
    if (this.all !== undefined) return;
    const all = await this.sysctl.readInt(conf('all'));
    if (all === undefined) {
      this.log.info('Unable to read sysctl net.ipv4.conf.all.rp_filter');
      return;
    }
    if (all === 0) return;
    this.all = all;
    // Read before default changes: the kernel copies a new default to every interface not set explicitly, and
    // keepalived compares with the values it read earlier.
    const values = new Map<string, number | undefined>();
    for (const name of this.interfaces()) values.set(name, await this.sysctl.readInt(conf(name)));
    const def = await this.sysctl.readInt(conf('default'));
    if (def !== undefined && def < all) {
      this.log.info(`NOTICE: setting sysctl net.ipv4.conf.default.rp_filter from ${def} to ${all}`);
      await this.sysctl.writeInt(conf('default'), all);
      this.defaultWas = def;
    }
    for (const [name, v] of values) {
      if (v !== undefined && v < all) {
        await this.sysctl.writeInt(conf(name), all);
        this.raised.set(name, v);
      }
    }
    this.log.info(`NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from ${all} to 0`);
    await this.sysctl.writeInt(conf('all'), 0);
  }

  async restore(): Promise<void> {
    const all = this.all;
    if (all === undefined) return;
    if ((await this.sysctl.readInt(conf('all'))) === 0) {
      this.log.info(`NOTICE: resetting sysctl net.ipv4.conf.all.rp_filter to ${all}`);
      await this.sysctl.writeInt(conf('all'), all);
    }
    if (this.defaultWas !== undefined) {
      if ((await this.sysctl.readInt(conf('default'))) === all) {
        this.log.info(`NOTICE: resetting sysctl net.ipv4.conf.default.rp_filter to ${this.defaultWas}`);
        await this.sysctl.writeInt(conf('default'), this.defaultWas);
      }
      this.defaultWas = undefined;
    }
    for (const [name, was] of this.raised) {
      if ((await this.sysctl.readInt(conf(name))) === all) await this.sysctl.writeInt(conf(name), was);
    }
    this.raised.clear();
    this.all = undefined;
  }
}

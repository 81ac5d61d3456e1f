// Creates and removes the instances' VMACs as keepalived 2.2.7 does (measured in a namespace, reference §4.13):
// a private macvlan on the base interface with the virtual MAC; for IPv4 the VMAC gets arp_ignore=1,
// accept_local=1, rp_filter=0, promote_secondaries=1 and the base arp_ignore=1, arp_filter=1 (left so at exit,
// as keepalived leaves them); IPv6 is disabled on it unless the instance needs IPv6 there; no automatic link-local
// address (addr_gen_mode none); then it is brought up, and stays up in every state. An IPv6 instance that sends
// from the VMAC gets a link-local address on it (its source address, else the base's), nodad and deprecated.
import type { Logger } from '../../core/logging/logger';
import { toNetlinkError } from '../../net/netlink/errors';
import { canonicalIp } from '../../net/netlink/ip-text';
import type { LinkInfo, NetlinkCommands } from '../../net/netlink/types';
import type { Sysctl } from '../../net/sysctl/sysctl';
import type { LinkTable } from './link-table';
import type { RpFilter } from './rp-filter';
import type { VmacPlan } from './vmac-plan';

/** fe80::/64 with the EUI-64 interface identifier of a MAC (keepalived's fallback for the VMAC's source). */
export function eui64LinkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const words = [(b[0] ^ 2) * 256 + b[1], b[2] * 256 + 0xff, 0xfe * 256 + b[3], b[4] * 256 + b[5]];
  return canonicalIp(`fe80::${words.map((w) => w.toString(16)).join(':')}`);
}

/** How long after bringing a VMAC up its "up" notification still counts as ours. */
const QUIET_UP_MS = 2000;

export class VmacLinks {
  /**
   * VMACs being deleted by us: their removal is not someone else's. keepalived logs "Success removing" when the
   * kernel answers and "Interface … deleted" when it reads the notification, in that order; the monitor may report
   * the removal before the answer arrives here, so the second line waits for the first.
   */
  private readonly deleting = new Map<string, { answered: boolean; reported: boolean }>();
  /**
   * VMACs we are bringing up at start-up, until when: their first "up" is not news (keepalived reads it
   * synchronously). Bounded in time, so an "up" the monitor folded into the creation cannot hide a later one.
   */
  private readonly quietUp = new Map<string, number>();
  /** Per VMAC, the base interface's primary IPv4 and link-local IPv6 (read at creation): the adverts' source. */
  private readonly sources = new Map<string, { 4?: string; 6?: string }>();

  constructor(
    private readonly cmd: NetlinkCommands,
    private readonly sysctl: Sysctl,
    private readonly links: LinkTable,
    private readonly log: Logger,
    private readonly rpFilter: RpFilter,
  ) {}

  /** Creates and configures the VMAC, or takes over the matching one there; undefined when it could not be created. */
  async create(instance: string, v: VmacPlan, sourceIp6: string | undefined, quiet: boolean): Promise<'created' | 'taken over' | undefined> {
    const baseIndex = this.links.index(v.base);
    if (baseIndex === undefined) return undefined;
    await this.readBaseSources(v, baseIndex);
    if (v.existing && this.links.index(v.name) !== undefined) {
      // keepalived takes it as it is: no settings, no firewall entry, not even brought up (measured).
      this.log.info(`(${instance}) Found matching interface ${v.name}`);
      return 'taken over';
    }
    let index: number;
    try {
      index = await this.cmd.addMacvlan({ name: v.name, parent: baseIndex, mac: v.mac, mode: 'private' });
    } catch (e) {
      this.log.info(`(${instance}): Unable to create VMAC interface ${v.name}`);
      this.log.detail(`(${instance}): ${toNetlinkError(e, 'create VMAC').message}`);
      return undefined;
    }
    this.log.detail(`(${instance}): Success creating VMAC interface ${v.name}`);
    this.links.put({ index, name: v.name, up: false, running: false, lowerUp: false, mac: v.mac, kind: 'macvlan', parent: baseIndex });
    if (v.family === 4) {
      await this.rpFilter.clear();
      await this.quietly(this.cmd.setLink({ index, ipv4Devconf: { arpIgnore: 1, acceptLocal: 1, rpFilter: 0, promoteSecondaries: 1 } }), instance, v.name);
      await this.quietly(this.cmd.setLink({ index: baseIndex, ipv4Devconf: { arpIgnore: 1, arpFilter: 1 } }), instance, v.base);
    }
    const err = await this.sysctl.writeInt(['net', 'ipv6', 'conf', v.name, 'disable_ipv6'], v.ipv6 ? 0 : 1);
    if (err) this.log.info(`(${instance}) cannot set disable_ipv6 on ${v.name}: ${err}`);
    await this.quietly(this.cmd.setLink({ index, ipv6AddrGenMode: 'none' }), instance, v.name);
    if (quiet) this.quietUp.set(v.name, Date.now() + QUIET_UP_MS);
    const up = await this.quietly(this.cmd.setLink({ index, up: true }), instance, v.name);
    const base = this.linkByIndex(baseIndex);
    const current = this.linkByIndex(index);
    if (up && current) {
      const lower = base !== undefined && base.up && base.running;
      this.links.put({ ...current, up: true, running: lower, lowerUp: lower });
    }
    if (v.family === 6 && !v.xmitBase) {
      const baseMac = base?.mac;
      const address = sourceIp6 ?? this.baseSource(v.name, 6) ?? (baseMac ? eui64LinkLocal(baseMac) : undefined);
      if (address !== undefined) {
        try {
          await this.cmd.addAddress({ index, ifname: v.name, family: 6, address, prefix: 64, nodad: true, preferredLft: 0 });
        } catch (e) {
          if (toNetlinkError(e, 'add').code !== 'EEXIST') {
            this.log.info('Adding link-local address to vmac failed');
            this.log.info(`(${instance}) adding link-local address to ${v.name} failed`);
          }
        }
      }
    }
    return 'created';
  }

  /** The base interface's address adverts come from when none is configured (a VMAC has none of its own). */
  baseSource(vmac: string, family: 4 | 6): string | undefined {
    return this.sources.get(vmac)?.[family];
  }

  private async readBaseSources(v: VmacPlan, baseIndex: number): Promise<void> {
    try {
      const addrs = await this.cmd.listAddresses({ index: baseIndex });
      this.sources.set(v.name, {
        4: addrs.find((a) => a.family === 4 && !a.flags.secondary)?.address,
        6: addrs.find((a) => a.family === 6 && /^fe[89ab]/i.test(a.address))?.address,
      });
    } catch {
      this.sources.delete(v.name);
    }
  }

  /** Deletes the VMAC (its addresses go with it). */
  async remove(instance: string, v: VmacPlan): Promise<void> {
    const index = this.links.index(v.name);
    if (index === undefined) return;
    const entry = { answered: false, reported: false };
    this.deleting.set(v.name, entry);
    try {
      await this.cmd.deleteLink(index);
      this.log.detail(`(${instance}) Success removing VMAC interface ${v.name}`);
    } catch {
      this.deleting.delete(v.name);
      this.log.info(`(${instance}) Error removing VMAC interface ${v.name}`);
      return;
    }
    entry.answered = true;
    if (entry.reported) this.deleted(v.name);
  }

  /** Whether a removal the monitor reports is one we asked for; its "deleted" line is logged in keepalived's order. */
  ownRemovalReported(name: string): boolean {
    const entry = this.deleting.get(name);
    if (!entry) return false;
    entry.reported = true;
    if (entry.answered) this.deleted(name);
    return true;
  }

  private deleted(name: string): void {
    this.deleting.delete(name);
    this.log.info(`Interface ${name} deleted`);
  }

  /** Whether a link-up the monitor reports is the start-up one we caused (consumed). */
  consumeQuietUp(name: string): boolean {
    const until = this.quietUp.get(name);
    this.quietUp.delete(name);
    return until !== undefined && Date.now() <= until;
  }

  private linkByIndex(index: number): LinkInfo | undefined {
    const name = this.links.name(index);
    return name === undefined ? undefined : this.links.get(name);
  }

  /** Runs a settings request; failures are logged, not thrown. */
  private async quietly(p: Promise<void>, instance: string, ifname: string): Promise<boolean> {
    try {
      await p;
      return true;
    } catch (e) {
      this.log.info(`(${instance}) Unable to set parameters for ${ifname}: ${toNetlinkError(e, 'set link').message}`);
      return false;
    }
  }
}

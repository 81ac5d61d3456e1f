// Carries the state machine's add/remove actions to the kernel through the netlink command channel. Requests go
// out at once and in order on the one socket (the kernel applies them in that order), so the event loop never
// waits for the kernel; failures are logged. Removals the daemon makes itself are remembered until the monitor
// channel reports them, so that only a deletion by someone else counts as "VIP deleted externally".
import { addressKey } from '../../net/netlink/reconcile-addresses';
import { toNetlinkError } from '../../net/netlink/errors';
import type { AddressSpec, KernelAddress, NetlinkCommands, RouteSpec } from '../../net/netlink/types';
import { Scope } from '../../net/netlink/types';
import type { Logger } from '../../core/logging/logger';
import type { PlannedAddress, PlannedRoute, PlannedRule } from './instance-plan';
import type { LinkTable } from './link-table';

/** Errors that mean "already the way we want it". */
const ADD_DONE = new Set(['EEXIST']);
const REMOVE_DONE = new Set(['EADDRNOTAVAIL', 'ENODEV', 'ESRCH', 'ENOENT']);

export class KernelWriter {
  private readonly pending = new Set<Promise<void>>();
  /** Address keys we asked the kernel to delete and whose RTM_DELADDR has not arrived yet. */
  private readonly ownRemovals = new Map<string, number>();

  constructor(
    private readonly cmd: NetlinkCommands,
    private readonly links: LinkTable,
    private readonly log: Logger,
  ) {}

  /** The netlink spec of a planned address, or undefined when its interface does not exist. */
  addressSpec(a: PlannedAddress): AddressSpec | undefined {
    const index = this.links.index(a.dev);
    if (index === undefined) return undefined;
    const e = a.entry;
    const spec: AddressSpec = { index, ifname: a.dev, family: a.family, address: a.address, prefix: a.prefix };
    if (a.family === 4) {
      if (e.label !== undefined) spec.label = e.label;
      if (e.scope) spec.scope = e.scope;
      if (e.brd !== undefined) spec.broadcast = e.brd;
    } else {
      spec.nodad = e.nodad;
      if (e.preferredLft !== undefined) spec.preferredLft = e.preferredLft;
    }
    if (e.peer !== undefined) spec.peer = e.peer;
    if (e.home) spec.home = true;
    if (e.mngtmpaddr) spec.mngtmpaddr = true;
    if (e.noprefixroute) spec.noprefixroute = true;
    if (e.autojoin) spec.autojoin = true;
    return spec;
  }

  addAddresses(list: readonly PlannedAddress[]): void {
    for (const a of list) {
      const spec = this.addressSpec(a);
      if (!spec) {
        this.log.error(`Cannot add address ${a.address}/${a.prefix}: interface ${a.dev} does not exist`);
        continue;
      }
      this.track(this.cmd.addAddress(spec), `add ${a.address}/${a.prefix} dev ${a.dev}`, ADD_DONE);
    }
  }

  /** Adds one address and resolves with whether the kernel took it (failures are logged as addAddresses logs them). */
  async addAddressAwaited(a: PlannedAddress): Promise<boolean> {
    const spec = this.addressSpec(a);
    if (!spec) return false;
    let ok = true;
    const request = this.cmd.addAddress(spec).catch((e: unknown) => {
      ok = false;
      throw e;
    });
    this.track(request, `add ${a.address}/${a.prefix} dev ${a.dev}`, ADD_DONE);
    await this.idle();
    return ok;
  }

  removeAddresses(list: readonly PlannedAddress[]): void {
    for (const a of list) {
      const spec = this.addressSpec(a);
      if (!spec) continue;
      const key = addressKey(spec);
      this.ownRemovals.set(key, (this.ownRemovals.get(key) ?? 0) + 1);
      const done = this.cmd.deleteAddress(spec).catch((e: unknown) => {
        // No RTM_DELADDR will come for an address that was not there.
        this.forget(key);
        throw e;
      });
      this.track(done, `delete ${a.address}/${a.prefix} dev ${a.dev}`, REMOVE_DONE);
    }
  }

  /**
   * An RTM_DELADDR arrived: true when it was our own removal (and is now accounted for), false when someone else
   * deleted the address.
   */
  consumeOwnRemoval(k: KernelAddress): boolean {
    return this.forget(addressKey(k));
  }

  private forget(key: string): boolean {
    const n = this.ownRemovals.get(key);
    if (n === undefined) return false;
    if (n <= 1) this.ownRemovals.delete(key);
    else this.ownRemovals.set(key, n - 1);
    return true;
  }

  /** The netlink spec of a planned route, or undefined when one of its interfaces does not exist. */
  routeSpec(r: PlannedRoute): RouteSpec | undefined {
    const spec: RouteSpec = { ...r.spec };
    if (r.dev !== undefined) {
      const index = this.links.index(r.dev);
      if (index === undefined) return undefined;
      spec.index = index;
    }
    if (r.spec.nexthops) {
      const hops = [];
      for (let i = 0; i < r.spec.nexthops.length; i++) {
        const dev = r.nexthopDevs[i];
        const index = dev === undefined ? undefined : this.links.index(dev);
        if (dev !== undefined && index === undefined) return undefined;
        hops.push(index === undefined ? { ...r.spec.nexthops[i] } : { ...r.spec.nexthops[i], index });
      }
      spec.nexthops = hops;
    }
    return spec;
  }

  addRoutes(list: readonly PlannedRoute[]): void {
    for (const r of list) {
      const spec = this.routeSpec(r);
      // keepalived adds a route with scope global unless one is configured (no iproute2-style default).
      if (spec) this.track(this.cmd.addRoute({ ...spec, scope: spec.scope ?? Scope.universe }), `add route ${r.id}`, ADD_DONE);
    }
  }

  removeRoutes(list: readonly PlannedRoute[]): void {
    for (const r of list) {
      const spec = this.routeSpec(r);
      if (spec) this.track(this.cmd.deleteRoute(spec), `delete route ${r.id}`, REMOVE_DONE);
    }
  }

  addRules(list: readonly PlannedRule[]): void {
    for (const r of list) this.track(this.cmd.addRule(r.spec), `add rule ${r.id}`, ADD_DONE);
  }

  removeRules(list: readonly PlannedRule[]): void {
    for (const r of list) this.track(this.cmd.deleteRule(r.spec), `delete rule ${r.id}`, REMOVE_DONE);
  }

  private track(request: Promise<void>, what: string, benign: ReadonlySet<string>): void {
    const p = request.then(
      () => undefined,
      (e: unknown) => {
        const err = toNetlinkError(e, what);
        if (!benign.has(err.code) && err.code !== 'ECANCELED') this.log.error(`Netlink: error: ${err.message}`);
      },
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves when every request issued so far has been answered. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

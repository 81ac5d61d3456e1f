// static_ipaddress / static_routes / static_rules: what the VRRP process installs for its whole life, whatever the
// instances' states, as keepalived does — leftovers of an earlier run are deleted and the entries added at start,
// an entry someone deletes is put back ("Restoring deleted static …", unless no_track), a reload removes the
// entries that left the configuration and adds the new ones, and they are deleted at stop (even with -V).
import type { StaticAddresses } from '../../config/model/static-routing';
import type { Logger } from '../../core/logging/logger';
import { routeMatches, ruleMatches } from '../../net/netlink/match-kernel';
import { addressKey } from '../../net/netlink/reconcile-addresses';
import type { KernelAddress, KernelRoute, KernelRule } from '../../net/netlink/types';
import { PlannedAddress, PlannedRoute, PlannedRule, planAddresses, planRoute, planRule } from './instance-plan';
import type { KernelWriter } from './kernel-writer';
import { formatAddress, formatRoute, formatRule } from './static-text';

export interface StaticPlan {
  readonly addresses: readonly PlannedAddress[];
  readonly routes: readonly PlannedRoute[];
  readonly rules: readonly PlannedRule[];
}

export function planStatics(s: StaticAddresses, defaultInterface: string): StaticPlan {
  return {
    addresses: planAddresses(s.staticIpaddress, defaultInterface),
    routes: s.staticRoutes.map(planRoute),
    rules: s.staticRules.map(planRule),
  };
}

function without<T extends { id: string }>(list: readonly T[], other: readonly T[]): T[] {
  const ids = new Set(other.map((x) => x.id));
  return list.filter((x) => !ids.has(x.id));
}

export class StaticRouting {
  /** Deletions are only answered once the start-up additions are done (a leftover's deletion is not a loss). */
  private watching = false;

  constructor(private plan: StaticPlan, private readonly kernel: KernelWriter, private readonly log: Logger) {}

  /** The entries in force (the data dump). */
  get current(): StaticPlan {
    return this.plan;
  }

  /** Start-up: clear leftovers of an earlier run, then add everything (addresses, routes, rules). */
  async start(): Promise<void> {
    this.removeAll();
    await this.kernel.idle();
    this.addAll();
    await this.kernel.idle();
    this.watching = true;
  }

  /** SIGHUP: entries no longer configured go, new ones come. */
  reload(next: StaticPlan): void {
    const old = this.plan;
    this.plan = next;
    this.kernel.removeRules(without(old.rules, next.rules));
    this.kernel.removeRoutes(without(old.routes, next.routes));
    this.kernel.removeAddresses(without(old.addresses, next.addresses));
    this.kernel.addAddresses(without(next.addresses, old.addresses));
    this.kernel.addRoutes(without(next.routes, old.routes));
    this.kernel.addRules(without(next.rules, old.rules));
  }

  private addAll(): void {
    this.kernel.addAddresses(this.plan.addresses);
    this.kernel.addRoutes(this.plan.routes);
    this.kernel.addRules(this.plan.rules);
  }

  /** Stop (and start-up clean-up): rules, routes, then addresses, as keepalived orders them. */
  removeAll(): void {
    this.watching = false;
    this.kernel.removeRules(this.plan.rules);
    this.kernel.removeRoutes(this.plan.routes);
    this.kernel.removeAddresses(this.plan.addresses);
  }

  /** An address was deleted by someone else: true when it was a static one (now being restored). */
  addressRemoved(k: KernelAddress): boolean {
    if (!this.watching) return false;
    const key = addressKey(k);
    const a = this.plan.addresses.find((x) => !x.entry.noTrack && this.addressKeyOf(x) === key);
    if (!a) return false;
    // keepalived's line ends with "set" when the kernel took the address back.
    void this.kernel.addAddressAwaited(a).then((set) => {
      this.log.info(`Restoring deleted static address ${formatAddress(a.entry, a.dev)}${set ? ' set' : ''}`);
    });
    return true;
  }

  private addressKeyOf(a: PlannedAddress): string | undefined {
    const spec = this.kernel.addressSpec(a);
    return spec ? addressKey(spec) : undefined;
  }

  routeRemoved(k: KernelRoute): boolean {
    if (!this.watching) return false;
    const r = this.plan.routes.find((x) => {
      const spec = this.kernel.routeSpec(x);
      return spec !== undefined && routeMatches(k, spec);
    });
    if (!r) return false;
    if (r.noTrack) return true;
    this.kernel.addRoutes([r]);
    this.log.info(`Restoring deleted static route ${formatRoute(r.entry)}`);
    return true;
  }

  ruleRemoved(k: KernelRule): boolean {
    if (!this.watching) return false;
    const r = this.plan.rules.find((x) => ruleMatches(k, x.spec));
    if (!r) return false;
    if (r.noTrack) return true;
    this.kernel.addRules([r]);
    this.log.info(`Restoring deleted static rule ${formatRule(r.entry)}`);
    return true;
  }
}

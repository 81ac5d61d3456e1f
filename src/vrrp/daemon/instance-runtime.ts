// One running instance: its state machine, its PacketIO endpoint, its timer slot, the reused advert view, and
// everything any of its configurations (the current one and those before a reload) may have installed, by the
// identifiers the state machine hands back in its add/remove actions.
import type { AddressKind } from '../instance/actions';
import type { VrrpInstance } from '../instance/instance';
import type { VrrpEndpoint } from '../../net/packet-io/packet-io';
import { AdvertView } from './advert-view';
import { DropLogLimiter } from './drop-log';
import type { InstancePlan, PlannedAddress, PlannedRoute, PlannedRule } from './instance-plan';
import type { TimerSlot } from './scheduler';

/** Every item the runtime has planned, by id (a reload keeps the old ones: the state machine may remove them). */
export interface KnownItems {
  vips: Map<string, PlannedAddress>;
  evips: Map<string, PlannedAddress>;
  routes: Map<string, PlannedRoute>;
  rules: Map<string, PlannedRule>;
}

/** The wall clock in whole microseconds. */
export function wallClockUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export class InstanceRuntime {
  view: AdvertView;
  readonly limiter = new DropLogLimiter();
  readonly items: KnownItems = { vips: new Map(), evips: new Map(), routes: new Map(), rules: new Map() };
  /**
   * What is in the kernel now, by id. The state machine re-asserts every item on reload (keepalived skips the ones
   * already set); the daemon only sends the difference, so an unchanged VIP is never touched.
   */
  readonly installed: Record<AddressKind, Set<string>> = { vips: new Set(), evips: new Set(), routes: new Set(), rules: new Set() };
  /** Wall-clock time (µs) of the last state change, for the dumps (keepalived prints it to the microsecond). */
  lastTransition = wallClockUs();
  /** Monotonic µs of the last advert or timer event fed to the instance (an advert's stamp never goes before it). */
  lastEventUs = 0;

  constructor(
    public plan: InstancePlan,
    readonly inst: VrrpInstance,
    public endpoint: VrrpEndpoint | undefined,
    readonly slot: TimerSlot,
    /** The delayed GARP bursts' timer, apart from the instance timer so it never changes that one's turn. */
    readonly garpSlot?: TimerSlot,
  ) {
    this.view = AdvertView.forPlan(plan);
    this.remember(plan);
  }

  get name(): string {
    return this.plan.name;
  }

  /** Adopts a new configuration's items (the old ones stay known: the state machine may remove them). */
  remember(plan: InstancePlan): void {
    for (const a of plan.vips) this.items.vips.set(a.id, a);
    for (const a of plan.evips) this.items.evips.set(a.id, a);
    for (const r of plan.routes) this.items.routes.set(r.id, r);
    for (const r of plan.rules) this.items.rules.set(r.id, r);
  }

  /** The ids of an add action that are not installed yet; they count as installed from now on. */
  toInstall(what: AddressKind, ids: readonly string[]): string[] {
    const set = this.installed[what];
    const out = ids.filter((id) => !set.has(id));
    for (const id of out) set.add(id);
    return out;
  }

  /** The ids of a remove action to act on: all of them when forced (start-up clean-up), else the installed ones. */
  toRemove(what: AddressKind, ids: readonly string[], force: boolean): string[] {
    const set = this.installed[what];
    const out = force ? [...ids] : ids.filter((id) => set.has(id));
    for (const id of ids) set.delete(id);
    return out;
  }

  /** The items of one kind for a list of identifiers, skipping any the runtime never planned. */
  pick<K extends AddressKind>(what: K, ids: readonly string[]): Array<KnownItems[K] extends Map<string, infer V> ? V : never> {
    const map = this.items[what] as Map<string, unknown>;
    const out: unknown[] = [];
    for (const id of ids) {
      const item = map.get(id);
      if (item !== undefined) out.push(item);
    }
    return out as Array<KnownItems[K] extends Map<string, infer V> ? V : never>;
  }
}

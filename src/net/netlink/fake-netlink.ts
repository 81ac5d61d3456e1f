// An in-memory kernel behind the NetlinkCommands and NetlinkMonitor interfaces, for unit tests of pure code
// (principle 3: integration tests use the real thing). Kept tiny, but faithful where callers branch:
// - an add of an address/route/rule that is there fails EEXIST; a delete of one that is not fails EADDRNOTAVAIL
//   (address), ESRCH (route) or ENOENT (rule); an unknown interface index fails ENODEV;
// - addresses are identified as the kernel does: IPv4 by (index, address, prefix), IPv6 by (index, address);
// - IPv4 addresses get the interface name as label by default and 'secondary' when another address of the same
//   subnet is there; preferred_lft 0 shows as 'deprecated';
// - every change, by a command or by the test playing "someone else" (external*), is reported to the monitors,
//   asynchronously (on a later turn of the event loop), as the real monitor socket would.
// Not modelled: secondary promotion, DAD, prefix routes, route lookups.
import { addAddressRequest, describeAddress, effectiveNodad, effectivePreferredLft } from './address-attrs';
import { NetlinkError } from './errors';
import { canonicalIp, ipBuffer } from './ip-text';
import { defaultRouteScope, describeRoute } from './route-attrs';
import { describeRule } from './rule-attrs';
import { linkEvents } from './link-events';
import { describeLinkSettings, describeMacvlan, macBytes } from './link-attrs';
import {
  AddressFilter, AddressSpec, IpFamily, KernelAddress, KernelRoute, KernelRule, LinkInfo, LinkSettings, MacvlanSpec,
  NetlinkCommands,
  NetlinkEvent, NetlinkMonitor, RouteFilter, RouteSpec, RTPROT_KEEPALIVED, RuleSpec, TABLE_MAIN,
} from './types';

export type FakeOperation =
  | 'addAddress' | 'deleteAddress' | 'addRoute' | 'deleteRoute' | 'addRule' | 'deleteRule'
  | 'listLinks' | 'listAddresses' | 'listRoutes' | 'listRules' | 'addMacvlan' | 'setLink' | 'deleteLink';

/** One command as the fake received it, for asserting order and batching in tests. */
export interface FakeCall {
  op: FakeOperation;
  target: string;
}

function addressIdentity(a: { family: IpFamily; index: number; address: string; prefix: number }): string {
  const addr = canonicalIp(a.address);
  return a.family === 4 ? `4|${a.index}|${addr}/${a.prefix}` : `6|${a.index}|${addr}`;
}

function sameSubnet(a: string, b: string, prefix: number): boolean {
  if (prefix === 0) return true;
  const x = ipBuffer(a, 4).readUInt32BE(0);
  const y = ipBuffer(b, 4).readUInt32BE(0);
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  return ((x & mask) >>> 0) === ((y & mask) >>> 0);
}

function routeIdentity(r: { family: IpFamily; dst?: string; dstLen: number; table?: number; metric?: number; tos?: number }): string {
  return `${r.family}|${r.table ?? TABLE_MAIN}|${r.dst ? canonicalIp(r.dst) : 'default'}/${r.dstLen}|${r.tos ?? 0}|${r.metric ?? 0}`;
}

function ruleIdentity(r: RuleSpec | KernelRule): string {
  return JSON.stringify([r.family, r.priority ?? null, r.from ? canonicalIp(r.from) : null, r.from ? r.fromLen : null,
    r.to ? canonicalIp(r.to) : null, r.to ? r.toLen : null, r.table ?? null, r.fwmark ?? null, r.iif ?? null, r.oif ?? null]);
}

export class FakeNetlink implements NetlinkCommands {
  /** Every command received, in order. */
  readonly calls: FakeCall[] = [];
  private readonly links = new Map<number, LinkInfo>();
  private readonly addrs = new Map<string, KernelAddress>();
  private readonly routes = new Map<string, KernelRoute>();
  private readonly rules = new Map<string, KernelRule>();
  private readonly monitors = new Set<FakeMonitor>();
  private readonly failures: Array<{ op: FakeOperation; code: string; match?: (target: string) => boolean }> = [];

  constructor(links: ReadonlyArray<Partial<LinkInfo> & { index: number; name: string }> = []) {
    for (const l of links) this.links.set(l.index, { up: true, running: true, lowerUp: true, ...l });
  }

  // ---- test controls: "someone else" changing the kernel ----

  /** The next matching call of `op` fails with `code` (e.g. 'ETIMEDOUT'); `match` tests the call's target text. */
  failNext(op: FakeOperation, code: string, match?: (target: string) => boolean): void {
    this.failures.push({ op, code, match });
  }

  /** Adds or updates a link (reported as added, up/down or changed). */
  externalSetLink(link: Partial<LinkInfo> & { index: number }): void {
    const prev = this.links.get(link.index);
    const next: LinkInfo = { name: `if${link.index}`, up: true, running: true, lowerUp: true, ...prev, ...link };
    this.links.set(next.index, next);
    this.notify({ link: next, removed: false });
  }

  externalRemoveLink(index: number): void {
    const link = this.links.get(index);
    if (!link) return;
    this.links.delete(index);
    for (const [k, a] of this.addrs) {
      if (a.index === index) {
        this.addrs.delete(k);
        this.notify({ type: 'address-removed', address: a });
      }
    }
    this.notify({ link, removed: true });
  }

  /** Adds an address as `ip addr add` would (a foreign address, or a VIP someone else re-added). */
  externalAddAddress(spec: AddressSpec): void {
    this.putAddress(spec);
  }

  /** Removes an address as `ip addr del` would; false when it was not there. */
  externalDeleteAddress(spec: Pick<AddressSpec, 'family' | 'index' | 'address' | 'prefix'>): boolean {
    return this.removeAddress(spec) !== undefined;
  }

  /** The current addresses, in insertion order. */
  addresses(): KernelAddress[] {
    return [...this.addrs.values()].map((a) => ({ ...a, flags: { ...a.flags } }));
  }

  /** A monitor channel on this fake kernel. */
  monitor(): NetlinkMonitor {
    const m = new FakeMonitor(() => this.monitors.delete(m));
    this.monitors.add(m);
    return m;
  }

  // ---- NetlinkCommands ----

  async listLinks(): Promise<LinkInfo[]> {
    this.enter('listLinks', 'links');
    return [...this.links.values()].map((l) => ({ ...l }));
  }

  async listAddresses(filter: AddressFilter = {}): Promise<KernelAddress[]> {
    this.enter('listAddresses', 'addresses');
    return this.addresses().filter((a) => (!filter.family || a.family === filter.family) &&
      (filter.index === undefined || a.index === filter.index));
  }

  async addAddress(spec: AddressSpec): Promise<void> {
    const op = `add address ${describeAddress(spec)}`;
    this.enter('addAddress', op);
    try {
      addAddressRequest(spec);
    } catch (e) {
      throw new NetlinkError('EINVAL', `${op}: ${(e as Error).message}`);
    }
    if (!this.links.has(spec.index)) throw new NetlinkError('ENODEV', op);
    if (this.addrs.has(addressIdentity(spec))) throw new NetlinkError('EEXIST', op);
    this.putAddress(spec);
  }

  async deleteAddress(spec: AddressSpec): Promise<void> {
    const op = `delete address ${describeAddress(spec)}`;
    this.enter('deleteAddress', op);
    if (!this.links.has(spec.index)) throw new NetlinkError('ENODEV', op);
    const k = addressIdentity(spec);
    const have = this.addrs.get(k);
    // IPv6 is found by address alone, but the kernel still insists on the right prefix length.
    if (!have || have.prefix !== spec.prefix) throw new NetlinkError('EADDRNOTAVAIL', op);
    this.removeAddress(spec);
  }

  async listRoutes(filter: RouteFilter = {}): Promise<KernelRoute[]> {
    this.enter('listRoutes', 'routes');
    return [...this.routes.values()].filter((r) => (!filter.family || r.family === filter.family) &&
      (filter.table === undefined || r.table === filter.table) &&
      (filter.protocol === undefined || r.protocol === filter.protocol)).map((r) => ({ ...r }));
  }

  async addRoute(spec: RouteSpec): Promise<void> {
    const op = `add route ${describeRoute(spec)}`;
    this.enter('addRoute', op);
    if (spec.index !== undefined && !this.links.has(spec.index)) throw new NetlinkError('ENODEV', op);
    const k = routeIdentity(spec);
    if (this.routes.has(k)) throw new NetlinkError('EEXIST', op);
    const route: KernelRoute = {
      family: spec.family, dstLen: spec.dstLen, table: spec.table ?? TABLE_MAIN,
      scope: spec.scope ?? defaultRouteScope(spec), type: spec.type ?? 'unicast',
      protocol: spec.protocol ?? RTPROT_KEEPALIVED, tos: spec.tos ?? 0,
    };
    if (spec.dst) route.dst = canonicalIp(spec.dst);
    if (spec.via) route.via = canonicalIp(spec.via);
    if (spec.index) route.index = spec.index;
    if (spec.metric !== undefined) route.metric = spec.metric;
    if (spec.src) route.src = canonicalIp(spec.src);
    this.routes.set(k, route);
    this.notify({ type: 'route-added', route: { ...route } });
  }

  async deleteRoute(spec: RouteSpec): Promise<void> {
    const op = `delete route ${describeRoute(spec)}`;
    this.enter('deleteRoute', op);
    const k = routeIdentity(spec);
    const route = this.routes.get(k);
    if (!route) throw new NetlinkError('ESRCH', op);
    this.routes.delete(k);
    this.notify({ type: 'route-removed', route });
  }

  async listRules(family?: IpFamily): Promise<KernelRule[]> {
    this.enter('listRules', 'rules');
    return [...this.rules.values()].filter((r) => !family || r.family === family).map((r) => ({ ...r }));
  }

  async addRule(spec: RuleSpec): Promise<void> {
    const op = `add rule ${describeRule(spec)}`;
    this.enter('addRule', op);
    const rule: KernelRule = {
      family: spec.family, fromLen: spec.from ? (spec.fromLen ?? (spec.family === 4 ? 32 : 128)) : 0,
      toLen: spec.to ? (spec.toLen ?? (spec.family === 4 ? 32 : 128)) : 0,
      table: spec.table ?? (spec.action === undefined || spec.action === 'table' ? TABLE_MAIN : 0),
      tos: spec.tos ?? 0, action: spec.action ?? 'table', invert: !!spec.invert,
      protocol: spec.protocol ?? RTPROT_KEEPALIVED,
    };
    if (spec.priority !== undefined) rule.priority = spec.priority;
    if (spec.from) rule.from = canonicalIp(spec.from);
    if (spec.to) rule.to = canonicalIp(spec.to);
    if (spec.fwmark !== undefined) rule.fwmark = spec.fwmark;
    if (spec.fwmask !== undefined) rule.fwmask = spec.fwmask;
    if (spec.iif) rule.iif = spec.iif;
    if (spec.oif) rule.oif = spec.oif;
    if (spec.goto !== undefined) rule.goto = spec.goto;
    const k = ruleIdentity(rule);
    if (this.rules.has(k)) throw new NetlinkError('EEXIST', op);
    this.rules.set(k, rule);
    this.notify({ type: 'rule-added', rule: { ...rule } });
  }

  async deleteRule(spec: RuleSpec): Promise<void> {
    const op = `delete rule ${describeRule(spec)}`;
    this.enter('deleteRule', op);
    const full = { ...spec, table: spec.table ?? (spec.action === undefined || spec.action === 'table' ? TABLE_MAIN : undefined),
      fromLen: spec.from ? (spec.fromLen ?? (spec.family === 4 ? 32 : 128)) : 0,
      toLen: spec.to ? (spec.toLen ?? (spec.family === 4 ? 32 : 128)) : 0 };
    const k = ruleIdentity(full);
    const rule = this.rules.get(k);
    if (!rule) throw new NetlinkError('ENOENT', op);
    this.rules.delete(k);
    this.notify({ type: 'rule-removed', rule });
  }

  /** A macvlan is created down (as the kernel creates it); its settings other than IFF_UP are not modelled. */
  async addMacvlan(spec: MacvlanSpec): Promise<number> {
    const op = `add link ${describeMacvlan(spec)}`;
    this.enter('addMacvlan', op);
    try {
      macBytes(spec.mac);
    } catch (e) {
      throw new NetlinkError('EINVAL', `${op}: ${(e as Error).message}`);
    }
    if (!this.links.has(spec.parent)) throw new NetlinkError('ENODEV', op);
    if ([...this.links.values()].some((l) => l.name === spec.name)) throw new NetlinkError('EEXIST', op);
    const index = Math.max(0, ...this.links.keys()) + 1;
    const link: LinkInfo = {
      index, name: spec.name, up: false, running: false, lowerUp: false, mac: spec.mac.toLowerCase(), kind: 'macvlan', parent: spec.parent,
    };
    this.links.set(index, link);
    this.notify({ link, removed: false });
    return index;
  }

  async setLink(settings: LinkSettings): Promise<void> {
    const op = `set link ${describeLinkSettings(settings)}`;
    this.enter('setLink', op);
    const link = this.links.get(settings.index);
    if (!link) throw new NetlinkError('ENODEV', op);
    if (settings.up === undefined || settings.up === link.up) return;
    const next = { ...link, up: settings.up, running: settings.up, lowerUp: settings.up };
    this.links.set(next.index, next);
    this.notify({ link: next, removed: false });
  }

  async deleteLink(index: number): Promise<void> {
    this.enter('deleteLink', `delete link index ${index}`);
    if (!this.links.has(index)) throw new NetlinkError('ENODEV', `delete link index ${index}`);
    this.externalRemoveLink(index);
  }

  close(): void {
    // Nothing to release; kept for the interface.
  }

  // ---- internals ----

  /** Records the call and throws an injected failure when one matches. */
  private enter(op: FakeOperation, target: string): void {
    this.calls.push({ op, target });
    const i = this.failures.findIndex((f) => f.op === op && (!f.match || f.match(target)));
    if (i >= 0) {
      const [f] = this.failures.splice(i, 1);
      throw new NetlinkError(f.code, target);
    }
  }

  private putAddress(spec: AddressSpec): void {
    const link = this.links.get(spec.index);
    const address = canonicalIp(spec.address);
    const preferred = effectivePreferredLft(spec);
    const secondary = spec.family === 4 && [...this.addrs.values()].some((a) =>
      a.family === 4 && a.index === spec.index && a.prefix === spec.prefix && sameSubnet(a.address, address, spec.prefix));
    const a: KernelAddress = {
      index: spec.index,
      family: spec.family,
      address,
      prefix: spec.prefix,
      scope: spec.family === 4 ? (spec.scope ?? 0) : address.startsWith('fe80:') ? 253 : 0,
      flags: {
        secondary, nodad: effectiveNodad(spec), optimistic: false, dadfailed: false, home: !!spec.home,
        deprecated: preferred === 0, tentative: false, permanent: true, mngtmpaddr: !!spec.mngtmpaddr,
        noprefixroute: !!spec.noprefixroute, autojoin: !!spec.autojoin,
      },
      preferredLft: preferred,
      validLft: 0xffffffff,
    };
    if (spec.family === 4) a.label = spec.label ?? link?.name;
    if (spec.broadcast) a.broadcast = canonicalIp(spec.broadcast);
    if (spec.peer) a.peer = canonicalIp(spec.peer);
    this.addrs.set(addressIdentity(spec), a);
    this.notify({ type: 'address-added', address: { ...a, flags: { ...a.flags } } });
  }

  private removeAddress(spec: Pick<AddressSpec, 'family' | 'index' | 'address' | 'prefix'>): KernelAddress | undefined {
    const k = addressIdentity(spec);
    const a = this.addrs.get(k);
    if (!a) return undefined;
    this.addrs.delete(k);
    this.notify({ type: 'address-removed', address: a });
    return a;
  }

  private notify(what: NetlinkEvent | { link: LinkInfo; removed: boolean }): void {
    for (const m of this.monitors) m.deliver(what);
  }
}

class FakeMonitor implements NetlinkMonitor {
  private readonly listeners = new Set<(event: NetlinkEvent) => void>();
  private readonly links = new Map<number, LinkInfo>();
  private closed = false;

  constructor(private readonly detach: () => void) {}

  onEvent(listener: (event: NetlinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  primeLinks(links: readonly LinkInfo[]): void {
    for (const l of links) this.links.set(l.index, { ...l });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.detach();
  }

  deliver(what: NetlinkEvent | { link: LinkInfo; removed: boolean }): void {
    const link = 'removed' in what ? { ...what.link } : undefined;
    setImmediate(() => {
      if (this.closed) return;
      const events = link && 'removed' in what ? linkEvents(this.links, link, what.removed) : [what as NetlinkEvent];
      for (const ev of events) for (const l of [...this.listeners]) l(ev);
    });
  }
}

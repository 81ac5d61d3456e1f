// GARP / unsolicited NA bursts as keepalived sends them, with its per-interface rate limits.
//
// A burst of `count` for an instance goes round the addresses `count` times (A B C A B C …, VIPs then eVIPs); the
// first round logs "Sending/queueing …" for each address. An interface may have a minimum spacing (garp_interval
// for ARP, gna_interval for NA): from a garp_group (one limit shared by all the group's interfaces) or else from
// vrrp_garp_interval / vrrp_gna_interval (one limit per interface). Under a limit, a send that comes too early is
// queued — one pending flag per address, so repeats of a queued address collapse into one send — and the queue is
// served when the interface's next slot comes, in instance order, each address in list order (keepalived's
// vrrp_arp_thread). Queued sends are forgotten when the instance leaves MASTER or its VIP goes.
import type { KeepalivedConfig } from '../../config/model/keepalived-config';
import type { Logger } from '../../core/logging/logger';
import type { PacketIO } from '../../net/packet-io/packet-io';
import type { PlannedAddress } from './instance-plan';
import type { InstanceRuntime } from './instance-runtime';
import type { Scheduler, TimerSlot } from './scheduler';

/** One rate limit: intervals (µs, undefined = none) and when each kind may next be sent (µs, 0 = at once). */
interface Delay {
  garpUs: number | undefined;
  gnaUs: number | undefined;
  garpNext: number;
  gnaNext: number;
}

export class NeighbourPacer {
  private readonly byInterface = new Map<string, Delay>();
  private defaults: { garpUs?: number; gnaUs?: number } | undefined;
  /** The garp_group limits, in configuration order. */
  private groups: Array<{ delay: Delay; aggregationGroup: number }> = [];
  /** Addresses waiting for their interface's next slot, by instance. */
  private readonly pending = new Map<InstanceRuntime, Set<string>>();
  private readonly slot: TimerSlot;

  constructor(
    private readonly io: PacketIO,
    private readonly log: Logger,
    private readonly scheduler: Scheduler,
    private readonly runtimes: () => readonly InstanceRuntime[],
  ) {
    this.slot = scheduler.slot((now) => this.serve(now));
  }

  /** Takes the limits of a configuration (garp_group blocks, vrrp_garp_interval, vrrp_gna_interval). */
  configure(config: KeepalivedConfig): void {
    this.byInterface.clear();
    this.groups = [];
    for (const g of config.garpGroups) {
      if (g.garpIntervalUs === undefined && g.gnaIntervalUs === undefined) continue;
      const shared: Delay = { garpUs: g.garpIntervalUs, gnaUs: g.gnaIntervalUs, garpNext: 0, gnaNext: 0 };
      this.groups.push({ delay: shared, aggregationGroup: g.aggregationGroup });
      for (const ifname of g.interfaces) if (!this.byInterface.has(ifname)) this.byInterface.set(ifname, shared);
    }
    const gd = config.globalDefs;
    this.defaults = gd.vrrpGarpIntervalUs || gd.vrrpGnaIntervalUs
      ? { garpUs: gd.vrrpGarpIntervalUs || undefined, gnaUs: gd.vrrpGnaIntervalUs || undefined }
      : undefined;
  }

  /** vrrp_send_link_update: `count` rounds over the addresses. */
  burst(rt: InstanceRuntime, addresses: readonly PlannedAddress[], count: number): void {
    const now = this.scheduler.time.now();
    for (let round = 0; round < count; round++) {
      for (const a of addresses) {
        if (round === 0 && this.log.detailLevel >= 1) {
          this.log.detail(`(${rt.name}) Sending/queueing ${a.family === 4 ? 'gratuitous ARPs' : 'Unsolicited Neighbour Adverts'} on ${a.dev} for ${a.address}`);
        }
        const d = this.delay(a.dev);
        const next = d ? (a.family === 4 ? (d.garpUs !== undefined ? d.garpNext : 0) : (d.gnaUs !== undefined ? d.gnaNext : 0)) : 0;
        if (next !== 0 && now < next) this.queue(rt, a.id, next);
        else this.sendNow(rt, a, now);
      }
    }
  }

  /**
   * The rate limits as keepalived lists them (its garp_delay list): the garp_groups, then one default limit per
   * interface an instance or its addresses use, in instance order (keepalived gives them out at start; here they
   * are made on first use, so the dump makes the missing ones). Next times are on the monotonic clock.
   */
  dumpDelays(): Array<{ garpUs?: number; gnaUs?: number; garpNext: number; gnaNext: number; aggregationGroup: number; interfaces: string[] }> {
    const order: Delay[] = this.groups.map((g) => g.delay);
    const aggregation = new Map(this.groups.map((g) => [g.delay, g.aggregationGroup] as const));
    if (this.defaults) {
      for (const rt of this.runtimes()) {
        const names = [rt.plan.vmac?.base ?? rt.plan.ifname, ...rt.plan.vips.map((a) => a.dev), ...rt.plan.evips.map((a) => a.dev)];
        for (const name of names) {
          const d = this.delay(name);
          if (d && !order.includes(d)) order.push(d);
        }
      }
    }
    return order.map((d) => ({
      garpUs: d.garpUs, gnaUs: d.gnaUs, garpNext: d.garpNext, gnaNext: d.gnaNext, aggregationGroup: aggregation.get(d) ?? 0,
      interfaces: [...this.byInterface].filter(([, x]) => x === d).map(([name]) => name),
    }));
  }

  /** The instance left MASTER (or its VIPs went): nothing it queued is sent. */
  cancel(rt: InstanceRuntime): void {
    this.pending.delete(rt);
  }

  close(): void {
    this.pending.clear();
    this.slot.release();
  }

  private delay(ifname: string): Delay | undefined {
    let d = this.byInterface.get(ifname);
    if (!d && this.defaults) {
      d = { garpUs: this.defaults.garpUs, gnaUs: this.defaults.gnaUs, garpNext: 0, gnaNext: 0 };
      this.byInterface.set(ifname, d);
    }
    return d;
  }

  private queue(rt: InstanceRuntime, id: string, at: number): void {
    let set = this.pending.get(rt);
    if (!set) this.pending.set(rt, (set = new Set()));
    set.add(id);
    this.arm(at);
  }

  private armedAt: number | null = null;

  private arm(at: number): void {
    if (this.armedAt === null || at < this.armedAt) {
      this.armedAt = at;
      this.slot.set(at);
    }
  }

  private sendNow(rt: InstanceRuntime, a: PlannedAddress, now: number): void {
    const v4 = a.family === 4;
    if (this.log.detailLevel >= 1) {
      this.log.detail(v4 ? `Sending gratuitous ARP on ${a.dev} for ${a.address}` : `Sending unsolicited Neighbour Advert on ${a.dev} for ${a.address}`);
    }
    try {
      const n = this.io.neighbours(a.dev);
      if (v4) n.sendGarp(a.address, 1);
      else n.sendUnsolicitedNa(a.address, 1);
    } catch (e) {
      this.log.error(`(${rt.name}) cannot send ${v4 ? 'gratuitous ARP' : 'unsolicited NA'} on ${a.dev}: ${(e as Error).message}`);
    }
    const d = this.byInterface.get(a.dev);
    if (d && v4 && d.garpUs !== undefined) d.garpNext = now + d.garpUs;
    if (d && !v4 && d.gnaUs !== undefined) d.gnaNext = now + d.gnaUs;
  }

  /** vrrp_arp_thread: every instance's queued addresses whose interface may send again. */
  private serve(now: number): void {
    this.armedAt = null;
    let next = Infinity;
    for (const rt of this.runtimes()) {
      const set = this.pending.get(rt);
      if (!set) continue;
      if (rt.inst.state !== 'MASTER') {
        this.pending.delete(rt);
        continue;
      }
      const st = rt.inst.settings;
      for (const a of [...rt.pick('vips', st.vips), ...rt.pick('evips', st.evips)]) {
        if (!set.has(a.id)) continue;
        if (!rt.installed.vips.has(a.id) && !rt.installed.evips.has(a.id)) {
          set.delete(a.id);
          continue;
        }
        const d = this.byInterface.get(a.dev);
        const at = d ? (a.family === 4 ? d.garpNext : d.gnaNext) : 0;
        if (now >= at) {
          this.sendNow(rt, a, now);
          set.delete(a.id);
        } else {
          next = Math.min(next, at);
        }
      }
      if (set.size === 0) this.pending.delete(rt);
    }
    if (next !== Infinity) this.arm(next);
  }
}

// A simulated L2 segment for VRRP instances in virtual time: every sendAdvert reaches the other running routers
// of the same partition after a configurable delay, unless a seeded loss draw drops it. Deterministic: one clock,
// one ordered queue, one PRNG; two runs with the same seed produce the same history.
import type { Action, SettingsInput } from '../../src/vrrp/instance';
import { instanceSettings, VrrpInstance } from '../../src/vrrp/instance';

export const S = 1_000_000;

export interface Transition {
  at: number;
  router: string;
  from: string;
  to: string;
}

interface Delivery {
  at: number;
  seq: number;
  to: SimRouter;
  source: string;
  priority: number;
  advertIntervalUs: number;
}

export class SimRouter {
  inst: VrrpInstance;
  running = false;
  partition = 0;
  readonly sent: { at: number; priority: number }[] = [];

  constructor(readonly name: string, readonly address: string, readonly input: SettingsInput) {
    this.inst = new VrrpInstance(instanceSettings(input));
  }

  get state(): string { return this.running ? this.inst.state : 'DOWN'; }
}

export class Segment {
  now = 0;
  delayUs = 0;
  /** Probability that one copy of an advert is lost. */
  loss = 0;
  readonly routers: SimRouter[] = [];
  readonly transitions: Transition[] = [];
  private queue: Delivery[] = [];
  private seq = 0;

  constructor(private readonly rnd: () => number = () => 0.5) {}

  add(name: string, address: string, input: Partial<SettingsInput> = {}): SimRouter {
    const r = new SimRouter(name, address, {
      name: 'VI_1', vrid: 51, sourceAddress: address, vips: ['192.0.2.100/24'], ...input,
    });
    this.routers.push(r);
    return r;
  }

  router(name: string): SimRouter {
    const r = this.routers.find((x) => x.name === name);
    if (!r) throw new Error(`no router ${name}`);
    return r;
  }

  /** Starts (or restarts, with a fresh instance) a router now. */
  start(r: SimRouter, at = this.now): void {
    this.runUntil(at);
    if (r.running) return;
    r.inst = new VrrpInstance(instanceSettings(r.input));
    r.running = true;
    this.apply(r, r.inst.start(this.now));
  }

  /** A silent crash: no priority-0 advert, nothing sent any more. */
  crash(r: SimRouter, at = this.now): void {
    this.runUntil(at);
    if (!r.running) return;
    this.record(r, r.inst.state, 'DOWN');
    r.running = false;
  }

  /** SIGTERM: the instance's shutdown actions (one priority-0 advert from a MASTER) go out, then it is down. */
  shutdown(r: SimRouter, at = this.now): void {
    this.runUntil(at);
    if (!r.running) return;
    this.apply(r, r.inst.shutdown(this.now));
    r.running = false;
  }

  tracker(r: SimRouter, id: string, value: boolean | number, at = this.now): void {
    this.runUntil(at);
    if (r.running) this.apply(r, r.inst.trackerChanged(this.now, id, value));
  }

  interface(r: SimRouter, up: boolean, at = this.now): void {
    this.runUntil(at);
    if (r.running) this.apply(r, r.inst.interfaceChanged(this.now, up));
  }

  /** Splits the segment: routers in different groups no longer hear each other (packets in flight still land). */
  partitionInto(groups: SimRouter[][], at = this.now): void {
    this.runUntil(at);
    for (const r of this.routers) r.partition = -1 - this.routers.indexOf(r);
    groups.forEach((g, i) => g.forEach((r) => { r.partition = i; }));
  }

  heal(at = this.now): void {
    this.runUntil(at);
    for (const r of this.routers) r.partition = 0;
  }

  /** Advances virtual time to `to`, delivering packets and firing timers in time order (deliveries first on ties). */
  runUntil(to: number): void {
    for (;;) {
      let next = this.queue.length ? this.queue[0].at : Infinity;
      let timer: SimRouter | null = null;
      for (const r of this.routers) {
        if (!r.running) continue;
        const d = r.inst.nextDeadline();
        if (d !== null && d < next) {
          next = d;
          timer = r;
        }
      }
      if (next > to) break;
      this.now = Math.max(this.now, next);
      if (timer === null) {
        const p = this.queue.shift()!;
        if (p.to.running) {
          this.apply(p.to, p.to.inst.advertReceived(this.now, {
            source: p.source, priority: p.priority, advertIntervalUs: p.advertIntervalUs,
            addressCount: 1, missingVip: null,
          }));
        }
      } else {
        this.apply(timer, timer.inst.timerFired(this.now));
      }
    }
    this.now = Math.max(this.now, to);
  }

  masters(): SimRouter[] {
    return this.routers.filter((r) => r.running && r.inst.state === 'MASTER');
  }

  /** When `name` last entered `state`. */
  enteredAt(name: string, state: string): number | undefined {
    return this.transitions.filter((x) => x.router === name && x.to === state).at(-1)?.at;
  }

  private apply(r: SimRouter, actions: readonly Action[]): void {
    for (const a of actions) {
      if (a.kind === 'stateChanged') this.record(r, a.from, a.to);
      else if (a.kind === 'sendAdvert') this.broadcast(r, a.priority);
    }
  }

  private record(r: SimRouter, from: string, to: string): void {
    this.transitions.push({ at: this.now, router: r.name, from, to });
  }

  private broadcast(from: SimRouter, priority: number): void {
    from.sent.push({ at: this.now, priority });
    for (const to of this.routers) {
      if (to === from || !to.running || to.partition !== from.partition) continue;
      if (this.loss > 0 && this.rnd() < this.loss) continue;
      const d: Delivery = {
        at: this.now + this.delayUs, seq: this.seq++, to, source: from.address, priority,
        advertIntervalUs: from.inst.settings.advertIntervalUs,
      };
      let i = this.queue.length;
      while (i > 0 && (this.queue[i - 1].at > d.at)) i--;
      this.queue.splice(i, 0, d);
    }
  }
}

// Drives one VrrpInstance in virtual time for the vrrp-instance*.test.ts files: a clock that only moves when a
// test says so, timers fired exactly at their deadlines, and every action kept in order.
import type { Action, ReceivedAdvert, SettingsInput } from '../../src/vrrp/instance';
import { instanceSettings, VrrpInstance } from '../../src/vrrp/instance';

export const S = 1_000_000;

export class Harness {
  now = 0;
  readonly inst: VrrpInstance;
  readonly all: Action[] = [];
  /** Every state change with the virtual time it happened at. */
  readonly transitions: { at: number; from: string; to: string }[] = [];

  constructor(input: Partial<SettingsInput> = {}) {
    this.inst = new VrrpInstance(instanceSettings({
      name: 'VI_1', vrid: 51, sourceAddress: '10.0.0.2', vips: ['10.0.0.100/24'], ...input,
    }));
  }

  private keep(a: readonly Action[]): Action[] {
    this.all.push(...a);
    for (const x of a) if (x.kind === 'stateChanged') this.transitions.push({ at: this.now, from: x.from, to: x.to });
    return [...a];
  }

  start(at = this.now): Action[] {
    this.now = at;
    return this.keep(this.inst.start(at));
  }

  /** Advances the clock to `to`, firing every deadline on the way at its exact time. */
  runUntil(to: number): Action[] {
    const out: Action[] = [];
    for (;;) {
      const d = this.inst.nextDeadline();
      if (d === null || d > to) break;
      this.now = Math.max(this.now, d);
      out.push(...this.keep(this.inst.timerFired(this.now)));
    }
    this.now = to;
    return out;
  }

  /** Runs to the next deadline only. */
  step(): Action[] {
    const d = this.inst.nextDeadline();
    if (d === null) throw new Error('no deadline');
    this.now = Math.max(this.now, d);
    return this.keep(this.inst.timerFired(this.now));
  }

  /** When the instance last entered `state`. */
  enteredAt(state: string): number | undefined {
    return this.transitions.filter((x) => x.to === state).at(-1)?.at;
  }

  advert(partial: Partial<ReceivedAdvert> & { priority: number }, at = this.now): Action[] {
    this.runUntil(at);
    return this.keep(this.inst.advertReceived(at, {
      source: '10.0.0.1', advertIntervalUs: S, addressCount: 1, missingVip: null, ...partial,
    }));
  }

  tracker(id: string, value: boolean | number, at = this.now): Action[] {
    this.runUntil(at);
    return this.keep(this.inst.trackerChanged(at, id, value));
  }
}

export const logs = (a: readonly Action[], detail = true): string[] =>
  a.flatMap((x) => (x.kind === 'log' && (detail || !x.detail) ? [x.line] : []));
export const kinds = (a: readonly Action[]): string[] => a.map((x) => (x.kind === 'runNotify' ? `notify:${x.step}` : x.kind));
export const adverts = (a: readonly Action[]): number[] =>
  a.flatMap((x) => (x.kind === 'sendAdvert' ? [x.priority] : []));
export const states = (a: readonly Action[]): string[] =>
  a.flatMap((x) => (x.kind === 'stateChanged' ? [`${x.from}>${x.to}`] : []));

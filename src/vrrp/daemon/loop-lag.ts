// The daemon's own view of its event loop (DESIGN principle 7): a pause longer than the master-down interval is a
// false failover, so the daemon measures how late its instance timers run and reports it — keepalived's "A thread
// timer expired N seconds ago" line with -D when a tick is later than half the shortest advert interval — and keeps
// an event-loop delay histogram (libuv-side, allocation-free) for the data dump.
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from '../../core/logging/logger';
import type { LoopFigures } from './dump-files';

/** keepalived's format: seconds and six digits of microseconds. */
export function timerExpiredLine(lateUs: number): string {
  const s = Math.floor(lateUs / 1_000_000);
  return `A thread timer expired ${s}.${String(lateUs % 1_000_000).padStart(6, '0')} seconds ago`;
}

export class LoopLag {
  private readonly histogram: IntervalHistogram;
  /** Lateness above which a tick is reported (half the shortest advert interval); Infinity: never. */
  thresholdUs = Infinity;
  maxLateUs = 0;

  constructor(private readonly log: Logger) {
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
  }

  /** A scheduler tick ran lateUs after its earliest deadline. */
  observe(lateUs: number): void {
    if (lateUs > this.maxLateUs) this.maxLateUs = lateUs;
    if (lateUs > this.thresholdUs) this.log.detail(timerExpiredLine(Math.round(lateUs)));
  }

  figures(): LoopFigures {
    const h = this.histogram;
    const us = (ns: number): number => (Number.isFinite(ns) ? Math.round(ns / 1000) : 0);
    return {
      maxTimerLateUs: this.maxLateUs,
      loopDelayP50Us: us(h.percentile(50)),
      loopDelayP99Us: us(h.percentile(99)),
      loopDelayMaxUs: us(h.max),
    };
  }

  close(): void {
    this.histogram.disable();
  }
}

// The daemon's clock: monotonic microseconds and one host timer. The real one reads performance.now(), which is
// uv_hrtime underneath like process.hrtime.bigint() but returns a plain double, so reading the clock on every
// received advert allocates nothing. Tests substitute a virtual clock (ManualTime).
import { performance } from 'node:perf_hooks';

/** How far ahead of a deadline the real clock asks libuv to wake up. */
export const WAKE_LEAD_US = 1000;

export interface TimeSource {
  /** Monotonic time in µs. */
  now(): number;
  /**
   * Calls fire once, at about atUs. The request replaces the previous one; the wake-up may come earlier than asked
   * (the scheduler then finds nothing due and asks again), never much later.
   */
  wakeAt(atUs: number, fire: () => void): void;
  /** Forgets the pending wake-up. */
  cancelWake(): void;
}

/**
 * Process time through libuv's timers. They count whole milliseconds from the loop time cached when the current
 * loop iteration began, so a wake-up can come a millisecond or more after the time asked for. It is therefore
 * asked for WAKE_LEAD_US ahead, rounded down: the scheduler finishes the last stretch itself (see scheduler.ts).
 */
export class MonotonicTime implements TimeSource {
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private fire: (() => void) | undefined;
  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.armedAt = Infinity;
    this.fire?.();
  };

  now(): number {
    return Math.floor(performance.now() * 1000);
  }

  wakeAt(atUs: number, fire: () => void): void {
    this.fire = fire;
    // A wake-up already armed for an earlier time stays: it re-evaluates then. This keeps a backup that hears an
    // advert every 10 ms from re-creating its timer each time.
    if (this.timer !== undefined && this.armedAt <= atUs) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedAt = atUs;
    const delayMs = Math.max(0, Math.floor((atUs - WAKE_LEAD_US - this.now()) / 1000));
    this.timer = setTimeout(this.onTimer, delayMs);
  }

  cancelWake(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }
}

/** Virtual time for tests: nothing happens until the test moves it with advanceTo(). */
export class ManualTime implements TimeSource {
  current = 0;
  private wake: { at: number; fire: () => void } | undefined;

  now(): number {
    return this.current;
  }

  wakeAt(atUs: number, fire: () => void): void {
    this.wake = { at: atUs, fire };
  }

  cancelWake(): void {
    this.wake = undefined;
  }

  /** The pending wake-up time, or undefined. */
  get nextWake(): number | undefined {
    return this.wake?.at;
  }

  /** Moves the clock to t, firing the wake-up if it falls due (once; a fired wake-up may ask again). */
  advanceTo(t: number): void {
    if (t > this.current) this.current = t;
    const w = this.wake;
    if (w && w.at <= this.current) {
      this.wake = undefined;
      w.fire();
    }
  }
}

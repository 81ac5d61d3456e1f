// One timer for every instance (DESIGN principle 7): each instance owns a slot in the wasm deadline heap holding
// its nextDeadline(), and the scheduler keeps ONE host timer armed for the earliest of them. When it fires, every
// slot that is due runs, between the tick hooks (the daemon corks PacketIO there, so a tick's adverts leave in
// sendmmsg batches). The heap lives in the wasm module's static memory, so there is one scheduler per process;
// daemons sharing a process (tests) share it.
//
// Precision: libuv's timers count whole milliseconds from a cached loop time, so a wake-up lands up to ~1 ms on
// either side of the time asked for, and the real clock asks for a wake-up a little ahead (time-source.ts).
// A slot armed `precise` (a backup's master-down timer: the takeover time is the failover time) never runs early —
// the last stretch (from SPIN_US before it) is finished with setImmediate turns. Any other slot (a master's next advert, a delayed GARP)
// may run up to EARLY_US before its deadline, and is then handed its deadline as the current time, so it needs no
// spin and its schedule does not drift.
import { TimerHeap } from '../../core/wasm/timer-heap';
import type { TimeSource } from './time-source';

export interface TimerSlot {
  readonly id: number;
  /** Arms the slot for deadline (µs), or disarms it (null). precise: never run before the deadline. */
  set(deadline: number | null, precise?: boolean): void;
  /** Gives the slot back; it never fires again. */
  release(): void;
}

export interface TickHooks {
  before(): void;
  after(): void;
}

/** How late a tick ran compared with its earliest deadline (the loop-lag measurement). */
export type LatenessListener = (lateUs: number, now: number) => void;

/** How early a slot that is not precise may run. */
export const EARLY_US = 1000;
/** A precise deadline closer than this is awaited with setImmediate turns instead of a timer. */
export const SPIN_US = 2000;

let active: Scheduler | undefined;

export class Scheduler {
  private readonly heap = new TimerHeap();
  private readonly callbacks: Array<((now: number) => void) | undefined> = [];
  private readonly deadlines: number[] = [];
  private readonly precise: boolean[] = [];
  private readonly free: number[] = [];
  private readonly hooks = new Set<TickHooks>();
  private readonly lateness = new Set<LatenessListener>();
  private closed = false;
  /** Inside tick(): slots re-armed by callbacks are looked at once, at the end. */
  private ticking = false;
  private spinning = false;
  private readonly onWake = (): void => this.tick();
  private readonly onSpin = (): void => {
    this.spinning = false;
    this.tick();
  };
  /** Ticks that ran slots; the longest lateness seen (µs). */
  ticks = 0;
  maxLateUs = 0;

  constructor(readonly time: TimeSource) {
    if (active && !active.closed) throw new Error('a Scheduler is already running in this process (the wasm timer heap is shared)');
    active = this;
    this.heap.clear();
  }

  /** A slot whose expiry calls onDue(now). */
  slot(onDue: (now: number) => void): TimerSlot {
    const id = this.free.length > 0 ? (this.free.pop() as number) : this.callbacks.length;
    if (id >= this.heap.capacity) throw new Error(`more than ${this.heap.capacity} timers`);
    this.callbacks[id] = onDue;
    this.deadlines[id] = Infinity;
    this.precise[id] = false;
    let released = false;
    return {
      id,
      set: (deadline, precise = false) => {
        if (released || this.closed) return;
        if (deadline === null) {
          this.heap.cancel(id);
          this.deadlines[id] = Infinity;
          if (!this.ticking) this.arm();
          return;
        }
        this.deadlines[id] = deadline;
        this.precise[id] = precise;
        this.heap.set(id, deadline);
        if (!this.ticking) this.arm();
      },
      release: () => {
        if (released) return;
        released = true;
        this.heap.cancel(id);
        this.callbacks[id] = undefined;
        this.free.push(id);
      },
    };
  }

  /** Hooks run around every tick; returns the function that removes them. */
  onTick(hooks: TickHooks): () => void {
    this.hooks.add(hooks);
    return () => this.hooks.delete(hooks);
  }

  onLateness(listener: LatenessListener): () => void {
    this.lateness.add(listener);
    return () => this.lateness.delete(listener);
  }

  /** Earliest armed deadline, or Infinity. */
  next(): number {
    return this.heap.next();
  }

  private arm(): void {
    if (this.spinning) return;
    const next = this.heap.next();
    if (next === Infinity) this.time.cancelWake();
    else this.time.wakeAt(next, this.onWake);
  }

  /** Comes round again on the next loop turn, without a timer (the last stretch before a precise deadline). */
  private spin(): void {
    this.spinning = true;
    this.time.cancelWake();
    setImmediate(this.onSpin);
  }

  /** Runs every slot due now. Called by the host timer; tests may call it directly. */
  tick(): void {
    if (this.closed) return;
    const now = this.time.now();
    const first = this.heap.next();
    if (first > now + EARLY_US) {
      // A precise deadline this close is awaited by spinning: a new timer could not be shorter than libuv's 1 ms and
      // would wake after it.
      const id = this.heap.peek(now + SPIN_US);
      if (id >= 0 && this.precise[id]) this.spin();
      else this.arm();
      return;
    }
    let ran = false;
    let spin = false;
    this.ticking = true;
    try {
      // A callback re-arms its own slot for a later time; the bound stops a slot that keeps asking for `now`.
      for (let n = 0; n < 1_000_000; n++) {
        const id = this.heap.peek(now + EARLY_US);
        if (id < 0) break;
        const deadline = this.deadlines[id];
        if (deadline > now && this.precise[id]) {
          // Not yet: leave it armed (keeping its place among equal deadlines) and come round again in a moment.
          spin = true;
          break;
        }
        this.heap.pop(now + EARLY_US);
        if (!ran) {
          ran = true;
          this.ticks++;
          const late = Math.max(0, now - first);
          if (late > this.maxLateUs) this.maxLateUs = late;
          for (const l of this.lateness) l(late, now);
          for (const h of this.hooks) h.before();
        }
        this.deadlines[id] = Infinity;
        this.callbacks[id]?.(deadline > now ? deadline : now);
      }
    } finally {
      if (ran) for (const h of this.hooks) h.after();
      this.ticking = false;
      if (spin && this.heap.next() - now < SPIN_US) this.spin();
      else this.arm();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.time.cancelWake();
    this.heap.clear();
    if (active === this) active = undefined;
  }
}

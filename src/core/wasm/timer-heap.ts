// The scheduler's deadline heap, kept in wasm memory. Ids are small integers the caller owns (0..capacity-1).
import { wasmModule } from './module';

export class TimerHeap {
  private readonly x = wasmModule().x;
  readonly capacity = this.x.timerCapacity();

  /** Arms or re-arms timer id for deadline (same unit as now in pop()). */
  set(id: number, deadline: number): void {
    if (this.x.timerSet(id, deadline) !== 0) throw new RangeError(`timer id ${id} out of range 0..${this.capacity - 1}`);
  }

  cancel(id: number): boolean {
    return this.x.timerCancel(id) === 1;
  }

  /** Earliest deadline, or Infinity. */
  next(): number {
    return this.x.timerNext();
  }

  /** Removes and returns one expired timer id (earliest first), or -1. */
  pop(now: number): number {
    return this.x.timerPop(now);
  }

  deadline(id: number): number | undefined {
    const d = this.x.timerDeadline(id);
    return Number.isNaN(d) ? undefined : d;
  }

  get size(): number {
    return this.x.timerSize();
  }

  clear(): void {
    this.x.timerClear();
  }
}

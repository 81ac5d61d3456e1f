// The scheduler's deadline heap, kept in wasm memory. Ids are small integers the caller owns (0..capacity-1).
import { wasmModule } from './module';

export class TimerHeap {
  private readonly x = wasmModule().x;
  readonly capacity = this.x.timerCapacity();

  /** Checked here: the JS → i32 conversion would wrap 2**32+5 to 5 and NaN to 0 before wasm could see it. */
  private valid(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.capacity;
  }

  /** Arms or re-arms timer id for deadline (same unit as now in pop()). */
  set(id: number, deadline: number): void {
    if (!this.valid(id)) throw new RangeError(`timer id ${id} out of range 0..${this.capacity - 1}`);
    if (Number.isNaN(deadline)) throw new RangeError(`timer ${id}: deadline is NaN`);
    this.x.timerSet(id, deadline);
  }

  cancel(id: number): boolean {
    return this.valid(id) && this.x.timerCancel(id) === 1;
  }

  /** Earliest deadline, or Infinity. */
  next(): number {
    return this.x.timerNext();
  }

  /** The expired timer id that pop() would return, left armed, or -1. */
  peek(now: number): number {
    return this.x.timerPeek(now);
  }

  /** Removes and returns one expired timer id (earliest first), or -1. */
  pop(now: number): number {
    return this.x.timerPop(now);
  }

  deadline(id: number): number | undefined {
    if (!this.valid(id)) return undefined;
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

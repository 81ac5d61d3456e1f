// Benchmark baseline only (never used by src/): the wasm timer heap's algorithm in plain TypeScript: a binary
// min-heap of (deadline, id) over typed arrays, with an id → heap position index for O(log n) re-arm and cancel.

export class TsTimerHeap {
  private readonly deadline: Float64Array;
  private readonly heapId: Int32Array;
  /** By id: heap index + 1, 0 = not armed. */
  private readonly pos: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.deadline = new Float64Array(capacity);
    this.heapId = new Int32Array(capacity);
    this.pos = new Int32Array(capacity);
  }

  private place(i: number, d: number, id: number): void {
    this.deadline[i] = d;
    this.heapId[i] = id;
    this.pos[id] = i + 1;
  }

  private siftUp(i: number, d: number, id: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pd = this.deadline[parent];
      if (pd <= d) break;
      this.place(i, pd, this.heapId[parent]);
      i = parent;
    }
    this.place(i, d, id);
  }

  private siftDown(i: number, d: number, id: number): void {
    const size = this.size;
    const half = size >> 1;
    while (i < half) {
      let child = (i << 1) + 1;
      let cd = this.deadline[child];
      const right = child + 1;
      if (right < size) {
        const rd = this.deadline[right];
        if (rd < cd) {
          child = right;
          cd = rd;
        }
      }
      if (d <= cd) break;
      this.place(i, cd, this.heapId[child]);
      i = child;
    }
    this.place(i, d, id);
  }

  private removeAt(i: number): void {
    this.pos[this.heapId[i]] = 0;
    const size = --this.size;
    if (i === size) return;
    const lastD = this.deadline[size];
    const lastId = this.heapId[size];
    if (i > 0 && this.deadline[(i - 1) >> 1] > lastD) this.siftUp(i, lastD, lastId);
    else this.siftDown(i, lastD, lastId);
  }

  set(id: number, deadline: number): void {
    if (id >>> 0 >= this.capacity) throw new RangeError(`timer id ${id} out of range`);
    const pos = this.pos[id];
    if (pos === 0) {
      this.size++;
      this.siftUp(this.size - 1, deadline, id);
    } else if (deadline < this.deadline[pos - 1]) {
      this.siftUp(pos - 1, deadline, id);
    } else {
      this.siftDown(pos - 1, deadline, id);
    }
  }

  cancel(id: number): boolean {
    const pos = this.pos[id];
    if (pos === 0) return false;
    this.removeAt(pos - 1);
    return true;
  }

  /** Removes and returns one expired timer id (earliest first), or -1. */
  pop(now: number): number {
    if (this.size === 0 || this.deadline[0] > now) return -1;
    const id = this.heapId[0];
    this.removeAt(0);
    return id;
  }
}

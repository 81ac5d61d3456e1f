// Bump allocator over the module's static arena: per-instance data (VIP lists, advert templates, MD5 contexts) is
// placed here once at configuration time, so the send and receive paths only ever touch existing memory.
import { wasmModule } from './module';

export class Arena {
  private readonly base: number;
  private readonly end: number;
  private next: number;

  constructor() {
    const { x } = wasmModule();
    this.base = x.arenaBase();
    this.end = this.base + x.arenaSize();
    this.next = this.base;
  }

  /** Reserves size bytes (aligned); throws when the arena is full rather than corrupting memory. */
  alloc(size: number, align = 16): number {
    const ptr = (this.next + align - 1) & ~(align - 1);
    if (ptr + size > this.end) {
      throw new Error(`wasm arena exhausted: ${size} bytes wanted, ${this.end - this.next} left of ${this.end - this.base}`);
    }
    this.next = ptr + size;
    return ptr;
  }

  /** Bytes in use. */
  get used(): number {
    return this.next - this.base;
  }

  /** Forgets every allocation (on a full rebuild of all instances). */
  reset(): void {
    this.next = this.base;
  }
}

let shared: Arena | undefined;

/** The process-wide arena. */
export function arena(): Arena {
  shared ??= new Arena();
  return shared;
}

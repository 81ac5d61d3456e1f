// 6. Timer insert + expire at 10k and 100k timers: the wasm TimerHeap vs the same algorithm in plain TS. Deadlines
// come from a fixed-seed PRNG; every timer is set, then all are popped in deadline order. Both heaps must pop the
// same ids in the same order.
import { TimerHeap } from '../../src/core/wasm/timer-heap';
import { TsTimerHeap } from '../baselines/timer-heap';
import { assert } from '../fixtures';
import { measureGroup } from '../harness';
import { mulberry32 } from '../../test/helpers/prng';
import { timeRows, type Row } from '../report';

interface Heap {
  set(id: number, deadline: number): void;
  pop(now: number): number;
}

function deadlines(n: number, seed: number): Float64Array {
  const rnd = mulberry32(seed);
  // microseconds within ~17 minutes, integers as the daemon uses (ties happen and must pop identically)
  return Float64Array.from({ length: n }, () => Math.floor(rnd() * 1e9));
}

function popOrder(h: Heap, d: Float64Array): Int32Array {
  for (let i = 0; i < d.length; i++) h.set(i, d[i]);
  const order = new Int32Array(d.length);
  let k = 0;
  for (let id = h.pop(Infinity); id >= 0; id = h.pop(Infinity)) order[k++] = id;
  assert(k === d.length, 'every timer expires once');
  return order;
}

export function timerRows(): Row[] {
  const wasm = new TimerHeap();
  const rows: Row[] = [];
  for (const n of [10_000, 100_000]) {
    const d = deadlines(n, 42 + n);
    const ts = new TsTimerHeap(n);
    const a = popOrder(wasm, d);
    const b = popOrder(ts, d);
    for (let i = 0; i < n; i++) {
      assert(a[i] === b[i], `${n} timers: wasm and TS pop the same order (index ${i})`);
      if (i > 0) assert(d[a[i - 1]] <= d[a[i]], `${n} timers: deadlines pop in order`);
    }
    // Two separate loops (not one generic one), so each call site stays monomorphic.
    const wasmLoop = (iters: number): number => {
      let s = 0;
      for (let r = 0; r < iters; r++) {
        for (let i = 0; i < n; i++) wasm.set(i, d[i]);
        for (let id = wasm.pop(Infinity); id >= 0; id = wasm.pop(Infinity)) s = (s + id) | 0;
      }
      return s;
    };
    const tsLoop = (iters: number): number => {
      let s = 0;
      for (let r = 0; r < iters; r++) {
        for (let i = 0; i < n; i++) ts.set(i, d[i]);
        for (let id = ts.pop(Infinity); id >= 0; id = ts.pop(Infinity)) s = (s + id) | 0;
      }
      return s;
    };
    const [w, t] = measureGroup([
      { label: 'wasm TimerHeap', loop: wasmLoop, opsPerIteration: n },
      { label: 'plain TS heap (same algorithm)', loop: tsLoop, opsPerIteration: n },
    ]);
    rows.push(...timeRows(`timers ${n / 1000}k: set + pop all (per timer): wasm TimerHeap`, 'ns/timer', w, [t]));
  }
  return rows;
}

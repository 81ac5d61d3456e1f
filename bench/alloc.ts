// Allocation per operation: runs a warmed-up loop many times and counts the JS heap bytes it allocated, as
// (used heap after - used heap before) + what every GC in between freed (from v8.GCProfiler), so the figure stays
// exact whether or not the young generation filled up during the run. The fixed cost of the measurement itself
// (the heap-statistics objects, ~600 bytes) is measured on an empty loop and subtracted.
import { getHeapStatistics, GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { consume, type Loop } from './harness';

function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const gc = gcFunction();

export interface Allocation {
  bytesPerOp: number;
  /** GCs that ran during the measured loop. */
  gcs: number;
}

/** Total bytes allocated by one run of loop(n), and the GCs that ran meanwhile. */
function measureOnce(loop: Loop, n: number): { bytes: number; gcs: number } {
  gc();
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  const v = loop(n);
  const after = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  consume(v);
  let freed = 0;
  for (const s of statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return { bytes: after - before + freed, gcs: statistics.length };
}

let overhead: number | undefined;

/** What a measurement allocates by itself (after a first run that pays one-time initialisation). */
function measurementOverhead(): number {
  if (overhead === undefined) {
    const empty: Loop = (n) => n;
    measureOnce(empty, 1);
    overhead = Math.min(...[0, 1, 2].map(() => measureOnce(empty, 1).bytes));
  }
  return overhead;
}

/** Bytes allocated per operation: the lowest of `runs` runs of n operations, after warm-up (optimised code). */
export function allocationPerOp(loop: Loop, n = 1e6, runs = 3): Allocation {
  const fixed = measurementOverhead();
  consume(loop(Math.min(n, 200_000)));
  consume(loop(Math.min(n, 200_000)));
  let best: Allocation | undefined;
  for (let i = 0; i < runs; i++) {
    const m = measureOnce(loop, n);
    const a = { bytesPerOp: Math.max(0, m.bytes - fixed) / n, gcs: m.gcs };
    if (!best || a.bytesPerOp < best.bytesPerOp) best = a;
  }
  return best!;
}

// Timing: every benchmark is a loop function that runs its operation n times itself (so the measured call site is
// monomorphic and the harness adds one call per sample, not per operation). Cases measured together are sampled in
// interleaved rounds, so a noisy phase of the machine hits the wasm path and its baselines alike; each figure is the
// median of the rounds.

/** Runs the operation n times and returns a value that depends on the work (kept, so it cannot be optimised away). */
export type Loop = (n: number) => number;

export interface Timed {
  label: string;
  loop: Loop;
  /** Operations per loop iteration (e.g. N timers per heap fill); figures are per operation. */
  opsPerIteration?: number;
}

export interface Timing {
  label: string;
  /** Median ns per operation. */
  ns: number;
  /** Relative spread of the samples: (max - min) / median. */
  spread: number;
}

const SAMPLE_NS = Number(process.env.BENCH_SAMPLE_MS ?? 25) * 1e6;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 9);
const WARMUP_SAMPLES = 2;

let sink = 0;

/** Keeps a result alive (returned to the caller of the whole run, so no loop can be dead-code eliminated). */
export function consume(v: number): void {
  sink = (sink + (v | 0)) | 0;
}

export function sinkValue(): number {
  return sink;
}

function timeOnce(loop: Loop, n: number): number {
  const t0 = process.hrtime.bigint();
  const v = loop(n);
  const t1 = process.hrtime.bigint();
  consume(v);
  return Number(t1 - t0);
}

/** Iterations per sample: doubles until a run takes a few ms, then scales to the sample length. */
function calibrate(loop: Loop): number {
  for (let n = 1; ; n *= 2) {
    const t = timeOnce(loop, n);
    if (t >= 4e6 || n >= 2 ** 30) return Math.max(1, Math.ceil((n * SAMPLE_NS) / Math.max(t, 1)));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Measures the cases side by side and returns their median ns per operation, in the given order. */
export function measureGroup(cases: Timed[]): Timing[] {
  const iters = cases.map((c) => calibrate(c.loop));
  for (let w = 0; w < WARMUP_SAMPLES; w++) cases.forEach((c, i) => timeOnce(c.loop, iters[i]));
  const samples: number[][] = cases.map(() => []);
  for (let round = 0; round < SAMPLES; round++) {
    for (let k = 0; k < cases.length; k++) {
      const i = (round + k) % cases.length; // rotate who goes first
      const ops = iters[i] * (cases[i].opsPerIteration ?? 1);
      samples[i].push(timeOnce(cases[i].loop, iters[i]) / ops);
    }
  }
  return cases.map((c, i) => {
    const med = median(samples[i]);
    return { label: c.label, ns: med, spread: (Math.max(...samples[i]) - Math.min(...samples[i])) / med };
  });
}

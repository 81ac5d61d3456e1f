// Result rows: building them from measurements, printing the table, writing bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Timing } from './harness';

export interface Row {
  name: string;
  unit: string;
  /** The wasm figure. */
  value: number;
  /** The implementation compared against. */
  baseline: string;
  baseline_value: number;
  /**
   * baseline_value / value: above 1 the wasm path is faster (time units) or allocates less (bytes/op); null when the
   * wasm figure is 0 (no allocation), where a ratio means nothing.
   */
  ratio: number | null;
}

function round(v: number): number {
  if (Math.abs(v) < 0.005) return 0;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(v))) - 1);
  return Number(v.toFixed(Math.min(digits, 3)));
}

export function row(name: string, unit: string, value: number, baseline: string, baselineValue: number): Row {
  return {
    name, unit, value: round(value), baseline, baseline_value: round(baselineValue),
    ratio: round(value) > 0 ? Number((baselineValue / value).toFixed(2)) : null,
  };
}

/** One row per baseline, all against the same wasm timing. */
export function timeRows(name: string, unit: string, wasm: Timing, baselines: Timing[]): Row[] {
  return baselines.map((b) => row(name, unit, wasm.ns, b.label, b.ns));
}

function fmt(v: number | null): string {
  if (v === null) return 'n/a';
  return v >= 1e5 ? v.toExponential(2) : String(v);
}

/** Prints the table, plus a note for every row where wasm loses. */
export function printTable(rows: Row[]): void {
  const head = ['name', 'unit', 'value (wasm)', 'baseline', 'baseline_value', 'ratio (>1 = wasm faster / allocates less)'];
  const cells = rows.map((r) => [r.name, r.unit, fmt(r.value), r.baseline, fmt(r.baseline_value), fmt(r.ratio)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((s, i) => (i === 2 || i === 4 || i === 5 ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join(' | ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
  const losses = rows.filter((r) => r.unit !== 'bytes/op' && r.ratio !== null && r.ratio < 1);
  if (losses.length) {
    console.log('\nNotes: wasm is SLOWER than the baseline on these rows (ratio < 1):');
    const byName = new Map<string, Row[]>();
    for (const r of losses) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    for (const [name, rs] of byName) {
      const bulk = name.startsWith('md5 ') ? ' [bulk MD5: OpenSSL wins, expected]' : '';
      console.log(`  - ${name}: ${rs[0].value} ${rs[0].unit}, slower than ${rs.map((r) => `${r.baseline} ${r.baseline_value} (${r.ratio})`).join(', ')}${bulk}`);
    }
  }
}

export function writeJson(path: string, rows: Row[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(rows, null, 2) + '\n');
}

// 5. MD5 of bodies from 64 B to 1 MiB: wasm md5WasmInto(), the size-switching md5() facade, node:crypto
// createHash() and hash(), and plain TS MD5; the sizes between 1 and 64 KiB locate the crossover where node:crypto
// overtakes wasm (what MD5_WASM_MAX_BYTES in src/core/wasm/digest.ts should be).
import * as crypto from 'node:crypto';
import { md5, md5WasmInto, MD5_WASM_MAX_BYTES } from '../../src/core/wasm/digest';
import { md5Ts } from '../baselines/md5';
import { assert } from '../fixtures';
import { measureGroup, type Timed } from '../harness';
import { mulberry32 } from '../../test/helpers/prng';
import { row, timeRows, type Row } from '../report';

const KiB = 1024;
/** Sizes with the plain TS baseline too; the others only locate the crossover. */
const MAIN_SIZES = [64, KiB, 64 * KiB, 1024 * KiB];
const CROSSOVER_SIZES = [512, 1.5 * KiB, 2 * KiB, 3 * KiB, 4 * KiB, 8 * KiB, 16 * KiB, 32 * KiB];

const sizeName = (n: number): string => (n >= KiB * KiB ? `${n / KiB / KiB} MiB` : n >= KiB ? `${n / KiB} KiB` : `${n} B`);

export interface CurvePoint {
  size: number;
  wasm: number;
  createHash: number;
  hash: number;
}

export interface Md5Result {
  rows: Row[];
  /** Per size: ns/op of wasm, node:crypto createHash() (what the facade falls back to) and hash() (NaN if absent). */
  curve: CurvePoint[];
}

const hashOneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

export function md5Rows(): Md5Result {
  const rnd = mulberry32(0x5eed);
  const rows: Row[] = [];
  const curve: Md5Result['curve'] = [];
  const out = Buffer.alloc(16);
  const sizes = [...MAIN_SIZES, ...CROSSOVER_SIZES].sort((a, b) => a - b);
  for (const size of sizes) {
    const data = Buffer.from(Uint8Array.from({ length: size }, () => Math.floor(rnd() * 256)));
    const want = crypto.createHash('md5').update(data).digest();
    md5WasmInto(data, out);
    assert(out.equals(want), `wasm md5 of ${size} bytes`);
    assert(md5(data).equals(want), `facade md5 of ${size} bytes`);
    md5Ts(data, out);
    assert(out.equals(want), `TS md5 of ${size} bytes`);

    const cases: Timed[] = [
      { label: 'wasm md5WasmInto()', loop: (n) => { for (let i = 0; i < n; i++) md5WasmInto(data, out); return out[0]; } },
      { label: `facade md5() (wasm ≤ ${MD5_WASM_MAX_BYTES} B)`, loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s ^= md5(data)[0]; return s; } },
      { label: 'node:crypto createHash().digest()', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s ^= crypto.createHash('md5').update(data).digest()[0]; return s; } },
    ];
    if (hashOneShot) {
      const h = hashOneShot;
      cases.push({ label: 'node:crypto hash()', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s ^= h('md5', data, 'buffer')[0]; return s; } });
    }
    if (MAIN_SIZES.includes(size)) {
      cases.push({ label: 'plain TS MD5', loop: (n) => { for (let i = 0; i < n; i++) md5Ts(data, out); return out[0]; } });
    }
    const [wasm, facade, ...baselines] = measureGroup(cases);
    const name = `md5 ${sizeName(size)}`;
    rows.push(...timeRows(`${name}: wasm md5WasmInto()`, 'ns/op', wasm, baselines));
    rows.push(row(`${name}: facade md5() (size-switching)`, 'ns/op', facade.ns, baselines[0].label, baselines[0].ns));
    curve.push({ size, wasm: wasm.ns, createHash: baselines[0].ns, hash: hashOneShot ? baselines[1].ns : NaN });
  }
  return { rows, curve };
}

/** The largest measured size where wasm still beats a node:crypto variant, and the first where node:crypto wins. */
export function crossover(curve: CurvePoint[], node: 'createHash' | 'hash'): { wasmWinsUpTo: number; nodeWinsFrom: number | null } {
  const sorted = [...curve].sort((a, b) => a.size - b.size);
  const firstLoss = sorted.find((p) => p[node] < p.wasm);
  const wins = sorted.filter((p) => p.wasm <= p[node] && (!firstLoss || p.size < firstLoss.size));
  return { wasmWinsUpTo: wins.length ? wins[wins.length - 1].size : 0, nodeWinsFrom: firstLoss ? firstLoss.size : null };
}

// 5b. The HTTP checker's body digest: an HTTP body arrives in socket reads and is hashed as it comes (digest in a
// url block; genhash). 1 KiB in one read and 64 KiB in 16 KiB reads, hashed by BodyDigest (what the checker uses:
// wasm while the body fits MD5_WASM_MAX_BYTES, node:crypto beyond), by a pure wasm streaming MD5 (md5Init /
// md5Update per read / md5Final), and by node:crypto createHash().update() per read.
import { createHash } from 'node:crypto';
import { arena } from '../../src/core/wasm/arena';
import { BodyDigest, MD5_WASM_MAX_BYTES } from '../../src/core/wasm/digest';
import { wasmModule } from '../../src/core/wasm/module';
import { assert } from '../fixtures';
import { measureGroup } from '../harness';
import { mulberry32 } from '../../test/helpers/prng';
import { timeRows, type Row } from '../report';

const KiB = 1024;
const CASES = [
  { size: KiB, read: KiB },
  { size: 64 * KiB, read: 16 * KiB },
];

/** MD5 of the reads entirely in wasm: each read copied into the module's bulk buffer and fed to md5Update. */
function wasmStreaming(reads: Uint8Array[], out: Uint8Array, ctx: number): void {
  const { x, mem } = wasmModule();
  const bulk = x.bulkBase();
  const size = x.bulkSize();
  x.md5Init(ctx);
  for (const r of reads) {
    for (let off = 0; off < r.length; off += size) {
      const n = Math.min(size, r.length - off);
      mem.set(n === r.length ? r : r.subarray(off, off + n), bulk);
      x.md5Update(ctx, bulk, n);
    }
  }
  const d = x.digestBase();
  x.md5Final(ctx, d);
  out.set(mem.subarray(d, d + 16));
}

export function bodyDigestRows(): Row[] {
  const rnd = mulberry32(0xb0d1);
  const ctx = arena().alloc(wasmModule().x.md5CtxSize());
  const out = Buffer.alloc(16);
  const rows: Row[] = [];
  for (const { size, read } of CASES) {
    const body = Buffer.from(Uint8Array.from({ length: size }, () => Math.floor(rnd() * 256)));
    const reads: Buffer[] = [];
    for (let off = 0; off < size; off += read) reads.push(body.subarray(off, off + read));
    const want = createHash('md5').update(body).digest();
    wasmStreaming(reads, out, ctx);
    assert(out.equals(want), `wasm streaming md5 of ${size} bytes`);
    const bd = new BodyDigest();
    for (const r of reads) bd.update(r);
    assert(bd.digest().equals(want), `BodyDigest of ${size} bytes`);

    const [wasm, facade, node] = measureGroup([
      { label: 'wasm md5Init/Update/Final', loop: (n) => { for (let i = 0; i < n; i++) wasmStreaming(reads, out, ctx); return out[0]; } },
      {
        label: `BodyDigest (wasm ≤ ${MD5_WASM_MAX_BYTES} B)`,
        loop: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) {
            const d = new BodyDigest();
            for (const r of reads) d.update(r);
            s ^= d.digest()[0];
          }
          return s;
        },
      },
      {
        label: 'node:crypto createHash().update() per read',
        loop: (n) => {
          let s = 0;
          for (let i = 0; i < n; i++) {
            const h = createHash('md5');
            for (const r of reads) h.update(r);
            s ^= h.digest()[0];
          }
          return s;
        },
      },
    ]);
    const name = `http body digest ${size / KiB} KiB in ${reads.length} read(s)`;
    rows.push(...timeRows(`${name}: wasm streaming MD5`, 'ns/op', wasm, [node]));
    rows.push(...timeRows(`${name}: BodyDigest (checker's)`, 'ns/op', facade, [node]));
  }
  return rows;
}

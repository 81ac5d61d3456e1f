// MD5 in wasm (one-shot md5WasmInto, the streaming BodyDigest fed in random chunk sizes, and the size-switching md5())
// against node:crypto, over every length 0..300 and the lengths around the 64-byte block, padding, the 4096-byte
// wasm/OpenSSL switch-over and the 64 KiB bulk buffer, up to 1 MiB.
import t from 'tap';
import { createHash } from 'node:crypto';
import { BodyDigest, md5, MD5_WASM_MAX_BYTES, md5WasmInto } from '../../src/core/wasm/digest';
import { wasmModule } from '../../src/core/wasm/module';
import { mulberry32 } from '../helpers/prng';

const rnd = mulberry32(0x3d5c0de1);
const randomBytes = (n: number) => {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
};
const nodeMd5 = (d: Uint8Array) => createHash('md5').update(d).digest('hex');

const LENGTHS = [
  ...Array.from({ length: 301 }, (_, i) => i),
  55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000,
  4095, 4096, 4097, 65535, 65536, 65537, 131072, 1 << 20,
];

function wasm(d: Uint8Array): string {
  const out = Buffer.alloc(16);
  md5WasmInto(d, out);
  return out.toString('hex');
}

function streamed(d: Uint8Array, maxChunk: number): string {
  const h = new BodyDigest();
  for (let off = 0; off < d.length;) {
    const n = Math.min(d.length - off, Math.floor(rnd() * (maxChunk + 1))); // zero-length chunks included
    h.update(d.subarray(off, off + n));
    off += n;
  }
  return h.hex();
}

t.test('RFC 1321 test suite', async (t) => {
  const vectors: [string, string][] = [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ];
  for (const [msg, hex] of vectors) {
    t.equal(wasm(Buffer.from(msg)), hex, `md5WasmInto("${msg.slice(0, 20)}")`);
    t.equal(md5(Buffer.from(msg)).toString('hex'), hex, `md5("${msg.slice(0, 20)}")`);
    t.equal(new BodyDigest().update(Buffer.from(msg)).hex(), hex, `BodyDigest("${msg.slice(0, 20)}")`);
  }
});

t.test('md5WasmInto and md5() against node:crypto', async (t) => {
  const bad: string[] = [];
  for (const len of LENGTHS) {
    const d = randomBytes(len);
    const want = nodeMd5(d);
    const w = wasm(d);
    if (w !== want) bad.push(`md5WasmInto len ${len}: ${w} ≠ ${want}`);
    const m = md5(d);
    if (m.length !== 16 || m.toString('hex') !== want) bad.push(`md5 len ${len}`);
  }
  t.same(bad, [], `${LENGTHS.length} lengths`);
});

t.test('BodyDigest fed in random chunks against node:crypto', async (t) => {
  const bad: string[] = [];
  for (const len of LENGTHS) {
    const d = randomBytes(len);
    const want = nodeMd5(d);
    for (const maxChunk of [1, 7, 64, 1500, 70000]) {
      if (len > 70000 && maxChunk < 64) continue; // keep the runtime sane
      const got = streamed(d, maxChunk);
      if (got !== want) bad.push(`len ${len}, chunks ≤ ${maxChunk}: ${got} ≠ ${want}`);
    }
    const one = new BodyDigest().update(d).digest();
    if (one.toString('hex') !== want) bad.push(`len ${len} in one chunk`);
  }
  t.same(bad, []);
});

t.test('BodyDigest around the wasm → node:crypto switch-over', async (t) => {
  const d = randomBytes(2 * MD5_WASM_MAX_BYTES + 3);
  for (const split of [0, 1, MD5_WASM_MAX_BYTES - 1, MD5_WASM_MAX_BYTES, MD5_WASM_MAX_BYTES + 1, d.length]) {
    for (const total of [MD5_WASM_MAX_BYTES - 1, MD5_WASM_MAX_BYTES, MD5_WASM_MAX_BYTES + 1, d.length]) {
      const a = Math.min(split, total);
      const h = new BodyDigest().update(d.subarray(0, a)).update(d.subarray(a, total));
      t.equal(h.hex(), nodeMd5(d.subarray(0, total)), `${total} bytes as ${a} + ${total - a}`);
    }
  }
});

t.test('independent digests do not disturb each other', async (t) => {
  const a = randomBytes(5000);
  const b = randomBytes(3000);
  const ha = new BodyDigest();
  const hb = new BodyDigest();
  for (let i = 0; i < 50; i++) {
    ha.update(a.subarray(i * 100, i * 100 + 100));
    if (i < 30) hb.update(b.subarray(i * 100, i * 100 + 100));
    wasm(randomBytes(i)); // one-shot hashing in between
  }
  t.equal(ha.hex(), nodeMd5(a));
  t.equal(hb.hex(), nodeMd5(b));
});

t.test('the streaming context in wasm, driven directly with odd splits', async (t) => {
  const { x, mem } = wasmModule();
  const ctx = x.arenaBase() + x.arenaSize() - x.md5CtxSize(); // end of the arena: unused by this test file
  const bad: string[] = [];
  for (const len of [0, 1, 63, 64, 65, 200, 1000]) {
    const d = randomBytes(len);
    x.md5Init(ctx);
    for (let off = 0; off < len;) {
      const n = Math.min(len - off, 1 + Math.floor(rnd() * 70));
      mem.set(d.subarray(off, off + n), x.bulkBase());
      x.md5Update(ctx, x.bulkBase(), n);
      off += n;
    }
    x.md5Final(ctx, x.digestBase());
    const got = Buffer.from(mem.subarray(x.digestBase(), x.digestBase() + 16)).toString('hex');
    if (got !== nodeMd5(d)) bad.push(`len ${len}`);
  }
  t.same(bad, []);
});

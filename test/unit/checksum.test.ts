// The wasm RFC 1071 checksum against a plain JS one, for every length 0..1500 (odd lengths included) and at every
// alignment, and the defining property: a buffer with its checksum written into it checks to 0.
import t from 'tap';
import { inetChecksum } from '../../src/core/wasm/checksum';
import { wasmModule } from '../../src/core/wasm/module';
import { mulberry32, randomBytesFrom } from '../helpers/prng';

const rnd = mulberry32(0xc4ec5001);
const randomBytes = (n: number): Buffer => randomBytesFrom(rnd, n);

/** The textbook RFC 1071 checksum: sum of big-endian 16-bit words, odd byte padded with zero, folded, inverted. */
function reference(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i] << 8) | (i + 1 < data.length ? data[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

t.test('known vectors', async (t) => {
  // RFC 1071 §3 example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d.
  t.equal(inetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex')), 0x220d);
  t.equal(inetChecksum(Buffer.alloc(0)), 0xffff, 'empty');
  t.equal(inetChecksum(Buffer.from([0xab])), ~0xab00 & 0xffff, 'one byte is the high byte of a word');
  t.equal(inetChecksum(Buffer.alloc(1500, 0xff)), 0x0000, 'all ones');
  t.equal(inetChecksum(Buffer.alloc(1500)), 0xffff, 'all zeros');
  // A captured IPv4 header (v2pass, first advert): valid, so it checks to 0.
  t.equal(inetChecksum(Buffer.from('45c0002c000100' + '00ff70d0400a4d0001e0000012', 'hex')), 0);
});

t.test('random data, every length 0..1500, against the JS reference', async (t) => {
  const bad: string[] = [];
  for (let len = 0; len <= 1500; len++) {
    const data = randomBytes(len);
    const got = inetChecksum(data);
    const want = reference(data);
    if (got !== want) bad.push(`len ${len}: ${got.toString(16)} ≠ ${want.toString(16)}`);
  }
  t.same(bad, [], '1501 lengths');
});

t.test('carry-heavy data (bytes near 0xff) against the JS reference', async (t) => {
  const bad: string[] = [];
  for (let len = 0; len <= 1500; len += 7) {
    const data = Buffer.from(Array.from({ length: len }, () => 0xf0 + Math.floor(rnd() * 16)));
    if (inetChecksum(data) !== reference(data)) bad.push(`len ${len}`);
  }
  t.same(bad, []);
});

t.test('same result at every alignment in wasm memory (the codec checksums at odd offsets)', async (t) => {
  const { x, mem } = wasmModule();
  const bad: string[] = [];
  for (let len = 0; len <= 300; len++) {
    const data = randomBytes(len);
    const want = reference(data);
    for (let shift = 0; shift < 8; shift++) {
      mem.set(data, x.bulkBase() + shift);
      const got = x.checksum(x.bulkBase() + shift, len);
      if (got !== want) bad.push(`len ${len} at +${shift}: ${got.toString(16)} ≠ ${want.toString(16)}`);
    }
  }
  t.same(bad, [], '301 lengths × 8 alignments');
});

t.test('a buffer with its checksum inserted checks to 0', async (t) => {
  const bad: string[] = [];
  for (let len = 2; len <= 1500; len++) {
    const data = randomBytes(len);
    const at = 2 * Math.floor(rnd() * Math.floor(len / 2)); // the field sits at an even offset, as in real headers
    data.writeUInt16BE(0, at);
    data.writeUInt16BE(inetChecksum(data), at);
    const check = inetChecksum(data);
    if (check !== 0) bad.push(`len ${len}, field at ${at}: ${check.toString(16)}`);
  }
  t.same(bad, [], 'lengths 2..1500');
});

t.test('input larger than the bulk buffer is refused', async (t) => {
  const { x } = wasmModule();
  t.throws(() => inetChecksum(Buffer.alloc(x.bulkSize() + 1)), RangeError);
  t.equal(inetChecksum(Buffer.alloc(x.bulkSize(), 0xff)), 0, 'exactly the bulk size is fine');
});

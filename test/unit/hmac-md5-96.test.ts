// HMAC-MD5-96 (the AH ICV) in wasm against node:crypto's HMAC-MD5 truncated to 12 bytes. keepalived's key is the
// 8-byte auth_data: auth_pass truncated to 8 bytes and zero-padded (a zero-padded key gives the same HMAC as the
// short key, since HMAC pads keys with zeros to the block size anyway).
import t from 'tap';
import { createHmac } from 'node:crypto';
import { hmacMd5_96 } from '../../src/core/wasm/digest';
import { KeySlots, keySlots } from '../../src/core/wasm/key-slots';
import { wasmModule } from '../../src/core/wasm/module';
import { mulberry32, randomBytesFrom } from '../helpers/prng';

const rnd = mulberry32(0x4a11ac96);
const randomBytes = (n: number): Buffer => randomBytesFrom(rnd, n);

/** node:crypto's HMAC-MD5-96 with keepalived's key: the first 8 bytes of the password. */
function reference(pass: string | Uint8Array, data: Uint8Array): string {
  const raw = typeof pass === 'string' ? Buffer.from(pass, 'utf8') : Buffer.from(pass);
  return createHmac('md5', raw.subarray(0, 8)).update(data).digest().subarray(0, 12).toString('hex');
}

const KEYS: (string | Uint8Array)[] = [
  '', 'a', 'k3y', 'ahpass', 'secret1', '12345678', // up to 8 bytes: used as they are
  'secret12345', 'a much longer password than eight', // longer: keepalived keeps the first 8 bytes
  'pässwörd', // UTF-8: 10 bytes, cut to 8 in the middle of nothing special
  Uint8Array.from([0xff, 0x00, 0x80, 0x7f, 0x01, 0xfe, 0x00, 0x00, 0x99]), // raw bytes, 9 long
];
const LENGTHS = [...Array.from({ length: 130 }, (_, i) => i), 183, 255, 256, 1000, 1080, 4096, 65536];

t.test('RFC 2202 HMAC-MD5 test cases (keys of at most 8 bytes), truncated to 96 bits', async (t) => {
  // Case 2: key "Jefe", data "what do ya want for nothing?"
  t.equal(Buffer.from(hmacMd5_96('Jefe', Buffer.from('what do ya want for nothing?'))).toString('hex'),
    '750c783e6ab0b503eaa86e31');
  // Case 2 again through a Uint8Array key.
  t.equal(Buffer.from(hmacMd5_96(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?'))).toString('hex'),
    '750c783e6ab0b503eaa86e31');
});

t.test('against node:crypto for several keys and message lengths', async (t) => {
  const bad: string[] = [];
  for (const key of KEYS) {
    for (const len of LENGTHS) {
      const data = randomBytes(len);
      const got = Buffer.from(hmacMd5_96(key, data)).toString('hex');
      const want = reference(key, data);
      if (got !== want) bad.push(`key ${JSON.stringify(typeof key === 'string' ? key : [...key])}, len ${len}: ${got} ≠ ${want}`);
    }
  }
  t.same(bad, [], `${KEYS.length} keys × ${LENGTHS.length} lengths`);
});

t.test('passwords longer than 8 bytes: only the first 8 count', async (t) => {
  const data = randomBytes(64);
  const icv = (p: string) => Buffer.from(hmacMd5_96(p, data)).toString('hex');
  t.equal(icv('secret12345'), icv('secret12'), '"secret12345" keys like "secret12"');
  t.equal(icv('secret12345'), icv('secret12zzz'));
  t.not(icv('secret12'), icv('secret1'), 'but "secret1" (7 bytes) differs from "secret12"');
  t.equal(keySlots().slotFor('secret12345'), keySlots().slotFor('secret12'), 'and they share one key slot');
  t.same(KeySlots.authData('secret12345'), Buffer.from('secret12'));
  t.same(KeySlots.authData('k3y'), Buffer.from('k3y\0\0\0\0\0'));
  t.same(KeySlots.authData(''), Buffer.alloc(8));
});

t.test('output buffer and size limit', async (t) => {
  const out = Buffer.alloc(20, 0xee);
  const data = randomBytes(40);
  const ret = hmacMd5_96('ahpass', data, out);
  t.equal(ret, out, 'writes into the given buffer');
  t.equal(out.subarray(0, 12).toString('hex'), reference('ahpass', data));
  t.same(out.subarray(12), Buffer.alloc(8, 0xee), 'and only 12 bytes of it');
  t.equal(hmacMd5_96('ahpass', data).length, 12, 'allocates 12 bytes otherwise');
  t.throws(() => hmacMd5_96('ahpass', Buffer.alloc(wasmModule().x.bulkSize() + 1)), RangeError);
});

t.test('keys set directly in a slot, including keys longer than the 64-byte block', async (t) => {
  // The module hashes keys longer than 64 bytes first (RFC 2104); keepalived never does this, but hmacSetKey can.
  const { x, mem } = wasmModule();
  const slot = x.keySlotCount() - 1; // the last slot: keySlots() fills from 0
  const bad: string[] = [];
  for (const keyLen of [0, 1, 8, 16, 63, 64, 65, 100]) {
    const key = randomBytes(keyLen);
    mem.set(key, x.bulkBase());
    t.equal(x.hmacSetKey(slot, x.bulkBase(), keyLen), 0, `key of ${keyLen} bytes accepted`);
    const data = randomBytes(77);
    mem.set(data, x.bulkBase());
    x.hmacMd5(slot, x.bulkBase(), data.length, x.digestBase());
    const got = Buffer.from(mem.subarray(x.digestBase(), x.digestBase() + 16)).toString('hex');
    const want = createHmac('md5', key).update(data).digest('hex');
    if (got !== want) bad.push(`key ${keyLen} bytes: ${got} ≠ ${want}`);
  }
  t.same(bad, [], 'full 128-bit HMAC-MD5 matches node:crypto');
  t.equal(x.hmacSetKey(-1, x.bulkBase(), 8), -1, 'negative slot refused');
  t.equal(x.hmacSetKey(x.keySlotCount(), x.bulkBase(), 8), -1, 'slot past the end refused');
});

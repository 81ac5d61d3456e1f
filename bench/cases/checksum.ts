// 1. RFC 1071 checksum of a 40-byte advert: the wasm facade (copy in + call), the raw export on data already in
// wasm memory, and a plain TS loop. One byte changes per iteration in every variant, as when a field is re-stamped.
import { arena } from '../../src/core/wasm/arena';
import { inetChecksum } from '../../src/core/wasm/checksum';
import { wasmModule } from '../../src/core/wasm/module';
import { inetChecksumTs } from '../baselines/checksum';
import { TsAdvertEncoder } from '../baselines/vrrp-encode';
import { assert, ip4, V3 } from '../fixtures';
import { measureGroup } from '../harness';
import { mulberry32 } from '../../test/helpers/prng';
import { timeRows, type Row } from '../report';

function selfCheck(): void {
  const rnd = mulberry32(1071);
  for (const len of [0, 1, 2, 3, 39, 40, 41, 1500]) {
    const b = Uint8Array.from({ length: len }, () => Math.floor(rnd() * 256));
    assert(inetChecksum(b) === inetChecksumTs(b), `checksum of ${len} bytes: wasm and TS agree`);
  }
}

export function checksumRows(): Row[] {
  selfCheck();
  // A 40-byte advert: VRRPv3 over IPv4 with three VIPs.
  const pkt = new Uint8Array(64);
  const len = new TsAdvertEncoder().encode(pkt, { ...V3.ts, addrs: [...V3.ts.addrs, ip4('10.77.0.105')] });
  assert(len === 40, 'the checksummed advert is 40 bytes');
  const data = pkt.subarray(0, 40);
  const { x, mem } = wasmModule();
  const ptr = arena().alloc(64);
  mem.set(data, ptr);
  assert(x.checksum(ptr, 40) === inetChecksumTs(data), 'raw export checksum');

  const [facade, raw, ts] = measureGroup([
    { label: 'wasm inetChecksum()', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) { data[38] = i; s ^= inetChecksum(data); } return s; } },
    { label: 'wasm raw x.checksum()', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) { mem[ptr + 38] = i; s ^= x.checksum(ptr, 40); } return s; } },
    { label: 'plain TS loop', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) { data[38] = i; s ^= inetChecksumTs(data); } return s; } },
  ]);
  return [
    ...timeRows('checksum 40 B: wasm inetChecksum() (copy in + call)', 'ns/op', facade, [ts]),
    ...timeRows('checksum 40 B: wasm raw x.checksum() (data in wasm memory)', 'ns/op', raw, [ts]),
  ];
}

// 2. Encode + checksums of a VRRPv3 IPv4 advert with two VIPs: the raw wasm encoder into a TX slot (VIPs staged in
// wasm memory once), AdvertV4.refresh() of a template, and a plain TS encoder into a preallocated buffer.
import { arena } from '../../src/core/wasm/arena';
import { wasmModule } from '../../src/core/wasm/module';
import { AdvertV4 } from '../../src/core/wasm/vrrp-codec';
import { TsAdvertEncoder } from '../baselines/vrrp-encode';
import { assert, V3 } from '../fixtures';
import { measureGroup } from '../harness';
import { timeRows, type Row } from '../report';

export function encodeRows(): Row[] {
  const { x, mem, dv } = wasmModule();
  const f = V3.wasm;
  const addrs = arena().alloc(4 * f.addrs.length, 4);
  f.addrs.forEach((a, i) => dv.setUint32(addrs + 4 * i, a, false));
  const tx = x.txBase();
  const encode = (ipId: number): number =>
    x.vrrpEncode4(tx, 3, f.vrid, f.priority, f.addrs.length, addrs, 0, 0, f.interval, f.src, f.dst, 255, ipId, 0, 0);
  const template = new AdvertV4(f);
  const tsOut = Buffer.alloc(2048);
  const tsFields = { ...V3.ts };
  const ts = new TsAdvertEncoder();

  const len = encode(1);
  assert(mem.subarray(tx, tx + len).equals(V3.packet), 'wasm vrrpEncode4 rebuilds the captured v3 advert');
  assert(template.view.equals(V3.packet), 'AdvertV4 rebuilds the captured v3 advert');
  assert(tsOut.subarray(0, ts.encode(tsOut, tsFields)).equals(V3.packet), 'TS encoder rebuilds the captured v3 advert');
  template.refresh(f.priority, 777);
  tsFields.ipId = 777;
  assert(template.view.equals(tsOut.subarray(0, ts.encode(tsOut, tsFields))), 'refresh() and TS encoder agree');

  const [raw, refresh, plain] = measureGroup([
    { label: 'wasm x.vrrpEncode4()', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s ^= encode(i & 0xffff); return s; } },
    { label: 'wasm AdvertV4.refresh()', loop: (n) => { for (let i = 0; i < n; i++) template.refresh(200, i & 0xffff); return template.view[11]; } },
    {
      label: 'plain TS encoder (prealloc Buffer)',
      loop: (n) => { let s = 0; for (let i = 0; i < n; i++) { tsFields.ipId = i & 0xffff; s ^= ts.encode(tsOut, tsFields); } return s ^ tsOut[11]; },
    },
  ]);
  return [
    ...timeRows('encode v3 IPv4 advert 2 VIPs: wasm x.vrrpEncode4() into TX slot', 'ns/op', raw, [plain]),
    ...timeRows('encode v3 IPv4 advert 2 VIPs: wasm AdvertV4.refresh() of template', 'ns/op', refresh, [plain]),
  ];
}

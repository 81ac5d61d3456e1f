// 4. HMAC-MD5-96 of the 64-byte ICV input of a real AH advert (v2ah.pcap, auth_pass "ahpass"): the raw wasm export
// with a key slot, the hmacMd5_96() facade, and AdvertV4.refresh() of an AH template (checksums + ICV), against
// node:crypto createHmac (truncated to 12) and a plain TS HMAC-MD5.
import { createHmac } from 'node:crypto';
import { arena } from '../../src/core/wasm/arena';
import { hmacMd5_96 } from '../../src/core/wasm/digest';
import { keySlots } from '../../src/core/wasm/key-slots';
import { wasmModule } from '../../src/core/wasm/module';
import { AdvertV4 } from '../../src/core/wasm/vrrp-codec';
import { HmacMd5Ts } from '../baselines/hmac-md5';
import { TsAdvertEncoder } from '../baselines/vrrp-encode';
import { ahIcvInput, assert, capturedIcv, V2AH } from '../fixtures';
import { measureGroup } from '../harness';
import { timeRows, type Row } from '../report';

export function nodeHmac96(key: Uint8Array, data: Uint8Array, out: Uint8Array, off = 0): void {
  createHmac('md5', key).update(data).digest().copy(out, off, 0, 12);
}

export interface AhSetup {
  input: Buffer;
  template: AdvertV4;
  tsNode: TsAdvertEncoder;
  tsPlain: TsAdvertEncoder;
}

export function ahSetup(): AhSetup {
  const tsHmac = new HmacMd5Ts(V2AH.key);
  return {
    input: ahIcvInput(V2AH.packet),
    template: new AdvertV4(V2AH.wasm),
    tsNode: new TsAdvertEncoder((d, o, off) => nodeHmac96(V2AH.key, d, o, off)),
    tsPlain: new TsAdvertEncoder((d, o, off) => tsHmac.digestInto(d, o, off, 12)),
  };
}

export function hmacRows(): Row[] {
  const { x, mem } = wasmModule();
  const { input, template, tsNode, tsPlain } = ahSetup();
  const icv = capturedIcv(V2AH.packet);
  assert(input.length === 64, 'the ICV input is 64 bytes');
  const slot = keySlots().slotFor(V2AH.pass);
  const ptr = arena().alloc(64);
  mem.set(input, ptr);
  const digest = x.digestBase();
  const out = Buffer.alloc(12);
  const tsHmac = new HmacMd5Ts(V2AH.key);

  x.hmacMd5(slot, ptr, 64, digest);
  assert(mem.subarray(digest, digest + 12).equals(icv), 'raw wasm HMAC gives the captured ICV');
  assert(Buffer.from(hmacMd5_96(V2AH.pass, input, out)).equals(icv), 'hmacMd5_96() gives the captured ICV');
  nodeHmac96(V2AH.key, input, out);
  assert(out.equals(icv), 'node:crypto gives the captured ICV');
  tsHmac.digestInto(input, out, 0, 12);
  assert(out.equals(icv), 'plain TS HMAC gives the captured ICV');
  assert(template.view.equals(V2AH.packet), 'AdvertV4 rebuilds the captured AH advert');
  const tsOut = Buffer.alloc(2048);
  const tsFields = { ...V2AH.ts };
  for (const enc of [tsNode, tsPlain]) {
    assert(tsOut.subarray(0, enc.encode(tsOut, tsFields)).equals(V2AH.packet), 'TS AH encoder rebuilds the captured advert');
  }
  template.refresh(120, 9, 5);
  tsFields.ipId = 9;
  tsFields.ahSeq = 5;
  assert(template.view.equals(tsOut.subarray(0, tsNode.encode(tsOut, tsFields))), 'AH refresh() and TS encoder agree');

  const [raw, rawCopy, facade, node, plain] = measureGroup([
    { label: 'wasm raw x.hmacMd5()', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) { x.hmacMd5(slot, ptr, 64, digest); s ^= mem[digest]; } return s; } },
    {
      label: 'wasm raw x.hmacMd5() + copy in/out',
      loop: (n) => { for (let i = 0; i < n; i++) { mem.set(input, ptr); x.hmacMd5(slot, ptr, 64, digest); mem.copy(out, 0, digest, digest + 12); } return out[0]; },
    },
    { label: 'wasm hmacMd5_96() facade', loop: (n) => { for (let i = 0; i < n; i++) hmacMd5_96(V2AH.pass, input, out); return out[0]; } },
    { label: 'node:crypto createHmac', loop: (n) => { for (let i = 0; i < n; i++) nodeHmac96(V2AH.key, input, out); return out[0]; } },
    { label: 'plain TS HMAC-MD5', loop: (n) => { for (let i = 0; i < n; i++) tsHmac.digestInto(input, out, 0, 12); return out[0]; } },
  ]);
  const [refresh, encNode, encPlain, nodeOnly] = measureGroup([
    { label: 'wasm AdvertV4.refresh()', loop: (n) => { for (let i = 0; i < n; i++) template.refresh(120, i & 0xffff, i + 1); return template.view[40]; } },
    {
      label: 'plain TS AH encoder + node:crypto createHmac',
      loop: (n) => { for (let i = 0; i < n; i++) { tsFields.ipId = i & 0xffff; tsFields.ahSeq = i + 1; tsNode.encode(tsOut, tsFields); } return tsOut[40]; },
    },
    {
      label: 'plain TS AH encoder + plain TS HMAC',
      loop: (n) => { for (let i = 0; i < n; i++) { tsFields.ipId = i & 0xffff; tsFields.ahSeq = i + 1; tsPlain.encode(tsOut, tsFields); } return tsOut[40]; },
    },
    { label: 'node:crypto createHmac alone (ICV only, no encode)', loop: (n) => { for (let i = 0; i < n; i++) nodeHmac96(V2AH.key, input, out); return out[0]; } },
  ]);
  return [
    ...timeRows('hmac-md5-96 64 B: wasm raw x.hmacMd5() (key slot, data in wasm memory)', 'ns/op', raw, [node, plain]),
    ...timeRows('hmac-md5-96 64 B: wasm raw x.hmacMd5() + copy in/out', 'ns/op', rawCopy, [node, plain]),
    ...timeRows('hmac-md5-96 64 B: wasm hmacMd5_96(pass, data, out) facade', 'ns/op', facade, [node, plain]),
    ...timeRows('AH advert v2 refresh (checksums + ICV): wasm AdvertV4.refresh()', 'ns/op', refresh, [encNode, encPlain, nodeOnly]),
  ];
}

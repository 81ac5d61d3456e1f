// 3. Decode + validate received adverts (real keepalived frames) and read a few fields: wasm decodeV4() with an
// expectation vs a plain TS decoder running the same checks into a reused result object. The AH frame adds the ICV
// check (wasm HMAC vs node:crypto / plain TS HMAC in the TS decoder).
import { createHmac } from 'node:crypto';
import { keySlots } from '../../src/core/wasm/key-slots';
import { M } from '../../src/core/wasm/module';
import { decoded, decodeV4, decodeV4At, receiveSlots, type Expectation } from '../../src/core/wasm/vrrp-codec';
import { HmacMd5Ts } from '../baselines/hmac-md5';
import { decodeV4Ts, TsDecoded, type TsExpectation } from '../baselines/vrrp-decode';
import { assert, V2AH, V2PASS, V3 } from '../fixtures';
import { measureGroup, type Loop } from '../harness';
import { timeRows, type Row } from '../report';

export interface DecodeSetup {
  name: string;
  packet: Buffer;
  wasm: Expectation;
  ts: TsExpectation;
}

const nodeIcv = (key: Uint8Array) => (input: Uint8Array, out: Uint8Array, off: number): void => {
  createHmac('md5', key).update(input).digest().copy(out, off, 0, 12);
};

const tsIcv = (key: Uint8Array) => {
  const h = new HmacMd5Ts(key);
  return (input: Uint8Array, out: Uint8Array, off: number): void => h.digestInto(input, out, off, 12);
};

export function decodeSetups(): { v3: DecodeSetup; pass: DecodeSetup; ah: DecodeSetup; ahTsHmac: TsExpectation } {
  const v3: DecodeSetup = {
    name: 'v3v4.pcap',
    packet: V3.packet,
    wasm: { mode: M.MULTICAST, version: 3, vrid: 53, authType: 0, interval: 50, naddr: 2, keySlot: -1, lastSeq: 0 },
    ts: { mode: M.MULTICAST, version: 3, vrid: 53, authType: 0, interval: 50, naddr: 2, authData: null, icv: null },
  };
  const pass: DecodeSetup = {
    name: 'v2pass.pcap',
    packet: V2PASS.packet,
    wasm: { mode: M.MULTICAST, version: 2, vrid: 51, authType: 1, interval: 1, naddr: 2, keySlot: keySlots().slotFor(V2PASS.pass), lastSeq: 0 },
    ts: { mode: M.MULTICAST, version: 2, vrid: 51, authType: 1, interval: 1, naddr: 2, authData: V2PASS.authData, icv: null },
  };
  const ah: DecodeSetup = {
    name: 'v2ah.pcap',
    packet: V2AH.packet,
    wasm: { mode: M.MULTICAST, version: 2, vrid: 52, authType: 2, interval: 1, naddr: 1, keySlot: keySlots().slotFor(V2AH.pass), lastSeq: 0 },
    ts: { mode: M.MULTICAST, version: 2, vrid: 52, authType: 2, interval: 1, naddr: 1, authData: null, icv: nodeIcv(V2AH.key) },
  };
  return { v3, pass, ah, ahTsHmac: { ...ah.ts, icv: tsIcv(V2AH.key) } };
}

/** The wasm decode loop: decode, then read the fields a VRRP instance acts on. */
export const wasmDecodeLoop = (packet: Buffer, e: Expectation): Loop => (n) => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = decodeV4(packet, e);
    s = (s + r + decoded.priority + decoded.vrid + decoded.naddr + decoded.interval + decoded.flags + decoded.addr4(0)) | 0;
  }
  return s;
};

/** The receive path with the addon: the packet is already in a wasm receive slot (recvmmsg wrote it there). */
export const wasmDecodeInPlaceLoop = (packet: Buffer, e: Expectation): Loop => {
  const slots = receiveSlots();
  packet.copy(slots.area, 0);
  const ptr = slots.ptr(0);
  return (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = decodeV4At(ptr, packet.length, e);
      s = (s + r + decoded.priority + decoded.vrid + decoded.naddr + decoded.interval + decoded.flags + decoded.addr4(0)) | 0;
    }
    return s;
  };
};

export const tsDecodeLoop = (packet: Buffer, e: TsExpectation): Loop => {
  const out = new TsDecoded();
  return (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const r = decodeV4Ts(packet, e, out);
      s = (s + r + out.priority + out.vrid + out.naddr + out.interval + out.flags + ((packet[out.addrOffset] << 24) | (packet[out.addrOffset + 1] << 16) | (packet[out.addrOffset + 2] << 8) | packet[out.addrOffset + 3])) | 0;
    }
    return s;
  };
};

/** Both decoders accept the capture with the same fields, and reject the same corruptions for the same reason. */
function selfCheck(d: DecodeSetup, extra: TsExpectation[] = []): void {
  const check = (pkt: Buffer, what: string): void => {
    const w = decodeV4(pkt, d.wasm);
    for (const e of [d.ts, ...extra]) {
      const out = new TsDecoded();
      const t = decodeV4Ts(pkt, e, out);
      assert(w === t, `${d.name} ${what}: wasm reason ${w} = TS reason ${t}`);
      if (w === 0) {
        assert(decoded.priority === out.priority && decoded.vrid === out.vrid && decoded.naddr === out.naddr
          && decoded.interval === out.interval && decoded.flags === out.flags, `${d.name} ${what}: fields agree`);
      }
    }
  };
  check(d.packet, 'as captured');
  assert(decodeV4(d.packet, d.wasm) === 0, `${d.name} is accepted`);
  const mutate = (off: number, v: number, what: string): void => {
    const p = Buffer.from(d.packet);
    p[off] = v;
    check(p, what);
  };
  mutate(8, 254, 'TTL 254');
  mutate(d.packet.length - 1, d.packet[d.packet.length - 1] ^ 1, 'last byte flipped');
  mutate(d.packet[9] === 51 ? 40 : 26, 0, 'checksum / ICV byte changed');
  check(d.packet.subarray(0, d.packet.length - 4), 'truncated');
}

export function decodeRows(): Row[] {
  const { v3, pass, ah, ahTsHmac } = decodeSetups();
  selfCheck(v3);
  selfCheck(pass);
  selfCheck(ah, [ahTsHmac]);
  const rows: Row[] = [];
  for (const d of [v3, pass]) {
    const [w, wi, t] = measureGroup([
      { label: 'wasm decodeV4()', loop: wasmDecodeLoop(d.packet, d.wasm) },
      { label: 'wasm decodeV4At() in a receive slot', loop: wasmDecodeInPlaceLoop(d.packet, d.wasm) },
      { label: 'plain TS decoder (reused result object)', loop: tsDecodeLoop(d.packet, d.ts) },
    ]);
    rows.push(...timeRows(`decode+validate ${d.name} advert + field reads: wasm decodeV4() (copy in)`, 'ns/op', w, [t]));
    rows.push(...timeRows(`decode+validate ${d.name} advert + field reads: wasm decodeV4At() (already in a receive slot)`, 'ns/op', wi, [t]));
  }
  const [w, tn, tt] = measureGroup([
    { label: 'wasm decodeV4()', loop: wasmDecodeLoop(ah.packet, ah.wasm) },
    { label: 'plain TS decoder + node:crypto createHmac', loop: tsDecodeLoop(ah.packet, ah.ts) },
    { label: 'plain TS decoder + plain TS HMAC-MD5', loop: tsDecodeLoop(ah.packet, ahTsHmac) },
  ]);
  rows.push(...timeRows('decode+validate v2ah.pcap advert incl. ICV check: wasm decodeV4()', 'ns/op', w, [tn, tt]));
  return rows;
}

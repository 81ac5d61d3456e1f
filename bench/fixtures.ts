// The packets and settings every case shares: real keepalived adverts from the fixture captures and the fields
// that rebuild them byte for byte.
import { KeySlots } from '../src/core/wasm/key-slots';
import type { AdvertV4Fields } from '../src/core/wasm/vrrp-codec';
import type { TsAdvertV4 } from './baselines/vrrp-encode';
import { firstAdvert } from './pcap';

export const ip4 = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

export const SRC = ip4('10.77.0.1');
export const MCAST = ip4('224.0.0.18');

const V3_ADDRS = [ip4('10.77.0.103'), ip4('10.77.0.104')];
const v3Wasm: AdvertV4Fields = {
  version: 3, vrid: 53, priority: 200, addrs: V3_ADDRS, authType: 0, interval: 50, src: SRC, dst: MCAST, ttl: 255,
  ipId: 1,
};
const v3Ts: TsAdvertV4 = {
  version: 3, vrid: 53, priority: 200, addrs: V3_ADDRS, authType: 0, authData: undefined, interval: 50, src: SRC,
  dst: MCAST, ttl: 255, ipId: 1, ahSeq: 0,
};

/** v3v4.pcap: VRRPv3, VRID 53, priority 200, 50 cs, two VIPs. */
export const V3 = { packet: firstAdvert('v3v4.pcap'), wasm: v3Wasm, ts: v3Ts };

/** v2pass.pcap: VRRPv2, VRID 51, PASS secret1, two VIPs. */
export const V2PASS = {
  packet: firstAdvert('v2pass.pcap'),
  pass: 'secret1',
  authData: KeySlots.authData('secret1'),
};

/** v2ah.pcap: VRRPv2 with AH, VRID 52, priority 120, auth_pass ahpass, one VIP. */
const ahWasm: AdvertV4Fields = {
  version: 2, vrid: 52, priority: 120, addrs: [ip4('10.77.0.102')], authType: 2, authPass: 'ahpass', interval: 1,
  src: SRC, dst: MCAST, ttl: 255, ipId: 1, ahSeq: 1,
};
const ahTs: TsAdvertV4 = {
  version: 2, vrid: 52, priority: 120, addrs: [ip4('10.77.0.102')], authType: 2, authData: KeySlots.authData('ahpass'),
  interval: 1, src: SRC, dst: MCAST, ttl: 255, ipId: 1, ahSeq: 1,
};

export const V2AH = { packet: firstAdvert('v2ah.pcap'), pass: 'ahpass', key: KeySlots.authData('ahpass'), wasm: ahWasm, ts: ahTs };

/** The 64-byte HMAC input keepalived computes the AH ICV over (mutable fields and ICV zeroed; multicast keeps TTL). */
export function ahIcvInput(packet: Buffer): Buffer {
  const s = Buffer.from(packet);
  s[1] = 0;
  s.writeUInt16BE(0, 6);
  s.writeUInt16BE(0, 10);
  s.fill(0, 20 + 12, 20 + 24);
  return s;
}

/** The 12-byte ICV the capture carries. */
export const capturedIcv = (packet: Buffer): Buffer => packet.subarray(32, 44);

export function assert(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(`bench self-check failed: ${what}`);
}

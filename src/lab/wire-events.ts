// What the observer saw on the segment, one event per frame that matters for a failover: VRRP adverts (IPv4, IPv4
// inside AH, IPv6) and the announcements of an address's new owner (gratuitous ARP, unsolicited neighbour advert).
// Senders are told apart by source MAC, which is each node's eth0 (no VMAC in these labs).
import type { PcapRecord } from './pcap-records';

export interface AdvertEvent {
  kind: 'advert';
  timeUs: number;
  srcMac: string;
  /** IP source: the node address (IPv4, IPv6 unicast) or its fe80:: address (IPv6 multicast). */
  src: string;
  dst: string;
  version: number;
  vrid: number;
  priority: number;
  /** Advert interval in seconds (v2 whole seconds, v3 centiseconds on the wire). */
  intervalS: number;
  /** IP TTL or hop limit. */
  ttl: number;
  /** IP protocol 51: the advert came inside an AH header. */
  ah: boolean;
  /** v2 auth type field (0 for v3). */
  authType: number;
}

export interface AnnounceEvent {
  kind: 'garp' | 'na';
  timeUs: number;
  srcMac: string;
  /** The address announced. */
  address: string;
}

export type WireEvent = AdvertEvent | AnnounceEvent;

const mac = (b: Buffer, off: number): string =>
  Array.from(b.subarray(off, off + 6), (x) => x.toString(16).padStart(2, '0')).join(':');

const ipv4 = (b: Buffer, off: number): string => `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;

/** The compressed text form of 16 bytes (RFC 5952: longest run of zero groups, the first if tied). */
export function ipv6Text(b: Buffer, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(b.readUInt16BE(off + 2 * i));
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = (xs: number[]): string => xs.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}

function vrrp(rec: PcapRecord, srcMac: string, src: string, dst: string, ttl: number, ah: boolean, b: Buffer, off: number): AdvertEvent | undefined {
  if (b.length < off + 8 || (b[off] & 0x0f) !== 1) return undefined;
  const version = b[off] >> 4;
  const intervalS = version === 3 ? (b.readUInt16BE(off + 4) & 0x0fff) / 100 : b[off + 5];
  return {
    kind: 'advert', timeUs: rec.timeUs, srcMac, src, dst, version, vrid: b[off + 1], priority: b[off + 2],
    intervalS, ttl, ah, authType: version === 2 ? b[off + 4] : 0,
  };
}

/** The event a captured Ethernet frame carries, if any. */
export function wireEvent(rec: PcapRecord): WireEvent | undefined {
  const b = rec.data;
  if (b.length < 14) return undefined;
  const srcMac = mac(b, 6);
  const type = b.readUInt16BE(12);
  if (type === 0x0806 && b.length >= 42 && b.readUInt16BE(20) === 1 && b.readUInt32BE(28) === b.readUInt32BE(38)) {
    return { kind: 'garp', timeUs: rec.timeUs, srcMac, address: ipv4(b, 28) };
  }
  if (type === 0x0800 && b.length >= 34) {
    const ihl = (b[14] & 0x0f) * 4;
    const proto = b[23];
    const src = ipv4(b, 26);
    const dst = ipv4(b, 30);
    if (proto === 112) return vrrp(rec, srcMac, src, dst, b[22], false, b, 14 + ihl);
    if (proto === 51 && b.length >= 14 + ihl + 24 && b[14 + ihl] === 112) {
      const ahLen = (b[14 + ihl + 1] + 2) * 4;
      return vrrp(rec, srcMac, src, dst, b[22], true, b, 14 + ihl + ahLen);
    }
    return undefined;
  }
  if (type === 0x86dd && b.length >= 54) {
    const next = b[20];
    const src = ipv6Text(b, 22);
    const dst = ipv6Text(b, 38);
    if (next === 112) return vrrp(rec, srcMac, src, dst, b[21], false, b, 54);
    if (next === 58 && b.length >= 78 && b[54] === 136) return { kind: 'na', timeUs: rec.timeUs, srcMac, address: ipv6Text(b, 62) };
  }
  return undefined;
}

/** The events of a list of records, in capture order. */
export function wireEvents(records: PcapRecord[]): WireEvent[] {
  const out: WireEvent[] = [];
  for (const r of records) {
    const e = wireEvent(r);
    if (e) out.push(e);
  }
  return out;
}

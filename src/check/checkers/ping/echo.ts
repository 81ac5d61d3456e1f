// The ICMP / ICMPv6 echo PING_CHECK sends (check_ping.c): an 8-byte header and keepalived's 128-byte filler, and
// the test of a reply: an echo reply (type 0 / 129) with our identifier and sequence. keepalived uses ping
// sockets, where the kernel picks the identifier; over a raw socket we pick it and filter on it ourselves.
import { inetChecksum } from '../../../core/wasm/checksum';
import { keepalivedFiller } from '../udp/reply-match';

export const ICMP_PAYLOAD_BYTES = 128;

export function buildEcho(family: 4 | 6, id: number, seq: number): Buffer {
  const pkt = Buffer.alloc(8 + ICMP_PAYLOAD_BYTES);
  pkt[0] = family === 4 ? 8 : 128;
  pkt.writeUInt16BE(id & 0xffff, 4);
  pkt.writeUInt16BE(seq & 0xffff, 6);
  keepalivedFiller(ICMP_PAYLOAD_BYTES).copy(pkt, 8);
  // The kernel fills in the ICMPv6 checksum of a raw ICMPv6 socket (it needs the pseudo-header).
  if (family === 4) pkt.writeUInt16BE(inetChecksum(pkt), 2);
  return pkt;
}

/**
 * Whether a received packet is the reply to (id, seq). IPv4 raw sockets deliver the IP header too; IPv6 ones start
 * at the ICMPv6 header.
 */
export function isEchoReply(family: 4 | 6, packet: Uint8Array, id: number, seq: number): boolean {
  let off = 0;
  if (family === 4) {
    if (packet.length < 20) return false;
    off = (packet[0]! & 0x0f) * 4;
  }
  if (packet.length < off + 8) return false;
  if (packet[off] !== (family === 4 ? 0 : 129)) return false;
  const rid = (packet[off + 4]! << 8) | packet[off + 5]!;
  const rseq = (packet[off + 6]! << 8) | packet[off + 7]!;
  return rid === (id & 0xffff) && rseq === (seq & 0xffff);
}

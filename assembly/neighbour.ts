// The frames keepalived sends to move a VIP: a gratuitous ARP request (IPv4) and an unsolicited neighbour
// advertisement from the VIP itself (IPv6), both as whole Ethernet frames for an AF_PACKET socket.
import { finish, storeBE16, storeBE32, sumBytes, sumPseudo6 } from "./checksum";

export const GARP_LEN: i32 = 42;
export const NA_LEN: i32 = 86;
const PROTO_ICMPV6: u32 = 58;
const ALL_NODES: usize = memory.data<u8>([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

function copyMac(dst: usize, mac: usize): void {
  store<u32>(dst, load<u32>(mac));
  store<u16>(dst + 4, load<u16>(mac + 4));
}

/** Gratuitous ARP: broadcast ARP request, sender = target = VIP, target MAC ff:ff:ff:ff:ff:ff (as keepalived). */
export function garpBuild(out: usize, macPtr: usize, vip: u32): i32 {
  store<u32>(out, 0xffffffff);
  store<u16>(out + 4, 0xffff);
  copyMac(out + 6, macPtr);
  storeBE16(out + 12, 0x0806);
  storeBE16(out + 14, 1); // htype Ethernet
  storeBE16(out + 16, 0x0800); // ptype IPv4
  store<u8>(out + 18, 6);
  store<u8>(out + 19, 4);
  storeBE16(out + 20, 1); // op request
  copyMac(out + 22, macPtr);
  storeBE32(out + 28, vip);
  store<u32>(out + 32, 0xffffffff);
  store<u16>(out + 36, 0xffff);
  storeBE32(out + 38, vip);
  return GARP_LEN;
}

/**
 * Unsolicited NA (RFC 4861 §7.2.6) from the VIP to ff02::1, hop limit 255, Override set (Router too when the
 * interface forwards), with the Target Link-Layer Address option.
 */
export function naBuild(out: usize, macPtr: usize, vipPtr: usize, router: i32): i32 {
  store<u32>(out, 0x00003333); // 33:33:00:00:00:01
  storeBE16(out + 4, 0x0001);
  copyMac(out + 6, macPtr);
  storeBE16(out + 12, 0x86dd);
  const ip = out + 14;
  storeBE32(ip, 0x60000000);
  storeBE16(ip + 4, 32);
  store<u8>(ip + 6, <u8>PROTO_ICMPV6);
  store<u8>(ip + 7, 255);
  memory.copy(ip + 8, vipPtr, 16);
  memory.copy(ip + 24, ALL_NODES, 16);
  const icmp = ip + 40;
  store<u8>(icmp, 136);
  store<u8>(icmp + 1, 0);
  store<u16>(icmp + 2, 0);
  storeBE32(icmp + 4, router ? 0xa0000000 : 0x20000000);
  memory.copy(icmp + 8, vipPtr, 16);
  store<u8>(icmp + 24, 2); // Target Link-Layer Address
  store<u8>(icmp + 25, 1);
  copyMac(icmp + 26, macPtr);
  storeBE16(icmp + 2, finish(sumBytes(icmp, 32, sumPseudo6(ip + 8, ip + 24, PROTO_ICMPV6, 32, 0))));
  return NA_LEN;
}

// The IPv4 header keepalived builds itself (IP_HDRINCL): version 4, IHL 5, TOS 0xc0, no DF, TTL, protocol.
import { checksum, storeBE16, storeBE32 } from "./checksum";

export const IPV4_HDR_LEN: i32 = 20;
export const TOS_CS6: u32 = 0xc0;

export function writeIpv4Header(out: usize, totalLen: i32, id: u32, ttl: u32, proto: u32, src: u32, dst: u32): void {
  store<u8>(out, 0x45);
  store<u8>(out + 1, <u8>TOS_CS6);
  storeBE16(out + 2, totalLen);
  storeBE16(out + 4, id);
  store<u16>(out + 6, 0); // no DF, no fragment offset
  store<u8>(out + 8, <u8>ttl);
  store<u8>(out + 9, <u8>proto);
  store<u16>(out + 10, 0);
  storeBE32(out + 12, src);
  storeBE32(out + 16, dst);
  setIpv4HeaderChecksum(out);
}

/** The kernel fills this on send anyway; we fill it too so a built packet is complete and comparable. */
export function setIpv4HeaderChecksum(ip: usize): void {
  store<u16>(ip + 10, 0);
  const ihl = (<i32>load<u8>(ip) & 0x0f) << 2;
  storeBE16(ip + 10, checksum(ip, ihl));
}

// @ts-ignore: decorator
@inline export function isIpv4Multicast(addr: u32): bool {
  return (addr >>> 28) == 0xe;
}

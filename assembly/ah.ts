// IPsec AH for VRRPv2 as keepalived does it (RFC 2402 framing; keepalived-specific key use): SPI = sender's IPv4
// address, HMAC-MD5-96 over the IP header with its mutable fields zeroed, the AH header with a zero ICV, and the
// VRRP packet.
import { hmacMd5 } from "./hmac";
import { AH_SCRATCH, DIGEST } from "./memory-map";
import { AH_ICV_LEN, AH_ICV_OFF } from "./vrrp-consts";

/**
 * Computes the 96-bit ICV of the IPv4 packet at ip (IP header, AH at ahOff, VRRP after it) into DIGEST.
 * Mutable fields zeroed (RFC 2402 §3.3.3.1.1.1): TOS, fragment field, header checksum; TTL too when the packet is
 * unicast, which is what keepalived does (a multicast advert keeps TTL 255 in the ICV input).
 */
export function ahComputeIcv(ip: usize, len: i32, ahOff: i32, keySlot: i32, zeroTtl: bool): void {
  const s = AH_SCRATCH;
  memory.copy(s, ip, len);
  store<u8>(s + 1, 0);
  store<u16>(s + 6, 0);
  if (zeroTtl) store<u8>(s + 8, 0);
  store<u16>(s + 10, 0);
  memory.fill(s + ahOff + AH_ICV_OFF, 0, AH_ICV_LEN);
  hmacMd5(keySlot, s, len, DIGEST);
}

/** True when the ICV carried in the packet equals the one computed into DIGEST (constant time). */
export function ahIcvMatches(ip: usize, ahOff: i32): bool {
  const icv = ip + ahOff + AH_ICV_OFF;
  const diff = (load<u64>(icv) ^ load<u64>(DIGEST)) | <u64>(load<u32>(icv, 8) ^ load<u32>(DIGEST, 8));
  return diff == 0;
}
